"""A message edited or deleted, as IRC lines.

Deletions follow IRCv3 message redaction (https://ircv3.net/specs/extensions/message-redaction,
``draft/message-redaction``): a client that negotiated it gets ``REDACT <target> <msgid>
[:reason]`` and removes the line; any other client gets a NOTICE saying a message was deleted.
There is no IRCv3 specification for edits: every client gets a NOTICE with the new text,
"* Alice edited: ...". A removal by a moderator never names the moderator.

Imports the standard library, ``boudoir.domain`` and ``wire.irc`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from boudoir.domain.events import MessageDeleted, MessageEdited
from boudoir.wire.irc.event_lines import channel, mask_of, time_tags
from boudoir.wire.irc.message import Message
from boudoir.wire.irc.redaction import REDACTION_CAP

if TYPE_CHECKING:
    from boudoir.wire.irc.render_events import IrcVariant

REMOVED_BY_MODERATOR: Final = "removed by a moderator"


def _target(event: MessageEdited | MessageDeleted, variant: IrcVariant) -> str:
    """Where the original was shown: its channel; in a direct message, the other person (the
    sender's own connections show it in the conversation with the recipient)."""
    if event.room is not None:
        return channel(event.room.name)
    me = variant.me
    if me is not None and me.id == event.sender.id and event.recipient is not None:
        return event.recipient.name
    return variant.nick


def render_change(event: MessageEdited | MessageDeleted, variant: IrcVariant) -> list[Message]:
    target = _target(event, variant)
    tags = time_tags(variant.tags, event.at)
    if isinstance(event, MessageEdited):
        if "message-tags" in variant.caps:
            tags["+draft/reply"] = event.id  # the line it replaces (IRCv3 reply tag)
        lines = event.text.split("\n")
        text = f"* {event.sender.name} edited: "
        return [
            Message(
                "NOTICE",
                (target, (text if n == 0 else "  ") + line),
                mask_of(event.sender.name),
                tags,
            )
            for n, line in enumerate(lines)
        ]
    if REDACTION_CAP in variant.caps:
        source = variant.server_name if event.by_moderator else mask_of(event.sender.name)
        params: tuple[str, ...] = (target, event.id)
        if event.by_moderator:
            params += (REMOVED_BY_MODERATOR,)
        return [Message("REDACT", params, source, tags)]
    if event.by_moderator:
        text = f"* A message from {event.sender.name} was {REMOVED_BY_MODERATOR}."
        return [Message("NOTICE", (target, text), variant.server_name, tags)]
    text = f"* {event.sender.name} deleted a message."
    return [Message("NOTICE", (target, text), mask_of(event.sender.name), tags)]
