"""Character profiles beyond the public face, profile images, and rooms that take ads.

``characters.profile`` (JSON: details, kink ratings, custom kinks, visibility per section),
``characters.findable`` and ``characters.has_image``; the table ``character_images``;
``rooms.ads``. Each character's old ``profile_audience`` becomes the visibility of its kinks
and limits (``only_me`` as ``nobody``); its details and image start at ``friends``.

A frozen snapshot: revisions never import ``boudoir.storage.tables``. Columns are added with a
plain ``ALTER TABLE`` (as 0002 does): batch mode would rebuild the tables on SQLite.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None

_SECTION = {"only_me": "nobody", "friends": "friends", "everyone": "everyone"}


def upgrade() -> None:
    op.add_column("characters", sa.Column("profile", sa.JSON, nullable=False, server_default="{}"))
    op.add_column(
        "characters",
        sa.Column("findable", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "characters",
        sa.Column("has_image", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_characters_findable", "characters", ["findable"])
    op.create_table(
        "character_images",
        sa.Column(
            "character_id",
            sa.Text,
            sa.ForeignKey("characters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.add_column("rooms", sa.Column("ads", sa.Boolean, nullable=False, server_default=sa.false()))
    characters = sa.table(
        "characters",
        sa.column("id", sa.Text),
        sa.column("profile_audience", sa.Text),
        sa.column("profile", sa.JSON),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(characters.c.id, characters.c.profile_audience)).all()
    for row in rows:
        section = _SECTION.get(row.profile_audience, "nobody")
        visibility = {"details": "friends", "kinks": section, "limits": section, "image": "friends"}
        connection.execute(
            characters.update()
            .where(characters.c.id == row.id)
            .values(profile={"visibility": visibility})
        )


def downgrade() -> None:
    op.drop_column("rooms", "ads")
    op.drop_table("character_images")
    op.drop_index("ix_characters_findable", "characters")
    op.drop_column("characters", "has_image")
    op.drop_column("characters", "findable")
    op.drop_column("characters", "profile")
