"""The tables of places: rooms with their moderators and lists, the walkable world (exits,
things, homes, builders, when a character was last seen) and offline mail.

Imports SQLAlchemy and ``boudoir.storage.tables.base`` only.
"""

from __future__ import annotations

import sqlalchemy as sa

from boudoir.storage.tables.base import ENUM, UtcDateTime, account_fk, metadata

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("name_skeleton", sa.Text, nullable=False, unique=True),
    # NULL for the server's own rooms (``SERVER_OWNED``; revision 0008).
    account_fk("owner_id", nullable=True),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("visibility", ENUM, nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("member_limit", sa.Integer, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # Added by revision 0002; the defaults fill the rooms that existed before.
    sa.Column("join_key", sa.Text, nullable=False, server_default=""),
    # The key to join (empty for none): a room's password, shown to its members as on IRC.
    sa.Column("moderated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("topic_locked", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("topic_by", sa.Text, nullable=False, server_default=""),
    sa.Column("topic_at", UtcDateTime, nullable=True),
    # Added by revision 0011: words separated by spaces.
    sa.Column("tags", sa.Text, nullable=False, server_default=""),
    # Added by revision 0012: how many of its last lines a room shows whoever arrives.
    sa.Column("newcomer_lines", sa.Integer, nullable=False, server_default="0"),
    sa.Column("cams", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("ads", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "owner_id"),
)


def _room_accounts(name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column(
            "room_id",
            sa.Text,
            sa.ForeignKey("rooms.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "account_id",
            sa.Text,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Index(None, "account_id"),
    )


room_moderators = _room_accounts("room_moderators")

room_list_entries = sa.Table(
    "room_list_entries",
    metadata,
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("list", ENUM, primary_key=True),
    # Which list: a ``RoomSetting`` value (``ban``, ``ban_exception``, ``invite_exception``,
    # ``cam_ban``).
    sa.Column(
        "account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("name", sa.Text, nullable=False),
    # The character name the account was listed by, and the one of the manager who listed it.
    sa.Column("set_by", sa.Text, nullable=False),
    sa.Column("set_at", UtcDateTime, nullable=False),
    sa.Index(None, "account_id"),
)
"""A room's ban list and lists of exceptions: one row per account on a list."""


# --- The walkable world and mail (revision 0007) --------------------------------------------

exits = sa.Table(
    "exits",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "source_room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    # A JSON list of strings, in the builder's order.
    sa.Column(
        "destination_room_id",
        sa.Text,
        sa.ForeignKey("rooms.id", ondelete="SET NULL"),
        nullable=True,
    ),
    # Recycling the room an exit leads to unlinks the exit rather than deleting it.
    account_fk("owner_id"),
    sa.Column("lock", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index(None, "source_room_id"),
    sa.Index(None, "destination_room_id"),
    sa.Index(None, "owner_id"),
)
"""Exits between rooms: each room's are read together, when someone looks or walks."""

things = sa.Table(
    "things",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("lock", sa.Text, nullable=False),
    account_fk("owner_id"),
    sa.Column(
        "carrier_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="SET NULL"), nullable=True),
    # Neither set: the place it was in is gone, and the thing is back with its owner.
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index(None, "owner_id"),
    sa.Index(None, "carrier_id"),
    sa.Index(None, "room_id"),
)
"""Things builders make, carried by a character or lying in a room."""

character_homes = sa.Table(
    "character_homes",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Index(None, "room_id"),
)
"""Where ``home`` takes a character; none (or its room recycled): the server's default room."""

builders = sa.Table(
    "builders",
    metadata,
    sa.Column(
        "account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("granted_at", UtcDateTime, nullable=False),
)
"""Accounts an operator made builders. A table of its own rather than a column of
``accounts``: the grant is read only by building commands, and ``Account`` (loaded on every
login and synced across nodes) stays as it is."""

character_last_seen = sa.Table(
    "character_last_seen",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seen_at", UtcDateTime, nullable=False),
)
"""When each character last went offline (``laston``)."""

mail = sa.Table(
    "mail",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    account_fk("sender_account_id"),
    # Erasing the sender deletes what they wrote: their words are their data.
    sa.Column(
        "sender_character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("sender_name", sa.Text, nullable=False),
    account_fk("recipient_account_id"),
    sa.Column(
        "recipient_character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("sent_at", UtcDateTime, nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=True),
    sa.Index(None, "recipient_character_id", "sent_at"),
    sa.Index(None, "recipient_account_id"),
    sa.Index(None, "sender_account_id"),
    sa.Index(None, "sent_at"),
)
"""Offline mail: letters kept until the recipient deletes them or they expire."""
