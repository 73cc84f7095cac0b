"""Sign-up by invitation or approval: ``invitations`` and ``accounts.awaiting_approval``.

``invitations`` holds the codes operators make, as the SHA-256 of each code, with how many
accounts each may make, how many it made, and when it expires or was revoked. Accounts gain
``awaiting_approval``, false for every existing account (they could all log in before).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on. The column
is added with a plain ``ALTER TABLE`` (as 0002 does): batch mode would rebuild ``accounts`` on
SQLite, and dropping it would cascade into every table that refers to it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
"""``tables.UtcDateTime`` is this type in the database; the conversion happens in Python."""


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column("awaiting_approval", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("code_hash", sa.Text, nullable=False),
        sa.Column("max_uses", sa.Integer, nullable=False),
        sa.Column("uses", sa.Integer, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("expires_at", _TIMESTAMP, nullable=True),
        sa.Column("revoked_at", _TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("code_hash", name="uq_invitations_code_hash"),
    )


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_column("accounts", "awaiting_approval")
