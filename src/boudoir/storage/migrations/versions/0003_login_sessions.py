"""Login sessions of the browser client: one row per browser logged in, found by the SHA-256
of its token, removed with the account.

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False),
        sa.Column("account_id", sa.Text, nullable=False),
        sa.Column("csrf_token", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("last_seen_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_login_sessions_token_hash"),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_login_sessions_account_id_accounts",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_login_sessions_account_id", "login_sessions", ["account_id"])
    op.create_index("ix_login_sessions_last_seen_at", "login_sessions", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_login_sessions_last_seen_at", "login_sessions")
    op.drop_index("ix_login_sessions_account_id", "login_sessions")
    op.drop_table("login_sessions")
