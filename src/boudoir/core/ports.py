"""Ports: what the core needs from the outside world, as protocols.

``storage/`` implements ``Store`` (SQLite and PostgreSQL), ``bus/`` implements ``Bus``, and each
gateway implements ``Session`` for its connections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from boudoir.domain import consent
from boudoir.domain.automod import Rule
from boudoir.domain.entities import Account, Character, Room
from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.invitations import Invitation
from boudoir.domain.mail import Mail
from boudoir.domain.moderation import (
    Action,
    QueueItem,
    QueueStatus,
    Resolution,
    Restriction,
    RestrictionKind,
)
from boudoir.domain.places import Exit, Thing

Clock = Callable[[], dt.datetime]
"""Returns the current time, timezone-aware UTC."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Session(Protocol):
    """One connection, as the core sees it. Gateways implement it."""

    @property
    def connection_id(self) -> ConnectionId: ...

    @property
    def gateway(self) -> str:
        """``irc``, ``web``, ``telnet`` or ``test``: for logs and the user's own session list."""
        ...

    def deliver(self, event: Event) -> None:
        """Queue ``event`` for this connection without waiting. A gateway whose bounded outbox is
        full closes the connection (slow reader) rather than block or grow."""
        ...

    def close(self, reason: str) -> None:
        """End this connection from the server side, telling the user ``reason``."""
        ...

    @staticmethod
    def deliver_to_all(
        sessions: Sequence[Session],
        accounts: Sequence[AccountId],
        event: Event,
        exclude: Session | None,
        blocked: Collection[AccountId] | None,
    ) -> None:
        """Room speech to ``sessions``, all of this class (the core groups a room's sessions
        by class and calls this once per group per message): each session that hears it
        (``consent.hearing``: ``accounts`` are theirs, in the same order, ``blocked`` the
        speaker's blocks both ways) except ``exclude`` (the sender). A gateway renders once
        and appends to each outbox; a class with nothing faster uses ``deliver_each``."""
        ...


def deliver_each(
    sessions: Sequence[Session],
    accounts: Sequence[AccountId],
    event: Event,
    exclude: Session | None,
    blocked: Collection[AccountId] | None,
) -> None:
    """``Session.deliver_to_all`` by each session's own ``deliver``."""
    for session in consent.hearing(sessions, accounts, blocked):
        if session is not exclude:
            session.deliver(event)


DeliverToAll = Callable[
    [Sequence[Session], Sequence[AccountId], Event, Session | None, Collection[AccountId] | None],
    None,
]


@dataclass(frozen=True, slots=True)
class NameHolder:
    """Who holds a name that equals or looks like a requested one."""

    account_id: AccountId
    name: str
    exact: bool
    """True when the casefolded names are equal; False when only the skeletons match."""


class AccountRepository(Protocol):
    async def add(self, account: Account, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if another account holds the same name key or skeleton."""
        ...

    async def get(self, account_id: AccountId) -> Account | None: ...

    async def find_by_name(self, name: str) -> Account | None:
        """Look up by login name, compared by ``names.name_key``."""
        ...

    async def update(self, account: Account) -> None:
        """Replace the stored account (name excluded). The caller bumps ``revision``."""
        ...

    async def list_all(self) -> list[Account]: ...

    async def revisions(self, account_ids: Collection[AccountId]) -> dict[AccountId, int]:
        """Current revision of each account that still exists (erased ones are absent)."""
        ...

    async def erase(self, account_id: AccountId) -> None:
        """Delete the account and everything tied to it, in one transaction: its characters,
        friends, blocks and contacts in both directions, the rooms it owns, and its place in
        other rooms' moderator and ban lists."""
        ...


class CharacterRepository(Protocol):
    async def add(self, character: Character, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if another character holds the same key or skeleton."""
        ...

    async def get(self, character_id: CharacterId) -> Character | None: ...

    async def find_by_name(self, name: str) -> Character | None: ...

    async def list_for_account(self, account_id: AccountId) -> list[Character]:
        """Oldest first."""
        ...

    async def update(self, character: Character) -> None:
        """Replace the stored profile (name and owner excluded)."""
        ...

    async def recase(self, character_id: CharacterId, name: str, skeleton: str) -> None:
        """Show the character's name as ``name``, a case variant of its name (the same name
        key, which stays), stored with ``skeleton``, which may differ from the old one
        ("ALICE" gives "allce"). Raises ``NameConfusable``, naming the holder, if another
        character, or the name of an account other than the character's own, has that
        skeleton. A character deleted meanwhile stays deleted."""
        ...

    async def delete(self, character_id: CharacterId) -> None: ...


class NameIndex(Protocol):
    async def holder(self, name: str, skeleton: str) -> NameHolder | None:
        """Any account or character whose name key equals ``name``'s or whose skeleton equals
        ``skeleton``; exact matches first."""
        ...


class RoomRepository(Protocol):
    async def add(self, room: Room, skeleton: str) -> None:
        """Insert. Raises ``NameTaken`` if a room of the same name key exists, or its subclass
        ``NameConfusable``, naming that room, if only the skeleton matches one. Rooms are a
        namespace of their own: account and character names do not clash with them."""
        ...

    async def get(self, room_id: RoomId) -> Room | None: ...

    async def find_by_name(self, name: str) -> Room | None: ...

    async def list_all(self) -> list[Room]: ...

    async def update(self, room: Room) -> None:
        """Replace topic, description, rating, visibility, limit, moderators and bans."""
        ...

    async def give_to_server(self, room_id: RoomId) -> None:
        """No account owns the room from now on (``SERVER_OWNED``); nothing else changes."""
        ...

    async def delete(self, room_id: RoomId) -> None: ...


class RelationRepository(Protocol):
    """Friends (one-way lists), blocks (stored one way, effective both ways) and contacts (who
    an account has accepted direct messages from).

    Each entry keeps a ``label``: the character name through which the owner met the other
    account. Lists show labels, never the account name or other characters behind them.
    """

    async def add_friend(self, owner: AccountId, friend: AccountId, label: str) -> None:
        """Add or relabel."""
        ...

    async def remove_friend(self, owner: AccountId, friend: AccountId) -> None: ...

    async def friends_of(self, owner: AccountId) -> dict[AccountId, str]:
        """Friend's account id -> label."""
        ...

    async def listed_as_friend_by(self, friend: AccountId) -> set[AccountId]:
        """Accounts whose friend list holds ``friend``."""
        ...

    async def add_block(self, blocker: AccountId, blocked: AccountId, label: str) -> None: ...

    async def remove_block(self, blocker: AccountId, blocked: AccountId) -> None: ...

    async def blocks_by(self, blocker: AccountId) -> dict[AccountId, str]: ...

    async def blocked_either_way(self, account: AccountId) -> set[AccountId]:
        """Accounts that ``account`` blocks or that block ``account``."""
        ...

    async def add_contact(self, owner: AccountId, other: AccountId, label: str) -> None: ...

    async def remove_contact(self, owner: AccountId, other: AccountId) -> None: ...

    async def contacts_of(self, owner: AccountId) -> dict[AccountId, str]: ...


@dataclass(frozen=True, slots=True)
class LoginSession:
    """One browser logged in to an account (``core.logins``). The token that proves it is
    never kept: the store holds only its SHA-256."""

    id: str
    """Public and random, unrelated to the token: shown in the list of sessions."""
    account_id: AccountId
    csrf_token: str
    """Sent back by the browser on every state-changing request made with this session."""
    created_at: dt.datetime
    last_seen_at: dt.datetime
    client: str
    """A short label from the User-Agent ("Firefox on Linux"); no address is kept."""


class LoginRepository(Protocol):
    """Login sessions, found by the SHA-256 of their token. Erasing an account removes its."""

    async def add(self, session: LoginSession, token_hash: str) -> None:
        """Insert. Raises ``NotFound`` if the account does not exist."""
        ...

    async def find(self, token_hash: str) -> LoginSession | None: ...

    async def touch(self, login_id: str, last_seen_at: dt.datetime) -> None:
        """Record use; does nothing if the session was ended meanwhile."""
        ...

    async def list_for_account(self, account_id: AccountId) -> list[LoginSession]:
        """Oldest first."""
        ...

    async def delete(self, login_ids: Collection[str]) -> None:
        """End these sessions; ids that do not exist are ignored."""
        ...

    async def delete_unused_since(self, cutoff: dt.datetime) -> int:
        """End every session last used at or before ``cutoff``; returns how many."""
        ...


@dataclass(frozen=True, slots=True)
class LogSegment:
    """One stretch of a room's log during which the same people were present, all consenting
    (``core.logs``). Only its ``readers`` may read its lines."""

    id: str
    room_name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    """None while it is still being written."""
    readers: frozenset[AccountId]


@dataclass(frozen=True, slots=True)
class LogLine:
    """One room message kept in a log segment."""

    message_id: str
    segment_id: str
    at: dt.datetime
    sender_account: AccountId
    sender_name: str
    kind: str
    """A ``MessageKind`` value (say, pose, ooc, notice)."""
    text: str


class LogRepository(Protocol):
    """Logs kept by consent: the only message text the store holds. Erasing an account
    deletes its lines and its place among readers; a segment nobody may read any more goes."""

    async def write(self, segments: Sequence[LogSegment], lines: Sequence[LogLine]) -> None:
        """Insert or update ``segments`` (their end; readers are set once, on insert), then
        insert ``lines``, in one transaction. Lines of an account erased meanwhile, and
        readers erased meanwhile, are skipped."""
        ...

    async def segments_for(self, reader: AccountId) -> list[LogSegment]:
        """The segments ``reader`` is among the readers of, oldest first."""
        ...

    async def segment(self, segment_id: str) -> LogSegment | None: ...

    async def line(self, message_id: str) -> LogLine | None: ...

    async def lines(
        self,
        reader: AccountId,
        *,
        segment_id: str | None = None,
        room_name: str | None = None,
        after: dt.datetime | None = None,
        before: dt.datetime | None = None,
        limit: int = 1000,
        newest: bool = False,
    ) -> list[LogLine]:
        """Lines of the segments ``reader`` may read (optionally one segment, or one room by
        name key), strictly between ``after`` and ``before``, oldest first: the first
        ``limit`` of them, or the last ``limit`` when ``newest``."""
        ...

    async def delete_line(self, message_id: str, sender: AccountId) -> bool:
        """Delete the line if ``sender`` sent it; whether one was deleted."""
        ...


class AutomodRepository(Protocol):
    """Automod rules (``domain.automod.Rule``), oldest first. No message text: held messages
    live in the moderators' queue."""

    async def list_rules(self) -> list[Rule]: ...

    async def add_rule(self, rule: Rule, created_at: dt.datetime) -> None:
        """Insert. Raises ``NameTaken`` if a rule with that id exists."""
        ...

    async def update_rule(self, rule: Rule) -> None:
        """Replace every field but the id; does nothing if the rule is gone."""
        ...

    async def delete_rule(self, rule_id: str) -> bool:
        """Delete; whether there was such a rule."""
        ...


class ModerationRepository(Protocol):
    """The moderators' queue, the audit log (append-only: no method changes an entry),
    restrictions in force and the server's sealing key."""

    async def seal_key(self, new_key: bytes, created_at: dt.datetime) -> bytes:
        """The stored sealing key; ``new_key`` is stored and returned when there is none yet.
        Every node calling at once gets the same key."""
        ...

    async def add_item(self, item: QueueItem) -> None: ...

    async def get_item(self, item_id: str) -> QueueItem | None: ...

    async def list_items(self, status: QueueStatus | None, limit: int) -> list[QueueItem]:
        """Oldest first; every status when ``status`` is None."""
        ...

    async def reports_by(self, account_id: AccountId) -> list[QueueItem]:
        """The reports ``account_id`` made, oldest first."""
        ...

    async def resolve_item(
        self, item_id: str, resolution: Resolution, note: str, by: str, at: dt.datetime
    ) -> QueueItem | None:
        """Mark an open item resolved; the item as it is now, or None if there was no open
        item of that id (it was resolved meanwhile, or never existed)."""
        ...

    async def add_action(self, action: Action) -> None:
        """Append to the audit log."""
        ...

    async def list_actions(self, limit: int) -> list[Action]:
        """The audit log, newest first."""
        ...

    async def put_restriction(self, restriction: Restriction) -> None:
        """Insert, or replace the one of the same account, kind and room."""
        ...

    async def remove_restriction(
        self, account_id: AccountId, kind: RestrictionKind, room: str = ""
    ) -> bool:
        """Lift one; False if there was none."""
        ...

    async def restrictions_of(self, account_id: AccountId) -> list[Restriction]: ...

    async def restrictions(self, kind: RestrictionKind | None = None) -> list[Restriction]:
        """Every restriction of ``kind`` (of every kind when None), expired ones included."""
        ...


class WorldRepository(Protocol):
    """The walkable world (``domain.places``): exits, things, each character's home and when
    it was last seen, and which accounts are builders.

    Recycling a room deletes its exits and unlinks the exits into it; things lying there, and
    things carried by a deleted character, are back with their owner (no carrier, no room).
    Erasing an account deletes its exits, its things, its builder grant and its characters'
    homes; a home whose room goes is forgotten (the server's default room stands in)."""

    async def add_exit(self, exit: Exit) -> None:
        """Insert. Raises ``NotFound`` if its owner or either room is gone."""
        ...

    async def get_exit(self, exit_id: str) -> Exit | None: ...

    async def exits_from(self, room_id: RoomId) -> list[Exit]:
        """Oldest first."""
        ...

    async def exits_owned_by(self, account_id: AccountId) -> list[Exit]:
        """Oldest first."""
        ...

    async def update_exit(self, exit: Exit) -> None:
        """Replace name, aliases, destination, lock and description. Raises ``NotFound`` if
        the destination room is gone."""
        ...

    async def delete_exit(self, exit_id: str) -> None: ...

    async def add_thing(self, thing: Thing) -> None:
        """Insert. Raises ``NotFound`` if its owner, carrier or room is gone."""
        ...

    async def get_thing(self, thing_id: str) -> Thing | None: ...

    async def things_carried(self, character_id: CharacterId) -> list[Thing]:
        """Oldest first."""
        ...

    async def things_in(self, room_id: RoomId) -> list[Thing]:
        """Oldest first."""
        ...

    async def things_owned_by(self, account_id: AccountId) -> list[Thing]:
        """Oldest first, wherever they are."""
        ...

    async def update_thing(self, thing: Thing) -> None:
        """Replace name, description, lock and where it is. Raises ``NotFound`` if the new
        carrier or room is gone."""
        ...

    async def delete_thing(self, thing_id: str) -> None: ...

    async def set_home(self, character_id: CharacterId, room_id: RoomId | None) -> None:
        """Set (or, with None, forget) a character's home. Raises ``NotFound`` if the
        character or the room is gone."""
        ...

    async def home(self, character_id: CharacterId) -> RoomId | None: ...

    async def set_builder(self, account_id: AccountId, builder: bool, at: dt.datetime) -> None:
        """Grant or revoke building. Raises ``NotFound`` if the account is gone."""
        ...

    async def is_builder(self, account_id: AccountId) -> bool: ...

    async def set_last_seen(self, seen: Mapping[CharacterId, dt.datetime]) -> None:
        """Record when each character was last online; characters gone are skipped."""
        ...

    async def last_seen(self, character_id: CharacterId) -> dt.datetime | None: ...


class MailRepository(Protocol):
    """Offline mail (``domain.mail``). Erasing an account deletes the letters it sent and the
    letters it received; deleting a character deletes its mailbox and keeps the letters it
    sent, under the name it sent them as."""

    async def add(self, mail: Mail) -> None:
        """Insert. Raises ``NotFound`` if the sender's account or the recipient is gone."""
        ...

    async def get(self, mail_id: str) -> Mail | None: ...

    async def inbox(self, character_id: CharacterId) -> list[Mail]:
        """Oldest first."""
        ...

    async def sent_by(self, account_id: AccountId) -> list[Mail]:
        """Oldest first."""
        ...

    async def received_by(self, account_id: AccountId) -> list[Mail]:
        """Every letter to any of the account's characters, oldest first."""
        ...

    async def mark_read(self, mail_id: str, at: dt.datetime) -> None:
        """Record the first reading; later readings change nothing."""
        ...

    async def delete(self, mail_id: str) -> bool:
        """Whether there was such a letter."""
        ...

    async def unread_count(self, character_id: CharacterId) -> int: ...

    async def count(self, character_id: CharacterId) -> int:
        """Letters in the mailbox, read or not."""
        ...

    async def delete_sent_before(self, cutoff: dt.datetime) -> int:
        """Delete every letter sent before ``cutoff``; returns how many."""
        ...


class InvitationRepository(Protocol):
    """Invitation codes, found by the SHA-256 of the code (``domain.invitations.code_hash``)."""

    async def add(self, invitation: Invitation) -> None: ...

    async def get(self, invitation_id: str) -> Invitation | None: ...

    async def find(self, code_hash: str) -> Invitation | None: ...

    async def list_all(self) -> list[Invitation]:
        """Oldest first."""
        ...

    async def consume(self, invitation_id: str, now: dt.datetime) -> bool:
        """Take one use if the invitation is still usable at ``now`` (not revoked, not
        expired, uses left), atomically: of sign-ups racing for the last use, one gets True."""
        ...

    async def release(self, invitation_id: str) -> None:
        """Give back one use taken by ``consume`` (the account could not be made after all)."""
        ...

    async def revoke(self, invitation_id: str, at: dt.datetime) -> bool:
        """Revoke (kept as first revoked); False when there is no such invitation."""
        ...


class Store(Protocol):
    """The durable state. Message text is never stored.

    Across every repository: an ``add`` or ``update`` that refers to an account that does not
    exist raises ``NotFound``; an ``update`` of something deleted meanwhile does nothing; every
    write is durable when the call returns; times come back timezone-aware UTC.
    """

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def characters(self) -> CharacterRepository: ...

    @property
    def names(self) -> NameIndex: ...

    @property
    def rooms(self) -> RoomRepository: ...

    @property
    def relations(self) -> RelationRepository: ...

    @property
    def logins(self) -> LoginRepository: ...

    @property
    def logs(self) -> LogRepository: ...

    @property
    def automod(self) -> AutomodRepository: ...

    @property
    def moderation(self) -> ModerationRepository: ...

    @property
    def world(self) -> WorldRepository: ...

    @property
    def mail(self) -> MailRepository: ...

    @property
    def invitations(self) -> InvitationRepository: ...

    async def close(self) -> None: ...


BusHandler = Callable[[str, bytes], Awaitable[None]]


class Bus(Protocol):
    """Messages between the nodes of one deployment (in-process by default, Redis across
    nodes). Payloads are bytes encoded by the publisher's typed message."""

    async def publish(self, topic: str, payload: bytes) -> None: ...

    async def subscribe(self, topic: str, handler: BusHandler) -> None: ...

    async def close(self) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...
