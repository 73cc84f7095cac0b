"""Telnet's commands about people that the gateway carries out itself, for they need the
connection's own state (idle time, ``@doing``, whom it watches for): ``WHO``, ``wf``, ``away``,
``back`` and ``@doing``, with the words of a friend list.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from boudoir.domain.entities import Status
from boudoir.domain.intents import SetStatus
from boudoir.domain.names import name_key
from boudoir.wire.telnet.commands.spec import Doc, Spec
from boudoir.wire.telnet.replies.presence import status_text

MAX_DOING: Final = 60
"""Characters of ``@doing``: one cell of a WHO line on an 80-column window."""

WHO: Final = Doc(
    "WHO",
    "WHO [<name prefix>]",
    """Who is online that you may see, with how long each has been idle (telnet users) and \
what they are doing (@doing) or their status. People who hide their presence from you, or who \
block you, are not listed.""",
    aliases=("+who",),
    topic="social",
)
WF: Final = Doc(
    "wf",
    "wf   wf/add <name>   wf/remove <name>   wf/on   wf/off",
    """Watch for friends: "wf" lists your friends who are online; "wf/add" and "wf/remove" \
change your friend list (friends see your presence if you show it to friends, and may page you \
if you accept pages from friends); you are told "[wf] Bob has connected." when a friend comes \
or goes, unless you turn that off with "wf/off".""",
    aliases=("+wf", "watchfor"),
    topic="social",
    switches=("add", "remove", "on", "off"),
)
DOING: Final = Doc(
    "@doing",
    "@doing [<text>]",
    f"""A short line (at most {MAX_DOING} characters) shown beside your name in WHO while you \
are connected. "@doing" alone clears it.""",
    aliases=("doing",),
    topic="social",
)
STATUS_SPECS: Final = (
    Spec(
        "away",
        usage="away [<message>]",
        help="""Mark yourself away, with an optional message shown in WHO, +finger and to \
friends who watch for you. "back" undoes it.""",
        parse=lambda line: SetStatus(Status.AWAY, line.args.strip()),
        aliases=("+away",),
        topic="social",
    ),
    Spec(
        "back",
        usage="back",
        help="Mark yourself back (online) after away.",
        parse=lambda line: SetStatus(Status.ONLINE),
        aliases=("+back",),
        topic="social",
    ),
)
"""Run at once by the gateway (GMCP clients then learn the status before the words)."""


def friends_text(
    friends: Iterable[str], online: Mapping[str, tuple[str, Status, str]], alerts: bool
) -> str:
    """``wf``: one's friends online (``online``: name key -> name, status, message), the
    others, and whether alerts are off."""
    here = []
    away = []
    for name in sorted(friends, key=name_key):
        person = online.get(name_key(name))
        if person is None:
            away.append(name)
            continue
        shown, status, message = person
        text = status_text(status, message)
        here.append(f"{shown} ({text})" if text else shown)
    lines = ["Friends online: " + (", ".join(here) if here else "none") + "."]
    if away:
        lines.append("Not online, or not showing it to you: " + ", ".join(away) + ".")
    if not alerts:
        lines.append('Friend alerts are off ("wf/on" to turn them on).')
    return "\n".join(lines)
