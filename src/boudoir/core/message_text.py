"""What a message may hold: which kinds go to a room and which to a person, the text (length,
controls, balanced bidirectional marks) and the client tags (IRCv3 client-only tags).
``core.messaging`` checks every message with these before screening and delivery.

Imports ``boudoir.core.text`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain.entities import MAX_MESSAGE
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import ClientTags, MessageKind

ROOM_KINDS = frozenset(
    {MessageKind.SAY, MessageKind.POSE, MessageKind.OOC, MessageKind.NOTICE, MessageKind.EMIT}
)
"""An emit is for a room only: a direct message's sender is always its one visible author."""
DIRECT_KINDS = frozenset({MessageKind.SAY, MessageKind.POSE, MessageKind.OOC, MessageKind.NOTICE})


def check_text(text: str) -> str:
    if not text.isascii():  # ASCII holds no bidi control (a flag read, no scan)
        text = balance_bidi(text)  # first: the limits hold for the text as delivered
    if not text.strip():
        raise InvalidInput("There is no text to send.")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(f"A message is at most {MAX_MESSAGE} characters long.")
    if has_control_characters(text, allowed="\t\n"):
        raise InvalidInput("A message cannot hold control characters.")
    return text


MAX_CLIENT_TAGS = 16
MAX_CLIENT_TAGS_LENGTH = 4094
"""Characters of client tags per message: IRCv3 message-tags' limit for client tags."""


def check_client_tags(tags: ClientTags) -> ClientTags:
    """Client tags are ``+``-prefixed names (IRCv3 client-only tags) with short values."""
    if not tags:
        return ()
    if len(tags) > MAX_CLIENT_TAGS:
        raise InvalidInput(f"A message carries at most {MAX_CLIENT_TAGS} client tags.")
    size = 0
    for name, value in tags:
        if not name.startswith("+") or len(name) < 2 or has_control_characters(name + value):
            raise InvalidInput("Client tags are named +name and hold no control characters.")
        size += len(name) + len(value) + 2
    if size > MAX_CLIENT_TAGS_LENGTH:
        raise InvalidInput(f"Client tags are at most {MAX_CLIENT_TAGS_LENGTH} characters.")
    return tuple(tags)
