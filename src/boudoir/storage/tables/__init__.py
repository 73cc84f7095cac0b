"""The schema, as SQLAlchemy Core tables.

Alembic migrations in ``migrations/versions`` create this schema; a contract test compares the
migrated database with these tables, so the two cannot drift apart. Message text is never
stored: there is no messages table.

Every foreign key to an account cascades on delete, so erasing an account is one ``DELETE``.

The tables are grouped by concept in ``people.py``, ``places.py`` and ``records.py``, over
``base.py`` (the metadata and column types); this module re-exports every table. Imports
SQLAlchemy and the standard library only.
"""

from __future__ import annotations

from boudoir.storage.tables.base import UtcDateTime, metadata
from boudoir.storage.tables.people import (
    accounts,
    blocks,
    character_images,
    character_interests,
    characters,
    contacts,
    friends,
    invitations,
    login_sessions,
)
from boudoir.storage.tables.places import (
    builders,
    character_homes,
    character_last_seen,
    exits,
    mail,
    room_list_entries,
    room_moderators,
    rooms,
    things,
)
from boudoir.storage.tables.records import (
    automod_rules,
    log_lines,
    log_readers,
    log_segments,
    moderation_actions,
    moderation_queue,
    moderation_restrictions,
    seal_keys,
)

__all__ = [
    "UtcDateTime",
    "accounts",
    "automod_rules",
    "blocks",
    "builders",
    "character_homes",
    "character_images",
    "character_interests",
    "character_last_seen",
    "characters",
    "contacts",
    "exits",
    "friends",
    "invitations",
    "log_lines",
    "log_readers",
    "log_segments",
    "login_sessions",
    "mail",
    "metadata",
    "moderation_actions",
    "moderation_queue",
    "moderation_restrictions",
    "room_list_entries",
    "room_moderators",
    "rooms",
    "seal_keys",
    "things",
]
