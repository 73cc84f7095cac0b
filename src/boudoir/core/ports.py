"""Ports: what the core needs from the outside world, as protocols.

Here: the clock, ``Session`` (each gateway implements it for its connections) and the password
hasher. ``Store`` and its repositories (``storage/`` implements them, SQLite and PostgreSQL)
live in ``boudoir.core.repositories`` and are re-exported here, so every port imports from
this module. Imports ``boudoir.core.repositories`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from boudoir.core.repositories import (
    AccountRepository,
    AutomodRepository,
    CharacterRepository,
    InvitationRepository,
    LoginRepository,
    LoginSession,
    LogLine,
    LogRepository,
    LogSegment,
    MailRepository,
    ModerationRepository,
    NameHolder,
    NameIndex,
    RelationRepository,
    RoomRepository,
    Store,
    WorldRepository,
)
from boudoir.domain.events import Event
from boudoir.domain.ids import ConnectionId

__all__ = [
    "AccountRepository",
    "AutomodRepository",
    "CharacterRepository",
    "Clock",
    "DeliverToAll",
    "InvitationRepository",
    "LogLine",
    "LogRepository",
    "LogSegment",
    "LoginRepository",
    "LoginSession",
    "MailRepository",
    "ModerationRepository",
    "NameHolder",
    "NameIndex",
    "PasswordHasher",
    "RelationRepository",
    "RoomRepository",
    "Session",
    "Store",
    "WorldRepository",
    "deliver_each",
    "utc_now",
]

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
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        """Room speech to ``sessions``, all of this class and all of them hearing it (the core
        groups a room's sessions by class, leaves out those across a block, and calls this
        once per group per message), except ``exclude`` (the sender). A gateway renders once
        and appends to each outbox; a class with nothing faster uses ``deliver_each``."""
        ...


def deliver_each(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
    """``Session.deliver_to_all`` by each session's own ``deliver``."""
    for session in sessions:
        if session is not exclude:
            session.deliver(event)


DeliverToAll = Callable[[Sequence[Session], Event, Session | None], None]


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...
