"""IRCv3 message redaction (``draft/message-redaction``,
https://ircv3.net/specs/extensions/message-redaction): reading a client's ``REDACT``.

``REDACT <target> <msgid> [:<reason>]`` asks to delete one message. A message the server split
over several lines gave each line after the first its own msgid (``<msgid>-<n>``,
``event_lines.with_tags``): any of them names the whole message.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

REDACTION_CAP: Final = "draft/message-redaction"
"""The capability that makes a client get ``REDACT`` rather than a NOTICE for deletions."""
MAX_REASON: Final = 300
"""A reason longer than this is cut: it is the redacter's note, not a message."""


@dataclass(frozen=True, slots=True)
class Redact:
    target: str
    msgid: str
    """The message's id as the server gave it (a split line's suffix removed)."""
    reason: str = ""


def parse_redact(params: Sequence[str]) -> Redact | None:
    """The request in ``REDACT``'s parameters, or None when a target or msgid is missing."""
    if len(params) < 2 or not params[0] or not params[1]:
        return None
    msgid = params[1]
    head, dash, tail = msgid.rpartition("-")
    if dash and head and tail.isdigit():
        msgid = head
    reason = params[2][:MAX_REASON] if len(params) > 2 else ""
    return Redact(params[0], msgid, reason)
