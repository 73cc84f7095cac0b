"""Initial schema: accounts, characters and their interests, rooms, relations.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.
Works on SQLite and PostgreSQL.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_ENUM = sa.String(32)
_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("name_skeleton", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("born", sa.Date, nullable=False),
        sa.Column("attestation_statement", sa.Text, nullable=True),
        sa.Column("attested_at", _TIMESTAMP, nullable=True),
        sa.Column("attestation_method", sa.Text, nullable=True),
        sa.Column("ratings", sa.Text, nullable=False),
        sa.Column("dm_policy", _ENUM, nullable=False),
        sa.Column("presence_visibility", _ENUM, nullable=False),
        sa.Column("role", _ENUM, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("name_key", name="uq_accounts_name_key"),
        sa.UniqueConstraint("name_skeleton", name="uq_accounts_name_skeleton"),
    )
    op.create_table(
        "characters",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("account_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("name_skeleton", sa.Text, nullable=False),
        sa.Column("pronouns", sa.Text, nullable=False),
        sa.Column("short_description", sa.Text, nullable=False),
        sa.Column("long_description", sa.Text, nullable=False),
        sa.Column("declared_age", sa.Integer, nullable=True),
        sa.Column("hard_limits", sa.JSON, nullable=False),
        sa.Column("profile_audience", _ENUM, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_characters"),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_characters_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("name_key", name="uq_characters_name_key"),
        sa.UniqueConstraint("name_skeleton", name="uq_characters_name_skeleton"),
    )
    op.create_index("ix_characters_account_id", "characters", ["account_id"])
    op.create_table(
        "character_interests",
        sa.Column("character_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("level", _ENUM, nullable=False),
        sa.PrimaryKeyConstraint("character_id", "position", name="pk_character_interests"),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name="fk_character_interests_character_id_characters",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("name_skeleton", sa.Text, nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("visibility", _ENUM, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("member_limit", sa.Integer, nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rooms"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["accounts.id"], name="fk_rooms_owner_id_accounts", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("name_key", name="uq_rooms_name_key"),
        sa.UniqueConstraint("name_skeleton", name="uq_rooms_name_skeleton"),
    )
    op.create_index("ix_rooms_owner_id", "rooms", ["owner_id"])
    for table in ("room_moderators", "room_bans"):
        op.create_table(
            table,
            sa.Column("room_id", sa.Text, nullable=False),
            sa.Column("account_id", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint("room_id", "account_id", name=f"pk_{table}"),
            sa.ForeignKeyConstraint(
                ["room_id"], ["rooms.id"], name=f"fk_{table}_room_id_rooms", ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["account_id"],
                ["accounts.id"],
                name=f"fk_{table}_account_id_accounts",
                ondelete="CASCADE",
            ),
        )
        op.create_index(f"ix_{table}_account_id", table, ["account_id"])
    for table, first, second in (
        ("friends", "owner_id", "friend_id"),
        ("blocks", "blocker_id", "blocked_id"),
        ("contacts", "owner_id", "other_id"),
    ):
        op.create_table(
            table,
            sa.Column(first, sa.Text, nullable=False),
            sa.Column(second, sa.Text, nullable=False),
            sa.Column("label", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint(first, second, name=f"pk_{table}"),
            sa.ForeignKeyConstraint(
                [first], ["accounts.id"], name=f"fk_{table}_{first}_accounts", ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                [second],
                ["accounts.id"],
                name=f"fk_{table}_{second}_accounts",
                ondelete="CASCADE",
            ),
        )
        op.create_index(f"ix_{table}_{second}", table, [second])


def downgrade() -> None:
    for table in (
        "contacts",
        "blocks",
        "friends",
        "room_bans",
        "room_moderators",
        "rooms",
        "character_interests",
        "characters",
        "accounts",
    ):
        op.drop_table(table)
