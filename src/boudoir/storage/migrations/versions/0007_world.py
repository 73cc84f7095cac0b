"""The walkable world and offline mail: exits, things, homes, builders, last seen
and mail.

New tables only: nothing existing changes. Recycling a room deletes its exits and unlinks
those leading into it; erasing an account deletes its exits, things, builder grant, and the
mail it sent and received.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def upgrade() -> None:
    op.create_table(
        "exits",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("source_room_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("destination_room_id", sa.Text, nullable=True),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("lock", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exits"),
        _fk("exits", "source_room_id", "rooms", "CASCADE"),
        _fk("exits", "destination_room_id", "rooms", "SET NULL"),
        _fk("exits", "owner_id", "accounts", "CASCADE"),
    )
    _index("exits", "source_room_id")
    _index("exits", "destination_room_id")
    _index("exits", "owner_id")
    op.create_table(
        "things",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("lock", sa.Text, nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("carrier_id", sa.Text, nullable=True),
        sa.Column("room_id", sa.Text, nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_things"),
        _fk("things", "owner_id", "accounts", "CASCADE"),
        _fk("things", "carrier_id", "characters", "SET NULL"),
        _fk("things", "room_id", "rooms", "SET NULL"),
    )
    _index("things", "owner_id")
    _index("things", "carrier_id")
    _index("things", "room_id")
    op.create_table(
        "character_homes",
        sa.Column("character_id", sa.Text, nullable=False),
        sa.Column("room_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("character_id", name="pk_character_homes"),
        _fk("character_homes", "character_id", "characters", "CASCADE"),
        _fk("character_homes", "room_id", "rooms", "CASCADE"),
    )
    _index("character_homes", "room_id")
    op.create_table(
        "builders",
        sa.Column("account_id", sa.Text, nullable=False),
        sa.Column("granted_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("account_id", name="pk_builders"),
        _fk("builders", "account_id", "accounts", "CASCADE"),
    )
    op.create_table(
        "character_last_seen",
        sa.Column("character_id", sa.Text, nullable=False),
        sa.Column("seen_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("character_id", name="pk_character_last_seen"),
        _fk("character_last_seen", "character_id", "characters", "CASCADE"),
    )
    op.create_table(
        "mail",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("sender_account_id", sa.Text, nullable=False),
        sa.Column("sender_character_id", sa.Text, nullable=True),
        sa.Column("sender_name", sa.Text, nullable=False),
        sa.Column("recipient_account_id", sa.Text, nullable=False),
        sa.Column("recipient_character_id", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("sent_at", _TIMESTAMP, nullable=False),
        sa.Column("read_at", _TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_mail"),
        _fk("mail", "sender_account_id", "accounts", "CASCADE"),
        _fk("mail", "sender_character_id", "characters", "SET NULL"),
        _fk("mail", "recipient_account_id", "accounts", "CASCADE"),
        _fk("mail", "recipient_character_id", "characters", "CASCADE"),
    )
    _index("mail", "recipient_character_id", "sent_at")
    _index("mail", "recipient_account_id")
    _index("mail", "sender_account_id")
    _index("mail", "sent_at")


def downgrade() -> None:
    for table in ("mail", "character_last_seen", "builders", "character_homes", "things"):
        op.drop_table(table)
    op.drop_table("exits")
