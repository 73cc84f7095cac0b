"""The schema, as SQLAlchemy Core tables. Imports SQLAlchemy and the standard library only.

Alembic migrations in ``migrations/versions`` create this schema; a contract test compares the
migrated database with these tables, so the two cannot drift apart. Message text is never
stored: there is no messages table.

Every foreign key to an account cascades on delete, so erasing an account is one ``DELETE``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Stable constraint names, so that later migrations (and SQLite batch mode) can refer to them."""

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

_ENUM = sa.String(32)
"""Enum values are stored as their ``.value`` strings, readable in a SQL shell."""


class UtcDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL keeps ``timestamptz``. SQLite has no time zones: we store naive UTC text and
    attach UTC when reading back. Naive datetimes are refused rather than guessed at.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"Refusing to store a naive datetime: {value!r}")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _account_fk(column: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(
        column, sa.Text, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=nullable
    )


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
    sa.Column("dm_policy", _ENUM, nullable=False),
    sa.Column("presence_visibility", _ENUM, nullable=False),
    sa.Column("role", _ENUM, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("awaiting_approval", sa.Boolean, nullable=False, server_default=sa.false()),
)

characters = sa.Table(
    "characters",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _account_fk("account_id"),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("name_skeleton", sa.Text, nullable=False, unique=True),
    sa.Column("pronouns", sa.Text, nullable=False),
    sa.Column("short_description", sa.Text, nullable=False),
    sa.Column("long_description", sa.Text, nullable=False),
    sa.Column("declared_age", sa.Integer, nullable=True),
    sa.Column("hard_limits", sa.JSON, nullable=False),
    # A JSON list of strings, in the owner's order.
    sa.Column("profile_audience", _ENUM, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index(None, "account_id"),
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
    sa.Column("level", _ENUM, nullable=False),
)

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("name_skeleton", sa.Text, nullable=False, unique=True),
    # NULL for the server's own rooms (``SERVER_OWNED``; revision 0008).
    _account_fk("owner_id", nullable=True),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("visibility", _ENUM, nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("member_limit", sa.Integer, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # Added by revision 0002; the defaults fill the rooms that existed before.
    sa.Column("join_key", sa.Text, nullable=False, server_default=""),
    # The key to join (empty for none): a room's password, shown to its members as on IRC.
    sa.Column("moderated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("topic_locked", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("topic_by", sa.Text, nullable=False, server_default=""),
    sa.Column("topic_at", UtcDateTime, nullable=True),
    sa.Index(None, "owner_id"),
)


def _room_accounts(name: str) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column(
            "room_id",
            sa.Text,
            sa.ForeignKey("rooms.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "account_id",
            sa.Text,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Index(None, "account_id"),
    )


room_moderators = _room_accounts("room_moderators")

room_list_entries = sa.Table(
    "room_list_entries",
    metadata,
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("list", _ENUM, primary_key=True),
    # Which list: a ``RoomSetting`` value (``ban``, ``ban_exception``, ``invite_exception``).
    sa.Column(
        "account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("name", sa.Text, nullable=False),
    # The character name the account was listed by, and the one of the manager who listed it.
    sa.Column("set_by", sa.Text, nullable=False),
    sa.Column("set_at", UtcDateTime, nullable=False),
    sa.Index(None, "account_id"),
)
"""A room's ban list and lists of exceptions: one row per account on a list."""


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
    _account_fk("account_id"),
    sa.Column("csrf_token", sa.Text, nullable=False),
    sa.Column("client", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Index(None, "account_id"),
    sa.Index(None, "last_seen_at"),
    # Expired sessions are deleted by age, in the background.
)
"""Browsers logged in (revision 0003). No address and no full User-Agent: a short label."""

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
    _account_fk("sender_account_id"),
    sa.Column("sender_name", sa.Text, nullable=False),
    sa.Column("kind", _ENUM, nullable=False),
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
    sa.Column("kind", _ENUM, nullable=False),
    sa.Column("pattern", sa.Text, nullable=False),
    sa.Column("action", _ENUM, nullable=False),
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
    sa.Column("kind", _ENUM, nullable=False),
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
    sa.Column("status", _ENUM, nullable=False),
    sa.Column("resolution", _ENUM, nullable=True),
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
    sa.Column("kind", _ENUM, nullable=False),
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
    _account_fk("account_id"),
    sa.Column("kind", _ENUM, nullable=False),
    # The room's name key for mutes and room bans; empty for a suspension or account ban.
    sa.Column("room", sa.Text, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("action_id", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("account_id", "kind", "room"),
    sa.Index(None, "expires_at"),
)
"""Mutes, room bans with an expiry, suspensions and account bans in force."""

# --- The walkable world and mail (revision 0007) --------------------------------------------

exits = sa.Table(
    "exits",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "source_room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    # A JSON list of strings, in the builder's order.
    sa.Column(
        "destination_room_id",
        sa.Text,
        sa.ForeignKey("rooms.id", ondelete="SET NULL"),
        nullable=True,
    ),
    # Recycling the room an exit leads to unlinks the exit rather than deleting it.
    _account_fk("owner_id"),
    sa.Column("lock", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index(None, "source_room_id"),
    sa.Index(None, "destination_room_id"),
    sa.Index(None, "owner_id"),
)
"""Exits between rooms: each room's are read together, when someone looks or walks."""

things = sa.Table(
    "things",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("lock", sa.Text, nullable=False),
    _account_fk("owner_id"),
    sa.Column(
        "carrier_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="SET NULL"), nullable=True),
    # Neither set: the place it was in is gone, and the thing is back with its owner.
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index(None, "owner_id"),
    sa.Index(None, "carrier_id"),
    sa.Index(None, "room_id"),
)
"""Things builders make, carried by a character or lying in a room."""

character_homes = sa.Table(
    "character_homes",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("room_id", sa.Text, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Index(None, "room_id"),
)
"""Where ``home`` takes a character; none (or its room recycled): the server's default room."""

builders = sa.Table(
    "builders",
    metadata,
    sa.Column(
        "account_id",
        sa.Text,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("granted_at", UtcDateTime, nullable=False),
)
"""Accounts an operator made builders. A table of its own rather than a column of
``accounts``: the grant is read only by building commands, and ``Account`` (loaded on every
login and synced across nodes) stays as it is."""

character_last_seen = sa.Table(
    "character_last_seen",
    metadata,
    sa.Column(
        "character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seen_at", UtcDateTime, nullable=False),
)
"""When each character last went offline (``laston``)."""

mail = sa.Table(
    "mail",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _account_fk("sender_account_id"),
    # Erasing the sender deletes what they wrote: their words are their data.
    sa.Column(
        "sender_character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("sender_name", sa.Text, nullable=False),
    _account_fk("recipient_account_id"),
    sa.Column(
        "recipient_character_id",
        sa.Text,
        sa.ForeignKey("characters.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("sent_at", UtcDateTime, nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=True),
    sa.Index(None, "recipient_character_id", "sent_at"),
    sa.Index(None, "recipient_account_id"),
    sa.Index(None, "sender_account_id"),
    sa.Index(None, "sent_at"),
)
"""Offline mail: letters kept until the recipient deletes them or they expire."""

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
