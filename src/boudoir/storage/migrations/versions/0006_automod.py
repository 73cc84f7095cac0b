"""Automod: operator-defined rules and the default rule packs (issue 5).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
