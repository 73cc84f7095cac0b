"""Logs kept by consent: segments of a room's or scene's log, their readers and their lines.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def upgrade() -> None:
    op.create_table(
        "log_segments",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("room_name", sa.Text, nullable=False),
        sa.Column("room_key", sa.Text, nullable=False),
        sa.Column("started_at", _TIMESTAMP, nullable=False),
        sa.Column("ended_at", _TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_log_segments"),
    )
    op.create_index("ix_log_segments_room_key", "log_segments", ["room_key"])
    op.create_table(
        "log_readers",
        sa.Column("segment_id", sa.Text, nullable=False),
        sa.Column("account_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("segment_id", "account_id", name="pk_log_readers"),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["log_segments.id"],
            name="fk_log_readers_segment_id_log_segments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_log_readers_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_log_readers_account_id", "log_readers", ["account_id"])
    op.create_table(
        "log_lines",
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("segment_id", sa.Text, nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("sender_account_id", sa.Text, nullable=False),
        sa.Column("sender_name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("message_id", name="pk_log_lines"),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["log_segments.id"],
            name="fk_log_lines_segment_id_log_segments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_account_id"],
            ["accounts.id"],
            name="fk_log_lines_sender_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_log_lines_segment_id_at", "log_lines", ["segment_id", "at"])
    op.create_index("ix_log_lines_sender_account_id", "log_lines", ["sender_account_id"])


def downgrade() -> None:
    op.drop_index("ix_log_lines_sender_account_id", "log_lines")
    op.drop_index("ix_log_lines_segment_id_at", "log_lines")
    op.drop_table("log_lines")
    op.drop_index("ix_log_readers_account_id", "log_readers")
    op.drop_table("log_readers")
    op.drop_index("ix_log_segments_room_key", "log_segments")
    op.drop_table("log_segments")
