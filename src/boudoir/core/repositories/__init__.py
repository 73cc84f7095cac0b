"""The durable state the core needs, as protocols: ``Store`` and its repositories, by
concept in ``people.py``, ``places.py`` and ``records.py``. ``storage/`` (SQLite and PostgreSQL)
and ``testing/fakes.py`` (in memory, run through the same contract suite) implement them.
``boudoir.core.ports`` re-exports every name. Imports ``boudoir.domain``.
"""

from __future__ import annotations

from typing import Protocol

from boudoir.core.repositories.people import (
    AccountRepository,
    CharacterRepository,
    InvitationRepository,
    LoginRepository,
    LoginSession,
    NameHolder,
    NameIndex,
    RelationRepository,
)
from boudoir.core.repositories.places import MailRepository, RoomRepository, WorldRepository
from boudoir.core.repositories.records import (
    AutomodRepository,
    LogLine,
    LogRepository,
    LogSegment,
    ModerationRepository,
)

__all__ = [
    "AccountRepository",
    "AutomodRepository",
    "CharacterRepository",
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
    "RelationRepository",
    "RoomRepository",
    "Store",
    "WorldRepository",
]


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
