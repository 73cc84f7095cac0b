"""The tables of people: accounts, characters and their interests, relations (friends, blocks,
contacts), browser login sessions and invitation codes.

Imports SQLAlchemy and ``boudoir.storage.tables.base`` only.
"""

from __future__ import annotations

import sqlalchemy as sa

from boudoir.storage.tables.base import ENUM, UtcDateTime, account_fk, metadata

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("name_skeleton", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("born", sa.Date, nullable=False),
    sa.Column("attestation_statement", sa.Text, nullable=True),
    sa.Column("attested_at", UtcDateTime, nullable=True),
    sa.Column("attestation_method", sa.Text, nullable=True),
    sa.Column("ratings", sa.Text, nullable=False),
    # Comma-separated rating labels ("general,mature"): a handful of values, always read whole.
    sa.Column("dm_policy", ENUM, nullable=False),
    sa.Column("presence_visibility", ENUM, nullable=False),
    sa.Column("role", ENUM, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("awaiting_approval", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("mention_words", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
    # A JSON list of at most 20 short strings (domain.mentions), always read whole.
)

characters = sa.Table(
    "characters",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    account_fk("account_id"),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("name_skeleton", sa.Text, nullable=False, unique=True),
    sa.Column("pronouns", sa.Text, nullable=False),
    sa.Column("short_description", sa.Text, nullable=False),
    sa.Column("long_description", sa.Text, nullable=False),
    sa.Column("declared_age", sa.Integer, nullable=True),
    sa.Column("hard_limits", sa.JSON, nullable=False),
    # A JSON list of strings, in the owner's order.
    sa.Column("profile_audience", ENUM, nullable=False),
    # Kept in step with ``profile.visibility.kinks`` for older readers; the profile rules.
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("profile", sa.JSON, nullable=False, server_default="{}"),
    # The sections beyond the public face: details, kinks, custom kinks, visibility
    # (``storage.profile_json``); one document, read and written whole with the character.
    sa.Column("findable", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("has_image", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "account_id"),
    sa.Index("ix_characters_findable", "findable"),
)

character_images = sa.Table(
    "character_images",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    # Re-encoded by the server (at most 512x512, no metadata): never the bytes uploaded.
)

character_interests = sa.Table(
    "character_interests",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    # The owner's order; the primary key keeps it and makes reads by character cheap.
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("level", ENUM, nullable=False),
)


def _relation(name: str, first: str, second: str) -> sa.Table:
    """(first, second) account pairs, each with the ``label`` first knows second by (the
    character name they met through). The primary key serves lookups by ``first``; the index
    serves the reverse direction (who blocks me, who lists me as a friend)."""
    return sa.Table(
        name,
        metadata,
        sa.Column(
            first, sa.Text, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            second, sa.Text, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("label", sa.Text, nullable=False),
        sa.Index(None, second),
    )


friends = _relation("friends", "owner_id", "friend_id")
blocks = _relation("blocks", "blocker_id", "blocked_id")
contacts = _relation("contacts", "owner_id", "other_id")

login_sessions = sa.Table(
    "login_sessions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    # SHA-256 of the browser's token, hex: the token itself is never stored.
    account_fk("account_id"),
    sa.Column("csrf_token", sa.Text, nullable=False),
    sa.Column("client", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Index(None, "account_id"),
    sa.Index(None, "last_seen_at"),
    # Expired sessions are deleted by age, in the background.
)
"""Browsers logged in (revision 0003). No address and no full User-Agent: a short label."""

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("code_hash", sa.Text, nullable=False, unique=True),
    sa.Column("max_uses", sa.Integer, nullable=False),
    sa.Column("uses", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)
"""Invitation codes an operator made, kept only as the SHA-256 of each code. Tied to no
account: who used a code is not kept."""
