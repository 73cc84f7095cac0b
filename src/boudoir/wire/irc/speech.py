"""What a PRIVMSG or NOTICE says, sans-I/O: its kind (CTCP ACTION a pose, ``((text))`` out
of character), the client-only tags it carries, and the sender's own copy of it (IRCv3
echo-message).

Imports the standard library, ``boudoir.domain`` and ``wire.irc``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from typing import Final

from boudoir.domain.events import ClientTags, MessageKind
from boudoir.domain.times import utc_millis as server_time
from boudoir.wire.irc.event_lines import mask_of
from boudoir.wire.irc.message import Message

_SAY: Final = MessageKind.SAY


def message_kind(text: str) -> tuple[MessageKind, str]:
    """CTCP ACTION is a pose; text wrapped in double parentheses is out of character. Another
    CTCP is a NOTICE with no text (not relayed)."""
    if text.startswith("\x01ACTION") and len(text) > 7 and text[7] in " \x01":
        return MessageKind.POSE, text[8:].rstrip("\x01")
    if text.startswith("\x01"):
        return MessageKind.NOTICE, ""
    if "((" not in text:
        return _SAY, text  # nearly every line: no copy, no enum lookup
    stripped = text.strip()
    if stripped.startswith("((") and stripped.endswith("))") and len(stripped) > 4:
        return MessageKind.OOC, stripped[2:-2].strip()
    return MessageKind.SAY, text


def client_tags(caps: Set[str], tags: Mapping[str, str]) -> ClientTags:
    """The client-only (``+``) tags of a message, from a client that negotiated
    message-tags (IRCv3: others' tags are not relayed)."""
    if "message-tags" not in caps or not tags:
        return ()
    return tuple((k, v) for k, v in tags.items() if k.startswith("+"))


def own_copy(
    caps: Set[str],
    sender: str,
    command: str,
    target: str,
    text: str | None,
    msgid: str,
    at: dt.datetime,
    tags_of_client: ClientTags,
) -> Message:
    """The line a message of ``sender``'s reaches its own client as (``text`` None: a
    TAGMSG), with the tags the others get."""
    tags = {"time": server_time(at)} if "server-time" in caps else {}
    if "message-tags" in caps:
        tags.update(tags_of_client)
        tags["msgid"] = msgid
    if "account-tag" in caps:
        tags["account"] = sender
    params = (target,) if text is None else (target, text)
    return Message(command, params, source=mask_of(sender), tags=tags)
