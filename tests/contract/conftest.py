"""Fixtures for the store contract suite: every test runs against SQLite and PostgreSQL.

PostgreSQL comes from ``BOUDOIR_TEST_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/test``): a server and a role allowed to create
databases. Tests never touch that database itself; they create uniquely named databases next
to it and drop them afterwards. When the server is unreachable the PostgreSQL tests are
skipped, or fail under ``CI=true``, so that CI cannot silently test SQLite only.

Reusable pieces for other suites: the ``postgres_url`` fixture (a fresh, empty database per
test, not migrated) and the helpers ``fresh_postgres_database`` and ``empty_postgres_database``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NoReturn

import asyncpg  # type: ignore[import-untyped]
import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from boudoir.core.ports import Store
from boudoir.storage import SqlStore, migrate, open_store, sqlite_url_for_data_dir
from boudoir.storage.tables import metadata
from boudoir.testing.fakes import MemoryStore

from .builders import Make

POSTGRES_URL_VARIABLE = "BOUDOIR_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_CONNECT_TIMEOUT = 5.0
"""Seconds; a server that takes longer to accept a connection counts as unreachable."""


# --- PostgreSQL helpers -------------------------------------------------------------------


def postgres_admin_url() -> str:
    """The server to create test databases on, from the environment."""
    return os.environ.get(POSTGRES_URL_VARIABLE) or DEFAULT_POSTGRES_URL


def libpq_url(url: str, *, database: str | None = None) -> str:
    """``url`` as asyncpg and libpq take it (``postgresql://``), optionally naming another
    database on the same server."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def postgres_unreachable_reason(admin_url: str) -> str | None:
    """None when we can connect to ``admin_url``; otherwise why not."""
    try:
        connection = await asyncpg.connect(libpq_url(admin_url), timeout=POSTGRES_CONNECT_TIMEOUT)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        shown = make_url(admin_url).render_as_string(hide_password=True)
        return f"PostgreSQL unreachable at {shown} ({type(error).__name__}: {error})"
    await connection.close()
    return None


def skip_or_fail(reason: str) -> NoReturn:
    """Skip locally; fail under CI, where PostgreSQL is supposed to be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires PostgreSQL (set {POSTGRES_URL_VARIABLE})")
    pytest.skip(f"{reason}; set {POSTGRES_URL_VARIABLE} to run the PostgreSQL tests")


@asynccontextmanager
async def fresh_postgres_database(admin_url: str) -> AsyncIterator[str]:
    """Create an empty database with a unique name on ``admin_url``'s server, yield its URL,
    then drop it (closing any connection left open)."""
    name = f"boudoir_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(libpq_url(admin_url), timeout=POSTGRES_CONNECT_TIMEOUT)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield libpq_url(admin_url, database=name)
    finally:
        admin = await asyncpg.connect(libpq_url(admin_url), timeout=POSTGRES_CONNECT_TIMEOUT)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def empty_postgres_database(url: str) -> None:
    """Delete every row Boudoir stores, keeping the schema: a migrated database as new.

    ``DELETE`` children first rather than ``TRUNCATE``: on tables this small it takes a fraction
    of a millisecond where ``TRUNCATE`` takes tens, and the suite does it before every test.
    """
    statements = "; ".join(
        f'DELETE FROM "{table.name}"' for table in reversed(metadata.sorted_tables)
    )
    connection = await asyncpg.connect(libpq_url(url), timeout=POSTGRES_CONNECT_TIMEOUT)
    try:
        await connection.execute(statements)
    finally:
        await connection.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def postgres_server() -> str:
    """The admin URL of a reachable PostgreSQL server (skips or fails otherwise)."""
    url = postgres_admin_url()
    reason = await postgres_unreachable_reason(url)
    if reason is not None:
        skip_or_fail(reason)
    return url


@pytest_asyncio.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database (no schema yet), dropped after the test."""
    async with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def contract_postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """One migrated database for the whole contract suite, emptied before each test."""
    async with fresh_postgres_database(postgres_server) as url:
        await migrate(url)
        yield url


# --- The stores under test ----------------------------------------------------------------

POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.postgres)
SQL_BACKENDS = ["sqlite", POSTGRESQL]
STORE_BACKENDS = ["memory", *SQL_BACKENDS]
"""The in-memory fake (``boudoir.testing.fakes``) runs the behaviour tests too, so that core
tests written against it hold for the real stores."""


def _sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url_for_data_dir(tmp_path)
    url: str = request.getfixturevalue("contract_postgres_url")
    return url


async def _open_empty(url: str) -> SqlStore:
    if url.startswith("postgres"):
        # Migrated once for the session (``contract_postgres_url``); emptied for each test.
        await empty_postgres_database(url)
        return await open_store(url, migrate=False)
    return await open_store(url)


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """Where the store under test lives; None for the in-memory fake."""
    if request.param == "memory":
        return None
    return _sql_url(request, tmp_path)


@pytest_asyncio.fixture
async def store(store_url: str | None) -> AsyncIterator[Store]:
    """An empty store: the in-memory fake, SQLite and PostgreSQL in turn."""
    opened: Store = MemoryStore() if store_url is None else await _open_empty(store_url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(params=SQL_BACKENDS)
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a migrated store, SQLite and PostgreSQL in turn; see ``sql_store``."""
    return _sql_url(request, tmp_path)


@pytest_asyncio.fixture
async def sql_store(sql_url: str) -> AsyncIterator[SqlStore]:
    """An empty SQL store at ``sql_url``."""
    opened = await _open_empty(sql_url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(params=SQL_BACKENDS)
def unmigrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a brand-new database Boudoir never touched, SQLite and PostgreSQL in turn."""
    if request.param == "sqlite":
        return sqlite_url_for_data_dir(tmp_path / "fresh")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def make(store: Store) -> Make:
    """Builds entities; ``await make.stored_account("Alice")`` also adds them to ``store``."""
    return Make(store)
