"""Replies: what a core handler answers the person who gave an intent, one frozen dataclass
per kind of answer, named as a fact (``Blocked``, ``BlockList``).

A reply goes only to the connection (or HTTP request) that asked; what others see goes out as
domain events. Each wire renders a reply in its own form (``wire/irc/replies``: NickServ
notices or numerics, ``wire/telnet/replies``: lines of text, ``wire/webjson/replies``: the
fields of the ``ok`` or the HTTP answer), with a ``match`` that ends in ``assert_never``, so a
new reply fails the type check in every wire until each renders it.

Replies are grouped by family like intents (a base class and a union per module); ``Reply`` is
the union of every family.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.replies.relations import (
    Blocked,
    BlockList,
    RelationReplies,
    RelationReply,
    Unblocked,
)
from boudoir.domain.replies.speech import (
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Said,
    Sent,
    Signalled,
    SpeechReplies,
    SpeechReply,
    StatusSet,
    WaitingRequest,
    Whispered,
)

Reply = RelationReplies | SpeechReplies
"""Every reply, of every family."""

__all__ = [
    "BlockList",
    "Blocked",
    "RelationReplies",
    "RelationReply",
    "Reply",
    "RequestAccepted",
    "RequestDeclined",
    "RequestList",
    "Said",
    "Sent",
    "Signalled",
    "SpeechReplies",
    "SpeechReply",
    "StatusSet",
    "Unblocked",
    "WaitingRequest",
    "Whispered",
]
