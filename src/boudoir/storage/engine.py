"""Database URLs, engines and transactions for SQLite (embedded) and PostgreSQL (production).

Imports SQLAlchemy, asyncpg's exception classes, ``boudoir.domain.errors`` and the standard
library only.

A database that cannot be reached (PostgreSQL restarting or stopped, its machine lost, a
connection cut mid-transaction) raises ``StoreUnavailable`` from every transaction: the
gateways tell the user so in plain words, as any refusal, and the connection stays.

SQLite settings, and why:

- ``journal_mode=WAL``: readers never wait for the writer, so the server keeps serving logins
  while ``boudoir account ...`` writes from another process.
- ``synchronous=FULL``: in WAL mode, NORMAL is already safe against the process being killed
  (``kill -9``: the commit is in the WAL in the OS cache), but not against power loss or an OS
  crash, which may roll back the last commits. The store only writes on account, profile and
  room changes, never per message, so the cost of one fsync per commit buys "acknowledged means
  durable" everywhere. See https://www.sqlite.org/pragma.html#pragma_synchronous and
  https://www.sqlite.org/wal.html.
- ``foreign_keys=ON``: SQLite does not enforce foreign keys otherwise, and erasure relies on
  ``ON DELETE CASCADE``.
- ``busy_timeout``: wait for another process's write instead of failing at once.
- SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN``: reads start a deferred transaction
  (a consistent snapshot) and writes ``BEGIN IMMEDIATE``, which takes the write lock up front,
  so that ``busy_timeout`` applies. A deferred transaction that reads and then writes can fail
  with "database is locked" without waiting, when another connection wrote in between. See
  https://www.sqlite.org/lang_transaction.html and SQLAlchemy's "sqlite_transactions" notes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from boudoir.domain.errors import StoreUnavailable

SQLITE_FILE_NAME = "boudoir.sqlite3"
"""The database file inside the data directory."""

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write to finish. Our write transactions last
milliseconds; ten seconds covers a slow disk and a CLI run without hanging a login forever."""

_WRITE_OPTION = "boudoir_write"
"""Execution option marking a connection whose transaction will write (``BEGIN IMMEDIATE``)."""

POSTGRES_CONNECT_TIMEOUT_SECONDS = 5.0
"""How long opening a PostgreSQL connection may take before the database counts as away
(asyncpg's own default is a minute: a login would hang that long on a lost machine)."""

_UNREACHABLE_ERRORS = (
    OSError,  # refused, reset, timed out
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.AdminShutdownError,
    asyncpg.ConnectionDoesNotExistError,  # cut mid-transaction
)

_SQLITE_DRIVER = "sqlite+aiosqlite"
_POSTGRES_DRIVER = "postgresql+asyncpg"
_POSTGRES_ALIASES = frozenset({"postgres", "postgresql", "postgresql+asyncpg"})
_SQLITE_ALIASES = frozenset({"sqlite", "sqlite+aiosqlite"})


class UnsupportedDatabase(ValueError):
    """The URL names a database or driver that Boudoir does not support."""


def sqlite_url_for_data_dir(data_dir: Path) -> str:
    """The URL of the embedded store: ``boudoir.sqlite3`` inside ``data_dir``."""
    path = (data_dir / SQLITE_FILE_NAME).resolve()
    return f"{_SQLITE_DRIVER}:///{path}"


def normalize_url(url: str) -> URL:
    """Parse ``url`` and pick the async driver Boudoir uses.

    Accepts ``sqlite:///path`` and ``sqlite+aiosqlite:///path``, and ``postgres://``,
    ``postgresql://`` or ``postgresql+asyncpg://`` URLs (as hosting providers hand them out).
    A libpq-style ``sslmode`` query parameter becomes asyncpg's ``ssl``.
    """
    try:
        parsed = make_url(url)
    except Exception as error:
        raise UnsupportedDatabase(f"Not a database URL: {_redacted(url)}") from error
    driver = parsed.drivername
    if driver in _SQLITE_ALIASES:
        return parsed.set(drivername=_SQLITE_DRIVER)
    if driver in _POSTGRES_ALIASES:
        parsed = parsed.set(drivername=_POSTGRES_DRIVER)
        if "sslmode" in parsed.query:
            query = dict(parsed.query)
            query["ssl"] = query.pop("sslmode")
            parsed = parsed.set(query=query)
        return parsed
    raise UnsupportedDatabase(
        f"Boudoir stores data in SQLite (sqlite:///path) or PostgreSQL (postgresql://...), "
        f"not {driver!r}."
    )


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparsable)"


POOL_WAIT_SECONDS: Final = 300.0
"""How long a store operation waits for a pooled connection before it fails. SQLAlchemy's
default, 30 s, failed thousands of logins when everyone reconnected at once after a restart:
they must wait their turn, as the password checks do, not fail."""


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _is_memory_sqlite(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def create_engine(url: str) -> AsyncEngine:
    """An engine for ``url`` (see ``normalize_url``), with Boudoir's connection settings."""
    parsed = normalize_url(url)
    if not is_sqlite(parsed):
        # pool_pre_ping: a PostgreSQL restart or failover must not fail the next login.
        return create_async_engine(
            parsed,
            pool_pre_ping=True,
            pool_timeout=POOL_WAIT_SECONDS,
            connect_args={"timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS},
        )
    options: dict[str, Any] = {}
    if _is_memory_sqlite(parsed):
        # One shared connection, or every checkout would see its own empty database.
        options["poolclass"] = StaticPool
    else:
        options["pool_timeout"] = POOL_WAIT_SECONDS
        Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, **options)
    _configure_sqlite(engine)
    return engine


def _set_wal(cursor: Any) -> None:
    """Switch to WAL. Switching needs an exclusive lock and SQLite's busy handler does not wait
    for it, so a process opening a new database while another migrates it retries here, within
    the same busy timeout (this runs in the driver's thread, never on the event loop)."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _configure_sqlite(engine: AsyncEngine) -> None:
    def on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Hand BEGIN over to SQLAlchemy (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            _set_wal(cursor)
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
        finally:
            cursor.close()

    def on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "begin", on_begin)


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached, rather than that it refused
    a statement. SQLAlchemy wraps the driver's error; its cause chain holds the driver's own."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(seen, _UNREACHABLE_ERRORS):
            return True
        seen = seen.__cause__ or (seen.orig if isinstance(seen, DBAPIError) else None)
    return False


@asynccontextmanager
async def read_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a read transaction: one consistent snapshot, rolled back at the end."""
    try:
        async with engine.connect() as connection:
            yield connection
    except Exception as error:
        if unreachable(error):
            raise StoreUnavailable() from error
        raise


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a write transaction, committed before the block is left.

    On SQLite this takes the write lock at once (``BEGIN IMMEDIATE``), waiting up to
    ``SQLITE_BUSY_TIMEOUT_MS`` for another writer.
    """
    try:
        async with engine.connect() as connection:
            await connection.execution_options(**{_WRITE_OPTION: True})
            async with connection.begin():
                yield connection
    except Exception as error:
        if unreachable(error):
            raise StoreUnavailable() from error
        raise
