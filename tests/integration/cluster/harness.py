"""Real nodes for the cluster suites: ``boudoir serve`` processes sharing one PostgreSQL
database and one Redis, each with its web, IRC and telnet listeners, and the people who use
them: a browser over the WebSocket (``web_socket.harness.Browser``), an IRC client
(``irc.clients.raw_client``) and a MU* client (``telnet.harness.TelnetPerson``).

``OwnPostgres`` is a PostgreSQL server of the test's own (Debian's ``initdb`` and ``pg_ctl`` on
a temporary directory and a free port), to stop and start again; the machine's is never
touched.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from ..irc.clients import RawClient
from ..irc.harness import PASSWORD
from ..server import ServerProcess, Servers, boudoir_environment
from ..telnet.harness import TelnetPerson
from ..web_socket.harness import Browser

NODE_TIMEOUT = 2.0
"""Seconds without a beat before a node is taken for dead: short, so a test waits little."""


class Cluster:
    """Nodes started for one test: one database, one Redis, one cluster name."""

    def __init__(self, servers: Servers, tmp: Path, database: str, redis: str, name: str):
        self.servers = servers
        self.tmp = tmp
        self.database = database
        self.redis = redis
        self.name = name

    def arguments(self, node: str) -> tuple[str, ...]:
        return (
            *("--database-url", self.database, "--redis-url", self.redis),
            *("--node-id", node, "--irc-port", "auto", "--telnet-port", "auto"),
        )

    def environment(self) -> dict[str, str]:
        return boudoir_environment(
            BOUDOIR_CLUSTER_NAME=self.name, BOUDOIR_NODE_TIMEOUT_SECONDS=str(NODE_TIMEOUT)
        )

    def start(
        self, *nodes: str, arguments: Sequence[str] = (), **variables: str
    ) -> list[ServerProcess]:
        """Start ``nodes`` side by side, with ``arguments`` and the environment ``variables``
        besides the cluster's, and return them once each is ready."""
        environment = {**self.environment(), **variables}
        started = [
            self.servers.spawn(
                self.tmp / node, *self.arguments(node), *arguments, environment=environment
            )
            for node in nodes
        ]
        for server in started:
            server.wait_ready()
        return started


def port(server: ServerProcess, listener: str) -> int:
    number = urlsplit(server.listeners[listener]).port
    assert number is not None
    return number


def register(server: ServerProcess, *names: str) -> None:
    """Sign ``names`` up (attested adults, the suites' password) through ``server``."""
    for name in names:
        body = {"name": name, "password": PASSWORD, "born": "1990-05-17", "attest": True}
        answer = httpx.post(f"{server.web}/api/v1/accounts", json=body, timeout=10)
        assert answer.status_code == 201, answer.text


def log_in(server: ServerProcess, name: str) -> httpx.Response:
    body = {"name": name, "password": PASSWORD}
    return httpx.post(f"{server.web}/api/v1/session", json=body, timeout=10)


def open_to_anyone(server: ServerProcess, name: str) -> None:
    """``name`` takes direct messages and invitations from anyone (strangers' first ones wait
    as requests), set over the HTTP API before they connect anywhere."""
    with httpx.Client(base_url=server.web, timeout=10) as http:
        answer = http.post("/api/v1/session", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        changed = http.patch(
            "/api/v1/account/settings",
            json={"dm_policy": "anyone"},
            headers={"x-csrf-token": answer.json()["csrf_token"]},
        )
        assert changed.is_success, changed.text


async def open_socket(server: ServerProcess, cookie: str) -> ClientConnection:
    """A WebSocket to ``server`` with the login cookie ``cookie``."""
    address = urlsplit(server.web)
    return await websockets.connect(
        f"ws://{address.netloc}/api/v1/socket",
        subprotocols=[websockets.Subprotocol("boudoir.v1")],
        additional_headers={"Cookie": f"boudoir_session={cookie}"},
        origin=websockets.Origin(server.web),
    )


async def browser(server: ServerProcess, name: str) -> Browser:
    """A browser logged in as ``name`` on ``server``, its ``welcome`` read."""
    answer = log_in(server, name)
    assert answer.status_code == 200, answer.text
    person = Browser(name, await open_socket(server, answer.cookies["boudoir_session"]))
    await person.expect("welcome")
    return person


HAPROXY_DEFAULTS = """
global
    maxconn 1000
defaults
    timeout connect 5s
    timeout client 1m
    timeout server 1m
"""


class Balancer:
    """HAProxy (``haproxy -db``) in front of the nodes, from a configuration of the test's own
    (``HAPROXY_DEFAULTS`` and its frontends and backends); stopped by ``close``. Without
    haproxy the test is skipped, or fails under ``CI=true``."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @staticmethod
    def program() -> str:
        """The haproxy program; without it the test is skipped, or fails under ``CI=true``."""
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(
                    "haproxy is not installed; CI=true requires it (scripts/test installs it)"
                )
            pytest.skip("haproxy is not installed (apt-get install haproxy)")
        return haproxy

    @classmethod
    async def start(cls, tmp: Path, sections: str) -> Balancer:
        haproxy = cls.program()
        config = tmp / "haproxy.cfg"
        config.write_text(HAPROXY_DEFAULTS + sections)
        process = await asyncio.create_subprocess_exec(
            haproxy, "-db", "-f", str(config), stdout=asyncio.subprocess.DEVNULL
        )
        return cls(process)

    async def listening(self, port: int) -> None:
        """Return once the balancer accepts connections on ``port`` (it binds every frontend
        before it serves any)."""
        _, writer = await connect_when_listening(lambda: asyncio.open_connection("127.0.0.1", port))
        writer.close()
        await writer.wait_closed()

    async def close(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
        await self.process.wait()


T = TypeVar("T")


async def connect_when_listening(connect: Callable[[], Awaitable[T]]) -> T:
    """``connect()`` once the balancer listens (it starts in a few milliseconds)."""
    for _ in range(100):
        try:
            return await connect()
        except ConnectionRefusedError:
            await asyncio.sleep(0.05)
    return await connect()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        number: int = probe.getsockname()[1]
        return number


POSTGRES_BIN = Path("/usr/lib/postgresql")


def postgres_tools() -> Path | None:
    """Debian's PostgreSQL programs (``initdb``, ``pg_ctl``), newest version first."""
    if not POSTGRES_BIN.is_dir():
        return None
    for version in sorted(POSTGRES_BIN.iterdir(), key=lambda p: p.name, reverse=True):
        if (version / "bin" / "pg_ctl").exists():
            return version / "bin"
    return None


class OwnPostgres:
    """A PostgreSQL server of the test's own on a free loopback port, to stop and start.
    As root it runs as the ``postgres`` user (PostgreSQL refuses root)."""

    def __init__(self, tools: Path) -> None:
        self.tools = tools
        self.directory = Path(tempfile.mkdtemp(prefix="boudoir-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.running = False
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.tools / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, f"{program} failed:\n{done.stdout}\n{done.stderr}"

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        """Start the server and return once it accepts connections."""
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        log = str(self.directory / "postgres.log")
        self._run(
            "pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l", log, "-o", options
        )
        self.running = True

    def stop(self) -> None:
        """Stop at once, as a crash or a lost database machine would (``-m immediate``)."""
        if self.running:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
            self.running = False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# --- Sync points: what a node knows of the others' people, asked once per round trip --------

ROUNDS = 500
"""Questions asked before giving up: each is a round trip, so a failing test waits seconds."""


async def irc_names(irc: RawClient, room: str) -> set[str]:
    """Who NAMES lists in ``room`` (without prefixes)."""
    irc.send(f"NAMES {room}")
    lines = await irc.inbox.until("366", irc.name, room)
    return {
        name.lstrip("@+%~&")
        for line in lines
        if line.command == "353"
        for name in line.params[-1].split()
    }


async def until_named(irc: RawClient, room: str, *names: str) -> None:
    """Wait until ``irc``'s node shows ``names`` in ``room``: before joining a room, so that
    the join is shown to everyone already there (a node shows an arrival to those it knows)."""
    for _ in range(ROUNDS):
        if set(names) <= await irc_names(irc, room):
            return
    raise AssertionError(f"{irc.name}'s node never showed {names} in {room}")


async def until_listed_in(web: Browser, room: str, *names: str) -> None:
    """As ``until_named``, through the room directory a browser reads."""
    for _ in range(ROUNDS):
        listing = await web.call("rooms")
        people = {p for r in listing["rooms"] if r["name"] == room for p in r["people"]}
        if set(names) <= people:
            return
    raise AssertionError(f"{web.name}'s node never listed {names} in {room}")


async def until_online(irc: RawClient, name: str) -> None:
    """Wait until ``irc``'s node knows ``name`` is online (MONITOR: 730 online, 731 not)."""
    for _ in range(ROUNDS):
        mark = irc.inbox.mark()
        irc.send(f"MONITOR + {name}", f"MONITOR - {name}")
        await irc.settled()
        if any(line.command == "730" for line in irc.inbox.since(mark)):
            return
    raise AssertionError(f"{irc.name}'s node never saw {name} online")


async def until_listed(web: Browser, name: str) -> None:
    """Wait until ``web``'s node lists ``name`` online (``who``)."""
    for _ in range(ROUNDS):
        if name in {p["name"] for p in (await web.call("who"))["people"]}:
            return
    raise AssertionError(f"{web.name}'s node never listed {name} online")


async def close(
    web: Browser | None, irc: RawClient | None, tess: TelnetPerson | None = None
) -> None:
    if web is not None:
        await web.socket.close()
    if irc is not None:
        await irc.close()
    if tess is not None:
        await tess.close()
