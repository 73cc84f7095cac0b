"""Rooms whose managers let members broadcast their cams: ``rooms.cams``.

Off for every existing room. Who may not broadcast in a room is one more of its lists
(``room_list_entries.list`` = ``cam_ban``), which needs no change of schema.

A frozen snapshot: revisions never import ``boudoir.storage.tables``. The column is added with
a plain ``ALTER TABLE`` (as 0002 does): batch mode would rebuild ``rooms`` on SQLite.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("rooms", sa.Column("cams", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("rooms", "cams")
