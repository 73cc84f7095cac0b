"""``SqlStore``: the durable state, in SQLite or PostgreSQL. Implements ``core.ports.Store``.

Imports SQLAlchemy, ``boudoir.domain``, ``boudoir.core.ports`` and ``boudoir.storage``.

Every write commits before its method returns: an acknowledged change survives the process
being killed. Message text is never stored.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncEngine

from boudoir.storage.accounts import SqlAccountRepository
from boudoir.storage.automod import SqlAutomodRepository
from boudoir.storage.characters import SqlCharacterRepository
from boudoir.storage.engine import create_engine
from boudoir.storage.invitations import SqlInvitationRepository
from boudoir.storage.logins import SqlLoginRepository
from boudoir.storage.logs import SqlLogRepository
from boudoir.storage.mail import SqlMailRepository
from boudoir.storage.migrator import check_current, migrate_engine
from boudoir.storage.moderation import SqlModerationRepository
from boudoir.storage.names import SqlNameIndex
from boudoir.storage.relations import SqlRelationRepository
from boudoir.storage.rooms import SqlRoomRepository
from boudoir.storage.world import SqlWorldRepository


class SqlStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._accounts = SqlAccountRepository(engine)
        self._characters = SqlCharacterRepository(engine)
        self._names = SqlNameIndex(engine)
        self._rooms = SqlRoomRepository(engine)
        self._relations = SqlRelationRepository(engine)
        self._logins = SqlLoginRepository(engine)
        self._logs = SqlLogRepository(engine)
        self._moderation = SqlModerationRepository(engine)
        self._automod = SqlAutomodRepository(engine)
        self._world = SqlWorldRepository(engine)
        self._mail = SqlMailRepository(engine)
        self._invitations = SqlInvitationRepository(engine)

    @property
    def engine(self) -> AsyncEngine:
        """For health checks and tests; the repositories are the way to read and write."""
        return self._engine

    @property
    def accounts(self) -> SqlAccountRepository:
        return self._accounts

    @property
    def characters(self) -> SqlCharacterRepository:
        return self._characters

    @property
    def names(self) -> SqlNameIndex:
        return self._names

    @property
    def rooms(self) -> SqlRoomRepository:
        return self._rooms

    @property
    def relations(self) -> SqlRelationRepository:
        return self._relations

    @property
    def logins(self) -> SqlLoginRepository:
        return self._logins

    @property
    def logs(self) -> SqlLogRepository:
        return self._logs

    @property
    def automod(self) -> SqlAutomodRepository:
        return self._automod

    @property
    def moderation(self) -> SqlModerationRepository:
        return self._moderation

    @property
    def world(self) -> SqlWorldRepository:
        return self._world

    @property
    def mail(self) -> SqlMailRepository:
        return self._mail

    @property
    def invitations(self) -> SqlInvitationRepository:
        return self._invitations

    async def close(self) -> None:
        """Close every pooled connection. Nothing is pending: writes commit as they happen."""
        await self._engine.dispose()

    async def __aenter__(self) -> SqlStore:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


async def open_store(url: str, *, migrate: bool = True) -> SqlStore:
    """Open the store at ``url`` (see ``engine.normalize_url``).

    With ``migrate`` (the default) the schema is first brought up to date; without it, a schema
    that is not current raises ``migrator.SchemaNotCurrent`` telling the operator to run
    ``boudoir migrate``.
    """
    engine = create_engine(url)
    try:
        if migrate:
            await migrate_engine(engine)
        else:
            await check_current(engine)
    except BaseException:
        await engine.dispose()
        raise
    return SqlStore(engine)
