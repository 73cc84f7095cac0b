"""The tables of records: logs kept by consent, automod rules, and moderation (the sealing
key, the queue, the audit log, restrictions).

Imports SQLAlchemy and ``boudoir.storage.tables.base`` only.
"""

from __future__ import annotations

import sqlalchemy as sa

from boudoir.storage.tables.base import ENUM, UtcDateTime, account_fk, metadata

log_segments = sa.Table(
    "log_segments",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("room_name", sa.Text, nullable=False),
    sa.Column("room_key", sa.Text, nullable=False),
    # The room's name key: CHATHISTORY finds a room's logs by name, even once it is gone.
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("ended_at", UtcDateTime, nullable=True),
    sa.Index(None, "room_key"),
)
"""Logs kept by consent (revision 0004): one row per stretch with the same people present."""

log_readers = sa.Table(
    "log_readers",
    metadata,
    sa.Column(
        "segment_id", sa.Text, sa.ForeignKey("log_segments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "account_id", sa.Text, sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Index(None, "account_id"),
)  # fmt: skip
"""Who was present and consenting for a segment: the only accounts that may read it."""

log_lines = sa.Table(
    "log_lines",
    metadata,
    sa.Column("message_id", sa.Text, primary_key=True),
    sa.Column(
        "segment_id", sa.Text, sa.ForeignKey("log_segments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("at", UtcDateTime, nullable=False),
    account_fk("sender_account_id"),
    sa.Column("sender_name", sa.Text, nullable=False),
    sa.Column("kind", ENUM, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index(None, "segment_id", "at"),
    sa.Index(None, "sender_account_id"),
)  # fmt: skip
"""The message text of logs everyone present agreed to: the only message text stored."""

automod_rules = sa.Table(
    "automod_rules",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    # ``pack-...`` for the default packs' rules (seeded at start, by id), ``u...`` for others.
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", ENUM, nullable=False),
    sa.Column("pattern", sa.Text, nullable=False),
    sa.Column("action", ENUM, nullable=False),
    sa.Column("places", sa.Text, nullable=False),
    # Comma-separated ``Place`` values ("room,scene").
    sa.Column("min_rating", sa.Integer, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("pack", sa.Text, nullable=False),
    sa.Column("exceptions", sa.JSON, nullable=False),
    # Phrases cleared as false positives: a JSON list of casefolded strings.
    sa.Column("created_at", UtcDateTime, nullable=False),
)
"""Automod rules (revision 0006): patterns and where they apply, never message text."""

# --- Moderation (revision 0005) ------------------------------------------------------------

seal_keys = sa.Table(
    "seal_keys",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("secret", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
"""The server's key for sealing messages (``core.seals``): one row, made on first start."""

moderation_queue = sa.Table(
    "moderation_queue",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", ENUM, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # Kept when the subject's account is erased: the report is the moderators' record.
    sa.Column(
        "subject_account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("subject_name", sa.Text, nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    # JSON: a report's reason and the lines its reporter attached (their own copy).
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("status", ENUM, nullable=False),
    sa.Column("resolution", ENUM, nullable=True),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("resolved_by", sa.Text, nullable=False),
    sa.Column("resolved_at", UtcDateTime, nullable=True),
    # A report's reporter: their export lists it; erasing them blanks it (and their name in
    # the evidence), keeping the report for the moderators.
    sa.Column(
        "reporter_account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Index(None, "status", "created_at"),
    sa.Index(None, "subject_account_id"),
    sa.Index(None, "reporter_account_id"),
)
"""The moderators' queue: reports, and messages automod held or flagged."""

moderation_actions = sa.Table(
    "moderation_actions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("kind", ENUM, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column(
        "target_account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("room", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("item_id", sa.Text, nullable=False),
    sa.Index(None, "at"),
)
"""The audit log: every moderation action, appended, never changed."""

moderation_restrictions = sa.Table(
    "moderation_restrictions",
    metadata,
    account_fk("account_id"),
    sa.Column("kind", ENUM, nullable=False),
    # The room's name key for mutes and room bans; empty for a suspension or account ban.
    sa.Column("room", sa.Text, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("action_id", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("account_id", "kind", "room"),
    sa.Index(None, "expires_at"),
)
"""Mutes, room bans with an expiry, suspensions and account bans in force."""
