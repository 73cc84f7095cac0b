"""Logs kept by consent: segments of a room's or scene's log and their lines (issue 5).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
