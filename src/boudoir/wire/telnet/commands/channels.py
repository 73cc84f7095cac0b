"""Channels, the MUCK comsys way: the words of ``addcom``, ``delcom``, ``comlist``, ``+pub``,
``+channels`` and a line spoken on an alias, and how such a line is read. The aliases are the
connection's own, so the gateway carries these commands out itself.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.events import MessageKind
from boudoir.wire.telnet.commands.spec import Doc

PUBLIC_ROOM: Final = "public"
"""The server's public channel (``+pub``), created by the first person who speaks on it."""
PUBLIC_ALIAS: Final = "pub"
MAX_ALIASES: Final = 30
"""Aliases one connection keeps: more channels than anyone follows, and a bound on the dict
(the core separately bounds the rooms one connection is in)."""
MAX_ALIAS_LENGTH: Final = 16
"""An alias is typed before every line: short, like FuzzBall's ``pub`` or ``rp``."""
WHO_WORD: Final = "who"
"""``pub who`` lists who is on the channel (comsys), rather than saying "who"."""


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` cannot name a channel, or None when it can: one word of letters, digits,
    ``-`` or ``_`` (a command word is the gateway's to refuse)."""
    if not alias:
        return "An alias needs at least one character."
    if len(alias) > MAX_ALIAS_LENGTH:
        return f"An alias is at most {MAX_ALIAS_LENGTH} characters."
    if not all(c.isalnum() or c in "-_" for c in alias) or not alias[0].isalnum():
        return "An alias is one word of letters and digits (and - or _)."
    return None


def channel_kind(text: str) -> tuple[MessageKind, str]:
    """``:waves`` poses, ``;'s`` semiposes, the rest is said (the room speech prefixes)."""
    if text.startswith(":"):
        return MessageKind.POSE, text[1:].lstrip()
    if text.startswith(";"):
        return MessageKind.POSE, text[1:]
    return MessageKind.SAY, text


CHANNEL_LINE: Final = Doc(
    "<alias>",
    "<alias> <message>   <alias> :<action>   <alias> who",
    "Speak on a channel you added with addcom.",
    topic="channels",
)
ADDCOM: Final = Doc(
    "addcom",
    "addcom <alias>=<room>",
    """Follow a public room as a channel, from wherever you are: "addcom rp=Tavern" joins \
Tavern, and "rp Hello!" speaks there ("rp :waves" poses). The room's own rules (rating, key, \
bans) apply. "+channels" lists the rooms you may join.""",
    topic="channels",
)
DELCOM: Final = Doc(
    "delcom",
    "delcom <alias>",
    """Stop following a channel: forgets the alias and leaves the room, unless you stand in it \
or another alias names it.""",
    topic="channels",
)
COMLIST: Final = Doc(
    "comlist", "comlist", "List your channel aliases and the rooms they name.", topic="channels"
)
PLUS_PUB: Final = Doc(
    "+pub",
    "+pub <message>   +pub :<action>",
    f"""Speak on the server's public channel ("{PUBLIC_ROOM}", #{PUBLIC_ROOM} on IRC), joining \
it first if you are not on it; it is then your "{PUBLIC_ALIAS}" channel.""",
    topic="channels",
)
PLUS_CHANNELS: Final = Doc(
    "+channels",
    "+channels",
    "The public rooms you may join as channels, with how many people are on each.",
    aliases=("@channels", "+chanlist"),
    topic="channels",
)
