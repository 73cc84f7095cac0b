"""The nodes under test: ``boudoir serve`` processes sharing one PostgreSQL database and one
Redis, each our own child process, optionally pinned to one core with ``taskset``.

- The database is made fresh for one invocation (``CREATE DATABASE`` with a unique name on
  the admin URL's server) and dropped at the end; the accounts are created in it once, before
  any clock starts.
- Each start of a set of nodes takes a cluster name of its own (``BOUDOIR_CLUSTER_NAME``), so
  its Redis channels and keys meet no other run's and no other user's of the same Redis.
- A node is stopped by its own pid (SIGTERM, then SIGKILL) and dies with the orchestrator,
  like every server of ``bench.irc``.

Imports the standard library, asyncpg, redis, ``bench.irc`` and, for the accounts, ``boudoir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from bench.irc import servers
from redis import Redis
from redis.exceptions import RedisError

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
"""The server to make the benchmark's database on (``BOUDOIR_TEST_POSTGRES_URL``, as the
tests): a role allowed to create databases. Its own database is never touched."""
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
CONNECT_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Node:
    """A started node: its name, pid, IRC port and the core it is pinned to (None: any)."""

    name: str
    pid: int
    port: int
    cpu: int | None


def postgres_url_from_environment() -> str:
    return os.environ.get("BOUDOIR_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def redis_url_from_environment() -> str:
    return os.environ.get("BOUDOIR_TEST_REDIS_URL") or DEFAULT_REDIS_URL


def _libpq(url: str, database: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(_libpq(url), timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on ``admin_url``'s server; its URL; dropped on leaving."""
    name = f"boudoir_bench_{secrets.token_hex(6)}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        yield _libpq(admin_url, name)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def create_accounts(scratch: Path, database_url: str, count: int) -> None:
    """``u0001`` .. with the benchmark's password, each with a character of the same name."""
    asyncio.run(servers._create_accounts(scratch / "accounts", count, database_url))


def unreachable_reason(postgres_url: str, redis_url: str) -> str | None:
    """None when both PostgreSQL and Redis answer; otherwise which does not, and why."""

    async def postgres() -> None:
        connection = await asyncpg.connect(_libpq(postgres_url), timeout=CONNECT_TIMEOUT_SECONDS)
        await connection.close()

    try:
        asyncio.run(postgres())
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"PostgreSQL unreachable ({type(error).__name__}: {error})"
    client = Redis.from_url(redis_url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        client.ping()
    except (OSError, RedisError) as error:
        return f"Redis unreachable ({type(error).__name__}: {error})"
    finally:
        client.close()
    return None


def redis_pid(url: str) -> int | None:
    """The pid of the Redis server at ``url`` when it runs on this machine (its CPU is then
    read from ``/proc`` like the nodes'), else None."""
    client = Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        pid = int(client.info("server")["process_id"])
    finally:
        client.close()
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def cluster_name() -> str:
    return "boudoir-bench-" + secrets.token_hex(4)


@contextlib.contextmanager
def start_nodes(
    scratch: Path,
    database_url: str,
    redis_url: str,
    cpus: Sequence[int | None],
    python: str = sys.executable,
) -> Iterator[list[Node]]:
    """One node per entry of ``cpus`` (``a``, ``b``, ...), pinned to that core unless None,
    started one after the other in a cluster of their own; stopped on leaving."""
    environment = {
        **os.environ,
        **servers.BOUDOIR_FLOOD_LIMITS,
        "BOUDOIR_CLUSTER_NAME": cluster_name(),
    }
    with contextlib.ExitStack() as stack:
        nodes: list[Node] = []
        for number, cpu in enumerate(cpus):
            name = "abcdefgh"[number]
            directory = servers._unique_dir(scratch, f"node-{name}")
            pinned = [] if cpu is None else ["taskset", "--cpu-list", str(cpu)]
            command = [
                *pinned,
                *(python, "-m", "boudoir", "serve", "--data-dir", str(directory / "data")),
                *("--web-port", "0", "--irc-port", "auto", "--irc-tls-port", "0"),
                *("--telnet-port", "0", "--telnet-tls-port", "0"),
                *("--log-level", "warning"),
                *("--database-url", database_url, "--redis-url", redis_url),
                *("--node-id", name),
            ]
            log = directory / "boudoir.log"
            # taskset execs the server: the pid is the node's.
            process = stack.enter_context(servers._child(command, log, environment))
            port = servers._wait_boudoir_ready(process, log)
            nodes.append(Node(name, process.pid, port, cpu))
        yield nodes
