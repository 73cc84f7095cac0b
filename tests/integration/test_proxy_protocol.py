"""The PROXY protocol on the IRC and telnet listeners, plain and TLS: a connection from a
trusted balancer (``trusted_proxies``, here 127.0.0.1) must begin with a PROXY header, and is
counted against the client it names; a bad or missing header closes it with a log line; from
any other address (127.0.0.2) a header is never believed.

The whole server as ``boudoir serve`` builds it, in the test's loop, with one connection
allowed per address. Every wait is bounded; nothing sleeps for timing."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
import ssl
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from boudoir.gateways.admission import TOO_MANY

from .test_one_address_flood import WAIT, Server, closed_by_server, serve

pytestmark = pytest.mark.slow

BALANCER = "127.0.0.1"
ELSEWHERE = "127.0.0.2"
"""Linux routes all of 127.0.0.0/8 to loopback: a machine that is not the balancer."""
SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
GREETING = {"irc": b" 001 ", "telnet": b"connect <name> <password>"}
"""What an admitted client is told: IRC's welcome once it registers, telnet's login screen."""
_guests = itertools.count(1)


def registration(listener: str) -> bytes:
    """What registers a new guest on ``listener`` (each IRC guest with a nick of its own)."""
    if listener != "irc":
        return b""
    nick = f"guest{next(_guests)}"
    return f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\n".encode()


def v1(client: str) -> bytes:
    return f"PROXY TCP4 {client} 127.0.0.1 40000 6667\r\n".encode()


def v2(client: str) -> bytes:
    addresses = socket.inet_aton(client) + socket.inet_aton("127.0.0.1")
    body = addresses + struct.pack("!HH", 40000, 6667)
    return SIGNATURE + b"\x21\x11" + struct.pack("!H", len(body)) + body


V2_LOCAL = SIGNATURE + b"\x20\x00\x00\x00"
"""What HAProxy's health checks send: the connection is the balancer's own."""


@contextlib.asynccontextmanager
async def trusting(tmp_path: Path, **settings: object) -> AsyncIterator[Server]:
    async with serve(
        tmp_path,
        trusted_proxies=(f"{BALANCER}/32",),
        irc_max_connections_per_address=1,
        telnet_max_connections_per_address=1,
        **settings,
    ) as server:
        yield server


async def open_from(
    server: Server, listener: str, source: str, first: bytes
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A plain connection from ``source`` to ``listener`` that sends ``first``; closed when the
    test ends."""
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", server.ports[listener], local_addr=(source, 0)
    )
    writer.write(first)
    server.held.append(writer)
    return reader, writer


async def greeted(
    server: Server, listener: str, first: bytes, source: str = BALANCER
) -> asyncio.StreamReader:
    """A connection sending ``first``, then what registers it: fails unless it is admitted."""
    reader, _ = await open_from(server, listener, source, first + registration(listener))
    async with asyncio.timeout(WAIT):
        said = await reader.readuntil(GREETING[listener])
    assert TOO_MANY.encode() not in said
    return reader


async def refused(server: Server, listener: str, first: bytes, source: str = BALANCER) -> None:
    reader, _ = await open_from(server, listener, source, first)
    assert TOO_MANY.encode() in await closed_by_server(reader)


@pytest.mark.parametrize("listener", ["irc", "telnet"])
async def test_a_trusted_balancer_names_each_client_which_counts_alone(
    tmp_path: Path, listener: str
) -> None:
    async with trusting(tmp_path) as server:
        await greeted(server, listener, v1("198.51.100.7"))
        await refused(server, listener, v2("198.51.100.7"))  # the same client, in v2
        await greeted(server, listener, v2("198.51.100.8"))  # another one is not held back
        # A health check's LOCAL header: the balancer's own connection, counted as its own.
        await greeted(server, listener, V2_LOCAL)
        await refused(server, listener, V2_LOCAL)


@pytest.mark.parametrize("listener", ["irc", "telnet"])
async def test_a_header_from_an_untrusted_address_is_not_believed(
    tmp_path: Path, listener: str
) -> None:
    async with trusting(tmp_path) as server:
        await greeted(server, listener, b"", source=ELSEWHERE)
        # Counted as 127.0.0.2, whatever its first line claims.
        await refused(server, listener, v1("198.51.100.7"), source=ELSEWHERE)
        await greeted(server, listener, v1("198.51.100.7"))


@pytest.mark.parametrize(
    ("listener", "first"),
    [
        ("irc", b"NICK ivy\r\nUSER ivy 0 * :Ivy\r\n"),
        ("telnet", b"connect Ivy secret\r\n"),
        ("irc-tls", b"\x16\x03\x01\x00\x05hello"),  # a ClientHello where the header should be
        ("telnet-tls", b"PROXY TCP4 198.51.100.7\r\n"),
    ],
)
async def test_a_trusted_balancers_connection_without_a_good_header_is_closed_and_logged(
    tmp_path: Path, listener: str, first: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    async with trusting(tmp_path) as server:
        reader, _ = await open_from(server, listener, BALANCER, first)
        assert await closed_by_server(reader) == b""
    assert any(
        f"closed a connection from trusted proxy {BALANCER}" in record.getMessage()
        for record in caplog.records
    ), caplog.text


@pytest.mark.parametrize("listener", ["irc", "irc-tls"])
async def test_a_header_that_does_not_come_in_time_closes_the_connection(
    tmp_path: Path, listener: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with trusting(tmp_path, tls_handshake_timeout_seconds=0.2) as server:
        reader, _ = await open_from(server, listener, BALANCER, b"")
        assert await closed_by_server(reader) == b""
    assert "no PROXY header within 0.2 s" in caplog.text


async def test_over_tls_the_header_comes_before_the_handshake(tmp_path: Path) -> None:
    async with trusting(tmp_path) as server:

        async def tls_after(header: bytes) -> asyncio.StreamReader:
            loop = asyncio.get_running_loop()
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            await loop.sock_connect(sock, ("127.0.0.1", server.ports["irc-tls"]))
            await loop.sock_sendall(sock, header)
            reader, writer = await asyncio.open_connection(
                sock=sock, ssl=server.trusted(), server_hostname="localhost"
            )
            server.held.append(writer)
            writer.write(registration("irc"))
            return reader

        async with asyncio.timeout(WAIT):
            first = await tls_after(v2("198.51.100.7"))
            await first.readuntil(GREETING["irc"])
            # The same client again: refused before the handshake, which then fails.
            with pytest.raises((ssl.SSLError, ConnectionError)):
                await tls_after(v1("198.51.100.7"))
            other = await tls_after(v1("198.51.100.8"))
            await other.readuntil(GREETING["irc"])
