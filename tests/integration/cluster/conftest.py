"""Fixtures for the cluster suites: the machine's Redis (``BOUDOIR_TEST_REDIS_URL``, default
``redis://127.0.0.1:6379/0``), or a Redis server of the test's own that it can stop and start
again. Each test takes a cluster name of its own, so its keys and channels never meet another
test's. Without Redis the tests are skipped, or fail under ``CI=true``.

PostgreSQL likewise: a fresh database on the machine's server for each test
(``BOUDOIR_TEST_POSTGRES_URL``), or a server of the test's own (``own_postgres``) to stop and
start again."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
import redis.asyncio as redis
from redis import Redis as SyncRedis

from contract.conftest import (
    fresh_postgres_database,
    postgres_admin_url,
    postgres_unreachable_reason,
)
from contract.conftest import skip_or_fail as postgres_skip_or_fail

from ..server import Servers
from .harness import Cluster, OwnPostgres, postgres_tools

REDIS_URL_VARIABLE = "BOUDOIR_TEST_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires Redis (set {REDIS_URL_VARIABLE})")
    pytest.skip(f"{reason}; set {REDIS_URL_VARIABLE} to run the cluster tests")


@pytest_asyncio.fixture
async def redis_url() -> AsyncIterator[str]:
    """The machine's Redis, checked to answer."""
    url = os.environ.get(REDIS_URL_VARIABLE) or DEFAULT_REDIS_URL
    client = redis.from_url(url, socket_connect_timeout=3)
    try:
        await client.ping()
    except (OSError, redis.RedisError) as error:
        skip_or_fail(f"Redis unreachable at {url} ({type(error).__name__}: {error})")
    finally:
        await client.aclose()
    yield url


@pytest.fixture
def cluster_name() -> str:
    return "boudoir-test-" + secrets.token_hex(4)


class OwnRedis:
    """A redis-server of the test's own on a free loopback port, to stop and start."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and return once it answers (a blocking second at most)."""
        self.process = subprocess.Popen(
            [
                *(shutil.which("redis-server") or "redis-server", "--port", str(self.port)),
                *("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                *("--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = SyncRedis.from_url(self.url, socket_connect_timeout=1)
        try:
            for _ in range(200):
                try:
                    client.ping()
                    return
                except (OSError, redis.RedisError):
                    time.sleep(0.01)
            raise RuntimeError("redis-server did not start")
        finally:
            client.close()

    def stop(self) -> None:
        """Kill the server (as a crash would)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed")
    server = OwnRedis(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest_asyncio.fixture
async def postgres_database() -> AsyncIterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped afterwards."""
    admin = postgres_admin_url()
    reason = await postgres_unreachable_reason(admin)
    if reason is not None:
        postgres_skip_or_fail(reason)
    async with fresh_postgres_database(admin) as url:
        yield url


@pytest.fixture
def nodes(
    postgres_database: str, redis_url: str, cluster_name: str, servers: Servers, tmp_path: Path
) -> Cluster:
    """Nodes over the machine's PostgreSQL (a database of the test's own) and Redis. The
    database comes first, so that it is dropped after the nodes have stopped."""
    return Cluster(servers, tmp_path, postgres_database, redis_url, cluster_name)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    """A PostgreSQL server of the test's own, running, with an empty database."""
    tools = postgres_tools()
    if tools is None:
        postgres_skip_or_fail(
            "PostgreSQL's programs are not installed (apt-get install postgresql)"
        )
    server = OwnPostgres(tools)
    try:
        server.create()
        server.start()
        yield server
    finally:
        server.remove()
