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

from boudoir.domain.intents.building import BuilderIntent, BuildingIntent, BuildingIntents
from boudoir.domain.intents.mail import (
    CountUnread,
    DeleteLetter,
    ListLetters,
    MailIntent,
    MailIntents,
    ReadLetter,
    SendLetter,
)
from boudoir.domain.intents.presence import (
    FindOnline,
    LastSeen,
    ListOnline,
    ListRoomPresence,
    PresenceIntent,
    PresenceIntents,
    Whois,
    Whowas,
)
from boudoir.domain.intents.relations import (
    Block,
    ListBlocks,
    RelationIntent,
    RelationIntents,
    Unblock,
)
from boudoir.domain.intents.world import WorldIntent, WorldIntents

Intent = RelationIntents | PresenceIntents | MailIntents | WorldIntents | BuildingIntents
"""Every intent, of every family."""

__all__ = [
    "Block",
    "BuilderIntent",
    "BuildingIntent",
    "BuildingIntents",
    "CountUnread",
    "DeleteLetter",
    "FindOnline",
    "Intent",
    "LastSeen",
    "ListBlocks",
    "ListLetters",
    "ListOnline",
    "ListRoomPresence",
    "MailIntent",
    "MailIntents",
    "PresenceIntent",
    "PresenceIntents",
    "ReadLetter",
    "RelationIntent",
    "RelationIntents",
    "SendLetter",
    "Unblock",
    "Whois",
    "Whowas",
    "WorldIntent",
    "WorldIntents",
]
