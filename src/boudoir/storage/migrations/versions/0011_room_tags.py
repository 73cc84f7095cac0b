"""Room tags: ``rooms.tags``, the few words a room's managers chose for the directory, stored
as one text of words separated by spaces (empty for none, which every existing room has).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on. The column
is added with a plain ``ALTER TABLE`` (as 0002 does): batch mode would rebuild ``rooms`` on
SQLite, and dropping it would cascade into every table that refers to it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("rooms", sa.Column("tags", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("rooms", "tags")
