"""Rooms that show newcomers their last lines: ``rooms.newcomer_lines``.

How many of its last lines (kept in memory only, never here) a room shows whoever arrives; 0
for every existing room, which showed nobody what was said before they came.

A frozen snapshot: revisions never import ``boudoir.storage.tables``. The column is added with
a plain ``ALTER TABLE`` (as 0002 does): batch mode would rebuild ``rooms`` on SQLite.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "rooms", sa.Column("newcomer_lines", sa.Integer, nullable=False, server_default="0")
    )


def downgrade() -> None:
    op.drop_column("rooms", "newcomer_lines")
