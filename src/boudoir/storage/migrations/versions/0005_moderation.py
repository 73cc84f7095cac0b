"""Moderation: the moderators' queue of reports, actions with expiry and the audit
log, account suspensions and room mutes, the server's sealing key.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""
_ENUM = sa.String(32)


def _set_null(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["accounts.id"],
        name=f"fk_{table}_{column}_accounts",
        ondelete="SET NULL",
    )


def upgrade() -> None:
    op.create_table(
        "seal_keys",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("secret", sa.LargeBinary, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_seal_keys"),
    )
    op.create_table(
        "moderation_queue",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("kind", _ENUM, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("subject_account_id", sa.Text, nullable=True),
        sa.Column("subject_name", sa.Text, nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("status", _ENUM, nullable=False),
        sa.Column("resolution", _ENUM, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("resolved_by", sa.Text, nullable=False),
        sa.Column("resolved_at", _TIMESTAMP, nullable=True),
        sa.Column("reporter_account_id", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_moderation_queue"),
        _set_null("moderation_queue", "subject_account_id"),
        _set_null("moderation_queue", "reporter_account_id"),
    )
    op.create_index(
        "ix_moderation_queue_status_created_at", "moderation_queue", ["status", "created_at"]
    )
    op.create_index(
        "ix_moderation_queue_subject_account_id", "moderation_queue", ["subject_account_id"]
    )
    op.create_index(
        "ix_moderation_queue_reporter_account_id", "moderation_queue", ["reporter_account_id"]
    )
    op.create_table(
        "moderation_actions",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("kind", _ENUM, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("target_account_id", sa.Text, nullable=True),
        sa.Column("room", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("expires_at", _TIMESTAMP, nullable=True),
        sa.Column("item_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_moderation_actions"),
        _set_null("moderation_actions", "target_account_id"),
    )
    op.create_index("ix_moderation_actions_at", "moderation_actions", ["at"])
    op.create_table(
        "moderation_restrictions",
        sa.Column("account_id", sa.Text, nullable=False),
        sa.Column("kind", _ENUM, nullable=False),
        sa.Column("room", sa.Text, nullable=False),
        sa.Column("expires_at", _TIMESTAMP, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("action_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "kind", "room", name="pk_moderation_restrictions"),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_moderation_restrictions_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_moderation_restrictions_expires_at", "moderation_restrictions", ["expires_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_moderation_restrictions_expires_at", "moderation_restrictions")
    op.drop_table("moderation_restrictions")
    op.drop_index("ix_moderation_actions_at", "moderation_actions")
    op.drop_table("moderation_actions")
    op.drop_index("ix_moderation_queue_reporter_account_id", "moderation_queue")
    op.drop_index("ix_moderation_queue_subject_account_id", "moderation_queue")
    op.drop_index("ix_moderation_queue_status_created_at", "moderation_queue")
    op.drop_table("moderation_queue")
    op.drop_table("seal_keys")
