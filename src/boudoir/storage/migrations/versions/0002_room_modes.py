"""Room modes: key, moderated, topic lock, who set the topic and when; ban and exception lists.

``rooms`` gains five columns, filled for existing rooms by their defaults (no key, not
moderated, topic locked to managers as before, topic setter unknown). ``room_bans`` becomes
``room_list_entries``, which holds the ban list and the two lists of exceptions, each entry with
the character name it was set by and when. Existing bans keep the name of the banned account's
oldest character and the room's creation time; who set them was never recorded.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.
Works on SQLite (3.35 or later, for the downgrade's ``DROP COLUMN``) and PostgreSQL. Columns
are added with a plain ``ALTER TABLE``: batch mode would rebuild ``rooms`` on SQLite, and
dropping it would cascade into the tables that refer to it.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_ENUM = sa.String(32)
_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""

_NEW_ROOM_COLUMNS = ("join_key", "moderated", "topic_locked", "topic_by", "topic_at")
_UNKNOWN_NAME = "(unknown)"
"""The name shown for a ban carried over from 0001 whose account has no character left."""


def upgrade() -> None:
    op.add_column("rooms", sa.Column("join_key", sa.Text, nullable=False, server_default=""))
    op.add_column(
        "rooms", sa.Column("moderated", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "rooms", sa.Column("topic_locked", sa.Boolean, nullable=False, server_default=sa.true())
    )
    op.add_column("rooms", sa.Column("topic_by", sa.Text, nullable=False, server_default=""))
    op.add_column("rooms", sa.Column("topic_at", _TIMESTAMP, nullable=True))

    op.create_table(
        "room_list_entries",
        sa.Column("room_id", sa.Text, nullable=False),
        sa.Column("list", _ENUM, nullable=False),
        sa.Column("account_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column("set_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("room_id", "list", "account_id", name="pk_room_list_entries"),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["rooms.id"],
            name="fk_room_list_entries_room_id_rooms",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_room_list_entries_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_room_list_entries_account_id", "room_list_entries", ["account_id"])
    op.execute(
        sa.text(
            """
            INSERT INTO room_list_entries (room_id, list, account_id, name, set_by, set_at)
            SELECT b.room_id, 'ban', b.account_id,
                   COALESCE(
                       (SELECT c.name FROM characters c WHERE c.account_id = b.account_id
                        ORDER BY c.created_at, c.id LIMIT 1),
                       :unknown
                   ),
                   '',
                   (SELECT r.created_at FROM rooms r WHERE r.id = b.room_id)
            FROM room_bans b
            """
        ).bindparams(unknown=_UNKNOWN_NAME)
    )
    op.drop_table("room_bans")


def downgrade() -> None:
    op.create_table(
        "room_bans",
        sa.Column("room_id", sa.Text, nullable=False),
        sa.Column("account_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("room_id", "account_id", name="pk_room_bans"),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name="fk_room_bans_room_id_rooms", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_room_bans_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_room_bans_account_id", "room_bans", ["account_id"])
    # Exceptions and who set what have no place in 0001: they are lost.
    op.execute(
        "INSERT INTO room_bans (room_id, account_id) "
        "SELECT room_id, account_id FROM room_list_entries WHERE list = 'ban'"
    )
    op.drop_table("room_list_entries")
    for column in reversed(_NEW_ROOM_COLUMNS):
        op.drop_column("rooms", column)
