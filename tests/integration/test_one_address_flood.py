"""One address holding idle and half-open connections on every port cannot keep anyone else
out: the whole server as ``boudoir serve`` builds it (web, IRC, IRC over TLS, telnet, telnet
over TLS) in the test's loop; the flood comes from 127.0.0.2, the people from 127.0.0.1.

Every wait is bounded; nothing sleeps for timing.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import websockets

from boudoir.app import Core, build_gateways, open_core, start_all
from boudoir.gateways.admission import ConnectionCeiling, connection_ceiling
from boudoir.settings import Settings
from boudoir.tls import certificate_paths

from .irc.clients import raw_client
from .telnet.harness import TelnetPerson
from .web_socket.harness import BORN, PASSWORD

pytestmark = pytest.mark.slow

FLOOD_FROM = "127.0.0.2"
"""Linux routes all of 127.0.0.0/8 to loopback: a second address on the same machine."""
LIMIT = 4
"""Connections per address on each port, small so the test stays small."""
WAIT = 10.0
"""Seconds to wait for the server to close or answer; only a failing test waits this long."""
PORTS = ("web", "irc", "telnet")


@dataclass
class Server:
    core: Core
    ports: dict[str, int]
    certificate: Path
    ceiling: ConnectionCeiling
    held: list[asyncio.StreamWriter] = field(default_factory=list)

    async def flood(self, name: str, first_bytes: bytes = b"") -> asyncio.StreamReader:
        """A connection from ``FLOOD_FROM`` to listener ``name`` that sends ``first_bytes`` (by
        default nothing: for TLS, no ClientHello) and then nothing more."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((FLOOD_FROM, 0))
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", self.ports[name]))
        reader, writer = await asyncio.open_connection(sock=sock)
        writer.write(first_bytes)
        self.held.append(writer)
        return reader

    def trusted(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.certificate)


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """What the server said before it closed the connection (fails after ``WAIT``)."""
    said = b""
    async with asyncio.timeout(WAIT):
        with contextlib.suppress(ConnectionError):
            while chunk := await reader.read(4096):
                said += chunk
    return said


@contextlib.asynccontextmanager
async def serve(
    tmp_path: Path, ceiling: ConnectionCeiling | None = None, **settings: object
) -> AsyncIterator[Server]:
    """Every listener on a free port of 127.0.0.1, as ``boudoir serve`` builds them, sharing
    ``ceiling`` (by default one as ``boudoir serve`` makes)."""
    built = Settings(
        data_dir=tmp_path,
        host="127.0.0.1",
        web_port="auto",
        irc_port="auto",
        irc_tls_port="auto",
        telnet_port="auto",
        telnet_tls_port="auto",
        **settings,  # type: ignore[arg-type]
    )
    async with open_core(built) as core:
        await core.world.places.open_default_room()
        if ceiling is None:
            ceiling = ConnectionCeiling(connection_ceiling(built.max_connections, 4096))
        gateways = build_gateways(core, ceiling)
        listeners = await start_all(gateways)
        ports = {listener.name: urlsplit(listener.url).port or 0 for listener in listeners}
        server = Server(core, ports, certificate_paths(built)[0], ceiling)
        async with asyncio.TaskGroup() as tasks:
            for gateway in gateways:
                tasks.create_task(gateway.run())
            try:
                yield server
            finally:
                for writer in server.held:
                    writer.transport.abort()
                for gateway in gateways:
                    gateway.close("test over")


async def log_in_everywhere(server: Server, name: str) -> None:
    """``name`` (from 127.0.0.1) logs in on every gateway, plain and TLS, and is welcomed."""
    world = server.core.world
    account = await world.accounts.register(name, PASSWORD, BORN, attest=True)
    token, _ = await world.logins.start(account.id, "test browser")
    async with websockets.connect(
        f"ws://127.0.0.1:{server.ports['web']}/api/v1/socket",
        subprotocols=[websockets.Subprotocol("boudoir.v1")],
        additional_headers={"Cookie": f"boudoir_session={token}"},
        open_timeout=WAIT,
    ) as browser:
        async with asyncio.timeout(WAIT):
            assert '"welcome"' in str(await browser.recv())
    for port, tls in ((server.ports["irc"], None), (server.ports["irc-tls"], server.trusted())):
        irc = await raw_client(port, name, tls=tls)
        assert irc.inbox.seen("900", name)
        await irc.close()
    telnet = await TelnetPerson.log_in(server.ports["telnet"], name)
    await telnet.close()
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", server.ports["telnet-tls"], ssl=server.trusted(), server_hostname="localhost"
    )
    telnet = TelnetPerson(name, reader, writer)
    await telnet.command(f"connect {name} {PASSWORD}", f"You are {name}")
    await telnet.close()


async def test_one_address_flooding_every_port_keeps_no_one_else_out(tmp_path: Path) -> None:
    async with serve(
        tmp_path,
        web_max_connections_per_address=LIMIT,
        irc_max_connections_per_address=LIMIT,
        telnet_max_connections_per_address=LIMIT,
    ) as server:
        # Up to the limit, held open: idle, or a request head never finished.
        for name in PORTS:
            for n in range(LIMIT):
                half = b"GET / HTTP/1.1\r\nHost: localhost\r\n" if name == "web" and n % 2 else b""
                await server.flood(name, half)
        # Past it, each is refused at once.
        refusals = {name: await closed_by_server(await server.flood(name)) for name in PORTS}
        assert b"429" in refusals["web"]
        assert b"Too many connections from your address" in refusals["web"]
        assert refusals["irc"] == b"ERROR :Too many connections from your address\r\n"
        assert b"Too many connections from your address" in refusals["telnet"]
        # Someone at another address gets in everywhere meanwhile.
        await log_in_everywhere(server, "Ada")


async def test_idle_and_half_open_connections_are_closed_after_their_timeout(
    tmp_path: Path,
) -> None:
    async with serve(
        tmp_path, web_request_timeout_seconds=0.5, tls_handshake_timeout_seconds=0.5
    ) as server:
        silent = [await server.flood(name) for name in ("web", "irc-tls", "telnet-tls")]
        half_head = await server.flood("web", b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        # A kept-alive connection that starts its next request and never finishes it.
        kept = await server.flood(
            "web", b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTT"
        )
        for reader in (*silent, half_head):
            assert await closed_by_server(reader) == b""
        assert b"200 OK" in await closed_by_server(kept)


async def test_past_the_server_ceiling_every_gateway_refuses_at_once(tmp_path: Path) -> None:
    async with serve(tmp_path, max_connections=3) as server:
        for _ in range(3):
            await server.flood("irc")
        reader, writer = await asyncio.open_connection("127.0.0.1", server.ports["irc"])
        assert await closed_by_server(reader) == b"ERROR :The server is full; try again later\r\n"
        writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.ports["telnet"])
        assert b"The server is full; try again later" in await closed_by_server(reader)
        writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.ports["web"])
        said = await closed_by_server(reader)
        assert said.startswith(b"HTTP/1.1 503 ")
        assert b"The server is full" in said
        writer.close()
