"""On the TLS ports (IRC and telnet), a connection is counted against its address and the
server's ceiling when it is accepted, before its handshake: one address cannot hold a pile of
unfinished handshakes, a refused connection is closed at once, and every counted slot comes
back when its connection ends, whether it logged in, failed its handshake or timed out.

The whole server as ``boudoir serve`` builds it, run on the event loop ``boudoir serve`` runs
(uvloop where installed) by ``boudoir.app.run``. The flood comes from 127.0.0.2, the people from
127.0.0.1. Every wait is bounded; the ceiling's count is waited on, never slept for.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest

from boudoir.app import run
from boudoir.gateways.admission import ConnectionCeiling

from .irc.clients import RawClient
from .test_one_address_flood import FLOOD_FROM, WAIT, Server, closed_by_server, log_in_everywhere
from .test_one_address_flood import serve as serve_everything

pytestmark = pytest.mark.slow

TLS_PORTS = ("irc-tls", "telnet-tls")
LIMIT = 3
"""Connections per address on each port, small so the test stays small."""
LONG_HANDSHAKE = 60.0
"""A handshake timeout far past ``WAIT``: a connection closed within ``WAIT`` was refused, not
cut for its silence."""


class WatchedCeiling(ConnectionCeiling):
    """The server's ceiling, which a test can wait on until it holds a given count."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self._changed = asyncio.Event()

    def admit(self) -> bool:
        admitted = super().admit()
        self._changed.set()
        return admitted

    def release(self) -> None:
        super().release()
        self._changed.set()

    async def holding(self, count: int) -> None:
        """Wait until exactly ``count`` connections are counted (fails after ``WAIT``)."""
        async with asyncio.timeout(WAIT):
            while self.open != count:
                self._changed.clear()
                await self._changed.wait()


def on_the_servers_loop(scenario: Coroutine[Any, Any, None]) -> None:
    """Run ``scenario`` on the loop ``boudoir serve`` uses: uvloop (a dependency wherever it
    builds), whose TLS transports are not asyncio's."""

    async def checked() -> None:
        assert type(asyncio.get_running_loop()).__module__.startswith("uvloop")
        await scenario

    run(checked())


async def tls_guest(server: Server, nick: str, source: str = "127.0.0.1") -> RawClient:
    """``nick`` connects from ``source`` to the IRC TLS port, verifies the server's certificate
    and registers as a guest: welcomed (001) or the test fails."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((source, 0))
        sock.setblocking(False)
        async with asyncio.timeout(WAIT):
            await asyncio.get_running_loop().sock_connect(
                sock, ("127.0.0.1", server.ports["irc-tls"])
            )
            reader, writer = await asyncio.open_connection(
                sock=sock, ssl=server.trusted(), server_hostname="localhost"
            )
    except BaseException:
        sock.close()
        raise
    client = RawClient(nick, reader, writer)
    try:
        await client.register(nick)
        assert client.inbox.seen("001", nick)
    except BaseException:
        await client.close()
        raise
    return client


def test_past_the_address_limit_a_tls_port_closes_a_connection_before_its_handshake(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        ceiling = WatchedCeiling(1000)
        async with serve_everything(
            tmp_path,
            ceiling,
            irc_max_connections_per_address=LIMIT,
            telnet_max_connections_per_address=LIMIT,
            tls_handshake_timeout_seconds=LONG_HANDSHAKE,
        ) as server:
            # Up to the limit on each TLS port, held open without a ClientHello: counted as
            # soon as they are accepted.
            for name in TLS_PORTS:
                for _ in range(LIMIT):
                    await server.flood(name)
            await ceiling.holding(2 * LIMIT)
            first_held = server.held[0]
            # Past it, closed at once, with no handshake and nothing counted.
            for name in TLS_PORTS:
                assert await closed_by_server(await server.flood(name)) == b""
            assert ceiling.open == 2 * LIMIT
            # Someone at another address logs in everywhere, the TLS ports included.
            await log_in_everywhere(server, "Ada")
            await ceiling.holding(2 * LIMIT)
            # One held connection gives up: the slot it had comes back to its address, and a
            # TLS client from there gets in.
            first_held.transport.abort()
            await ceiling.holding(2 * LIMIT - 1)
            guest = await tls_guest(server, "Wanderer", source=FLOOD_FROM)
            assert ceiling.open == 2 * LIMIT
            await guest.close()
            # When all are gone, nothing is left counted.
            for writer in server.held:
                writer.transport.abort()
            await ceiling.holding(0)

    on_the_servers_loop(scenario())


def test_past_the_server_ceiling_a_tls_port_closes_a_connection_before_its_handshake(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        ceiling = WatchedCeiling(LIMIT)
        async with serve_everything(
            tmp_path, ceiling, tls_handshake_timeout_seconds=LONG_HANDSHAKE
        ) as server:
            for _ in range(LIMIT):
                await server.flood("irc-tls")
            await ceiling.holding(LIMIT)
            for name in TLS_PORTS:
                assert await closed_by_server(await server.flood(name)) == b""
            server.held[0].transport.abort()
            await ceiling.holding(LIMIT - 1)
            guest = await tls_guest(server, "Wanderer")
            await guest.close()
            await ceiling.holding(LIMIT - 1)

    on_the_servers_loop(scenario())


def test_a_handshake_that_fails_or_times_out_gives_its_slot_back(tmp_path: Path) -> None:
    async def scenario() -> None:
        ceiling = WatchedCeiling(1000)
        async with serve_everything(
            tmp_path,
            ceiling,
            irc_max_connections_per_address=2,
            tls_handshake_timeout_seconds=0.5,
        ) as server:
            # Counted from the moment it is accepted, though it never says a word...
            silent = await server.flood("irc-tls")
            await ceiling.holding(1)
            # ... and so is one that speaks IRC at a TLS port, until its handshake fails.
            garbled = await server.flood("irc-tls", b"NICK Wanderer\r\nUSER w 0 * :w\r\n")
            for reader in (silent, garbled):
                await closed_by_server(reader)
            await ceiling.holding(0)
            # Both slots are free again: two TLS clients from that address get in at once.
            guests = await asyncio.gather(
                tls_guest(server, "Wanderer", source=FLOOD_FROM),
                tls_guest(server, "Rambler", source=FLOOD_FROM),
            )
            assert ceiling.open == 2
            for guest in guests:
                await guest.close()
            await ceiling.holding(0)

    on_the_servers_loop(scenario())


def test_many_tls_logins_in_a_row_and_at_once_are_all_welcomed(tmp_path: Path) -> None:
    async def scenario() -> None:
        ceiling = WatchedCeiling(1000)
        async with serve_everything(
            tmp_path, ceiling, irc_max_connections_per_address=100, irc_connect_burst=100
        ) as server:
            for n in range(50):
                guest = await tls_guest(server, f"Wanderer{n}")
                await guest.close()
            at_once = await asyncio.gather(*(tls_guest(server, f"Rambler{n}") for n in range(20)))
            assert ceiling.open == 20
            for guest in at_once:
                await guest.close()
            await ceiling.holding(0)

    on_the_servers_loop(scenario())
