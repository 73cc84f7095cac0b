"""Intents: what a person asks the world to do, one frozen dataclass per command, named in
the imperative (``Block``, ``Join``, ``Safeword``).

Every gateway parses its wire into one of these (IRC lines, telnet lines, JSON messages and
HTTP requests alike) and hands it to the one core handler (``boudoir.core.commands.run``).
They live in the domain, beside the events they lead to, so that the sans-I/O wire parsers can
build them without importing the core.

An intent belongs to one family (a module here with a base class, e.g. ``RelationIntent``,
and the union of its intents); ``Intent`` is the union of every family, so the dispatcher's
``match`` is checked for exhaustiveness by mypy: an intent without a handler fails the type
check.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.relations import (
    Block,
    ListBlocks,
    RelationIntent,
    RelationIntents,
    Unblock,
)
from boudoir.domain.intents.speech import (
    AcceptRequest,
    DeclineRequest,
    Direct,
    ListRequests,
    Say,
    SetStatus,
    Signal,
    SpeechIntent,
    SpeechIntents,
    Whisper,
)

Intent = RelationIntents | SpeechIntents
"""Every intent, of every family."""

__all__ = [
    "AcceptRequest",
    "Block",
    "DeclineRequest",
    "Direct",
    "Intent",
    "ListBlocks",
    "ListRequests",
    "RelationIntent",
    "RelationIntents",
    "Say",
    "SetStatus",
    "Signal",
    "SpeechIntent",
    "SpeechIntents",
    "Unblock",
    "Whisper",
]
