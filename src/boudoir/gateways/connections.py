"""What the IRC and telnet listeners share about raw TCP connections: per-address limits and
the socket options that bound a slow reader and notice a vanished one.

Imports the standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from typing import Final

KERNEL_SEND_BUFFER: Final = 65536
"""Bytes the kernel may hold for a client's socket (it doubles this for bookkeeping): enough
for a fast reader, small enough that a stuck one is caught by the gateway's SendQ quickly."""

KEEPALIVE_IDLE: Final = 120
KEEPALIVE_INTERVAL: Final = 30
KEEPALIVE_PROBES: Final = 4
"""TCP keepalive: a silent connection is probed after 2 minutes, then every 30 s; after 4
unanswered probes (4 minutes in all) the kernel closes it."""

TOO_MANY: Final = "Too many connections from your address"
TOO_FAST: Final = "Connecting too fast; try again in a few seconds"


def tune_socket(transport: asyncio.Transport) -> None:
    """Cap the kernel's send buffer, so that SendQ (which counts what waits in user space)
    bounds a slow reader's whole backlog; and turn keepalive on, so that a client that vanished
    (a phone out of coverage) goes offline with no timer per connection here."""
    sock = transport.get_extra_info("socket")
    if sock is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_SEND_BUFFER)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_IDLE)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_INTERVAL)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPALIVE_PROBES)


def peer_address(transport: asyncio.BaseTransport) -> str:
    """The client's IP address, interned: thousands of connections from one address share one
    string."""
    peer = transport.get_extra_info("peername")
    return sys.intern(str(peer[0])) if isinstance(peer, tuple) and peer else "local"


class _Bucket:
    __slots__ = ("open", "refilled", "tokens")

    def __init__(self, tokens: float, now: float) -> None:
        self.open = 0
        self.tokens = tokens
        self.refilled = now


class AddressLimits:
    """Connections per address: at most ``max_open`` open at once, opened ``burst`` at once
    and then ``rate`` per second. Buckets of addresses with nothing open and a full bucket are
    dropped, so the table does not grow with every address ever seen."""

    def __init__(self, max_open: int, burst: int, rate: float) -> None:
        self.max_open = max_open
        self.burst = burst
        self.rate = rate
        self._buckets: dict[str, _Bucket] = {}

    def admit(self, address: str, now: float) -> str | None:
        """Count a new connection from ``address``; the reason to refuse it, if any (then
        nothing is counted)."""
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = self._buckets[address] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.refilled) * self.rate)
        bucket.refilled = now
        if bucket.open >= self.max_open:
            self._drop_idle(address, bucket)
            return TOO_MANY
        if bucket.tokens < 1:
            self._drop_idle(address, bucket)
            return TOO_FAST
        bucket.tokens -= 1
        bucket.open += 1
        return None

    def release(self, address: str) -> None:
        """A connection ``admit`` let in has closed."""
        bucket = self._buckets.get(address)
        if bucket is not None:
            bucket.open -= 1
            if bucket.open <= 0 and bucket.tokens >= self.burst:
                del self._buckets[address]

    def _drop_idle(self, address: str, bucket: _Bucket) -> None:
        if bucket.open == 0 and bucket.tokens >= self.burst - 1:
            self._buckets.pop(address, None)
