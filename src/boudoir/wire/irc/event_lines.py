"""The pieces of IRC lines for events: masks, channel names, message tags by variant, and
message text split to fit the 512-byte line, for ``render_events``.

A tag variant is the set of message tags a client asked for (IRCv3 server-time, message-tags,
account-tag), as bits (``tag_mask``): the bytes of a room or direct message depend on it alone.

Names on the wire: a character is ``name!rp@cloaked`` (no address or account is ever shown),
a room is ``#name``. Imports the standard library, ``boudoir.domain`` and ``wire.irc`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from boudoir.domain.events import ClientTags, MessageKind
from boudoir.domain.text import balance_bidi, bidi_openers
from boudoir.domain.times import utc_millis as server_time
from boudoir.wire.irc.masks import HOST as HOST
from boudoir.wire.irc.masks import USER as USER
from boudoir.wire.irc.masks import channel as channel
from boudoir.wire.irc.message import Message, escape_tag_value

SERVICE_MASK: Final = "NickServ!services@services"

MAX_LINE: Final = 512
"""Modern IRC: a line is at most 512 bytes with CR LF, not counting tags."""

# Tag variant bits, from the client's capabilities.
TAG_TIME: Final = 1
TAG_MSGID: Final = 2
TAG_ACCOUNT: Final = 4
SEAL_TAG: Final = "boudoir.chat/seal"
"""The server's seal of a message (``core.seals``), for clients with message-tags."""


def tag_mask(caps: set[str] | frozenset[str]) -> int:
    mask = 0
    if "server-time" in caps:
        mask |= TAG_TIME
    if "message-tags" in caps:
        mask |= TAG_MSGID
    if "account-tag" in caps:
        mask |= TAG_ACCOUNT
    return mask


def mask_of(name: str) -> str:
    return f"{name}!{USER}@{HOST}"


def hidden_topic(room_name: str) -> str:
    """What stands for a topic set by someone the viewer blocks (``core.authored``), with the
    command that reads it (docs/irc.md, "Rooms and messages")."""
    name = channel(room_name)
    return f"[hidden: set by someone you block] /quote REVEAL {name} TOPIC shows it"


def tags_prefix(
    mask: int,
    at: dt.datetime,
    msgid: str,
    account: str | None,
    client_tags: ClientTags = (),
    seal: str = "",
) -> str:
    """The ``@...`` section (with its trailing space) for a variant; empty when no tags.
    Client-only tags go to clients with message-tags, as the others cannot read them."""
    parts = []
    if mask & TAG_MSGID:
        for name, value in client_tags:
            parts.append(f"{name}={escape_tag_value(value)}" if value else name)
    if mask & TAG_TIME:
        parts.append("time=" + server_time(at))
    if mask & TAG_MSGID and msgid:
        parts.append("msgid=" + escape_tag_value(msgid))
    if mask & TAG_ACCOUNT and account:
        parts.append("account=" + escape_tag_value(account))
    if mask & TAG_MSGID and seal:
        # Proof of delivery for reports (docs/irc.md, "Reports"): base64url, nothing to escape.
        parts.append(SEAL_TAG + "=" + seal)
    return "@" + ";".join(parts) + " " if parts else ""


def split_text(text: str, budget: int) -> list[str]:
    """Split message text into pieces that each fit ``budget`` bytes of UTF-8, at line breaks
    first and then at spaces where possible, never inside a character. Empty lines are kept
    as a single space so that a blank line of a pose still shows as one."""
    if "\n" not in text and len(text) * 4 <= budget and text:
        return [text]  # the usual case: one short line (4 bytes per character at most)
    # Each piece is a line of its own: bidi controls left open at a cut are closed there
    # (``balance_bidi``), in room kept for their closers.
    closers = 3 * bidi_openers(text)
    budget = max(budget - closers, budget // 2)
    pieces: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line:
            pieces.append(" ")
            continue
        data = line.encode()
        while len(data) > budget:
            cut = budget
            while cut > 0 and (data[cut] & 0xC0) == 0x80:
                cut -= 1  # back off to a character boundary
            space = data.rfind(b" ", budget // 2, cut)
            if space > 0:
                cut = space
            pieces.append(data[:cut].decode())
            data = data[cut:].lstrip(b" ")
        if data:
            pieces.append(data.decode())
    if closers:
        pieces = [balance_bidi(p) for p in pieces]
    return pieces or [" "]


def text_lines(
    prefix: str, text: str, *, action: bool = False, wrap: tuple[str, str] = ("", "")
) -> list[str]:
    """``prefix`` (``:src PRIVMSG target :``) followed by ``text``, split into lines that fit
    the 512-byte limit. ``action`` wraps each piece in CTCP ACTION; ``wrap`` adds text around
    each piece (out-of-character ``((...))``)."""
    overhead = len(prefix.encode()) + 2
    if not action and not wrap[0] and not wrap[1]:
        # The usual line: one short piece, as ``split_text`` finds it, with nothing around it.
        budget = max(MAX_LINE - overhead, 32)
        if "\n" not in text and len(text) * 4 <= budget and text:
            return [prefix + text + "\r\n"]
        return [f"{prefix}{p}\r\n" for p in split_text(text, budget)]
    overhead += len(wrap[0].encode()) + len(wrap[1].encode())
    if action:
        overhead += len("\x01ACTION \x01")
    pieces = split_text(text, max(MAX_LINE - overhead, 32))
    if action:
        return [f"{prefix}\x01ACTION {wrap[0]}{p}{wrap[1]}\x01\r\n" for p in pieces]
    return [f"{prefix}{wrap[0]}{p}{wrap[1]}\r\n" for p in pieces]


EMIT_MARK = "[emit] "
"""Before an emit's text on IRC: ``<Alice> [emit] The wind howls.``"""


_SAY: Final = MessageKind.SAY


def message_lines(
    source: str, command: str, target: str, kind: MessageKind, text: str
) -> list[str]:
    """The lines (without tags) of one message of ``kind`` from ``source`` to ``target``."""
    if kind is _SAY:  # nearly every message: first, and a module global, not an enum lookup
        return text_lines(f":{source} {command} {target} :", text)
    if kind is MessageKind.NOTICE:
        return text_lines(f":{source} NOTICE {target} :", text)
    if kind is MessageKind.POSE:
        return text_lines(f":{source} {command} {target} :", text, action=True)
    if kind is MessageKind.OOC:
        return text_lines(f":{source} {command} {target} :", text, wrap=("((", "))"))
    if kind is MessageKind.WHISPER:
        return text_lines(f":{source} NOTICE {target} :", text, wrap=("(whispers) ", ""))
    if kind is MessageKind.EMIT:
        # Narration without a name, kept attributable: a PRIVMSG from the emitter (every client
        # shows the source nick) marked so it is not read as their own words (docs/irc.md).
        return text_lines(f":{source} {command} {target} :", text, wrap=(EMIT_MARK, ""))
    return text_lines(f":{source} {command} {target} :", text)


def with_tags(lines: list[str], tags: str, msgid: str, mask: int) -> bytes:
    if not tags:
        return "".join(lines).encode()
    if len(lines) == 1:
        return (tags + lines[0]).encode()
    # Every line of a split message gets its own msgid: IRCv3 msgids are unique per line.
    out = [tags + lines[0]]
    for number, line in enumerate(lines[1:], start=1):
        if mask & TAG_MSGID:
            out.append(tags.replace(f"msgid={msgid}", f"msgid={msgid}-{number}", 1) + line)
        else:
            out.append(tags + line)
    return "".join(out).encode()


def time_tags(mask: int, at: dt.datetime) -> dict[str, str]:
    """The ``time`` tag (IRCv3 server-time) for a client whose tag variant has it."""
    return {"time": server_time(at)} if mask & TAG_TIME else {}


def notices(source: str, target: str, text: str, tags: dict[str, str]) -> list[Message]:
    """``text`` as NOTICEs from a service, one per line (an empty line as a space)."""
    return [Message("NOTICE", (target, line or " "), source, tags) for line in text.split("\n")]
