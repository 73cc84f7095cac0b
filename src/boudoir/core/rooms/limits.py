"""What a room's texts and numbers may be: the limits on names of things in a room (topic,
description, key, kick reason, member limit) and the functions that clean or refuse them.

Imports ``boudoir.core.text`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain.entities import MAX_ROOM_KEY, MAX_TOPIC
from boudoir.domain.errors import InvalidInput

MAX_ROOMS_PER_CONNECTION = 50
"""Also the CHANLIMIT the IRC gateway announces."""
MAX_ROOM_DESCRIPTION = 4000
MAX_MEMBER_LIMIT = 10_000
"""Highest member limit: far above what one room holds, and inside a 32-bit SQL integer."""
MAX_KICK_REASON = 255
"""Characters of a kick's reason kept; also the IRC ``KICKLEN`` (Modern IRC, RPL_ISUPPORT)."""


def clean_description(description: str) -> str:
    description = description.strip()[:MAX_ROOM_DESCRIPTION]
    if has_control_characters(description, allowed="\t\r\n"):
        raise InvalidInput("A room description cannot hold control characters.")
    return balance_bidi(description)


def clean_topic(topic: str) -> str:
    topic = balance_bidi(" ".join(topic.split()))  # first: TOPICLEN holds for what is shown
    if len(topic) > MAX_TOPIC:
        raise InvalidInput(f"A topic is at most {MAX_TOPIC} characters long.")
    if has_control_characters(topic):
        raise InvalidInput("A topic cannot hold control characters.")
    return topic


def check_member_limit(limit: int | None) -> int | None:
    # Modern IRC, client limit mode: any positive integer; the upper bound is Boudoir's.
    if limit is not None and not 1 <= limit <= MAX_MEMBER_LIMIT:
        raise InvalidInput(f"A member limit is a whole number from 1 to {MAX_MEMBER_LIMIT}.")
    return limit


MAX_NEWCOMER_LINES = 200
"""Most lines a room may show whoever arrives: the default replay buffer (``core.replay``);
a room with a smaller buffer shows what it has."""


def check_newcomer_lines(lines: int) -> int:
    if not 0 <= lines <= MAX_NEWCOMER_LINES:
        raise InvalidInput(
            f"A room shows newcomers from 0 to {MAX_NEWCOMER_LINES} of its last lines."
        )
    return lines


def check_key(key: str | None) -> str:
    if not key:
        return ""
    if len(key) > MAX_ROOM_KEY:
        raise InvalidInput(f"A room key is at most {MAX_ROOM_KEY} characters long.")
    # A comma separates keys in IRC's JOIN, a space separates parameters (Modern IRC, JOIN).
    if any(c.isspace() or c == "," for c in key) or has_control_characters(key):
        raise InvalidInput("A room key cannot hold spaces, commas or control characters.")
    return key


def clean_kick_reason(reason: str) -> str:
    """Controls dropped (IRC clients send formatting codes), spaces collapsed, cut to length:
    a kick is never refused for its reason."""
    kept = "".join(c for c in reason[: MAX_KICK_REASON * 4] if not has_control_characters(c))
    return balance_bidi(" ".join(kept.split())[:MAX_KICK_REASON])
