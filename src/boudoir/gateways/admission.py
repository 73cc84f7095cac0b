"""Admission: how many connections the server and each address may hold open, and how fast an
address may open them. Shared by every listener (IRC, telnet, and the web port's guard).

Imports the standard library only.
"""

from __future__ import annotations

import contextlib
from typing import Final

TOO_MANY: Final = "Too many connections from your address"
TOO_FAST: Final = "Connecting too fast; try again in a few seconds"
SERVER_FULL: Final = "The server is full; try again later"

DESCRIPTOR_RESERVE: Final = 256
"""File descriptors kept back from connections for the database, the log files, the listeners
and the TLS certificate reloads, so that a flood of connections cannot make the server fail to
open a file or accept its own administrator."""


def raise_descriptor_limit() -> tuple[int, int]:
    """Raise the soft limit on open files (RLIMIT_NOFILE) to the hard one, and return both as
    they are now (soft, hard); unchanged where the system refuses."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft, hard


def connection_ceiling(configured: int, soft_limit: int) -> int:
    """Connections the whole server accepts at once: ``configured`` when set (not 0), otherwise
    the descriptor limit less ``DESCRIPTOR_RESERVE`` (at least 1)."""
    if configured > 0:
        return configured
    return max(1, soft_limit - DESCRIPTOR_RESERVE)


class ConnectionCeiling:
    """Open connections across every gateway, at most ``limit``: one object shared by every
    listener, so that a flood on one port cannot use up the descriptors the others need."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    def admit(self) -> bool:
        if self.open >= self.limit:
            return False
        self.open += 1
        return True

    def release(self) -> None:
        self.open -= 1


class _Bucket:
    __slots__ = ("open", "refilled", "tokens")

    def __init__(self, tokens: float, now: float) -> None:
        self.open = 0
        self.tokens = tokens
        self.refilled = now


class AddressLimits:
    """Connections per address: at most ``max_open`` open at once, opened ``burst`` at once
    and then ``rate`` per second. Buckets of addresses with nothing open and a full bucket are
    dropped, so the table does not grow with every address ever seen. With a ``ceiling``, a
    connection also counts against the server's."""

    def __init__(
        self, max_open: int, burst: int, rate: float, ceiling: ConnectionCeiling | None = None
    ) -> None:
        self.max_open = max_open
        self.burst = burst
        self.rate = rate
        self.ceiling = ceiling
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
        if self.ceiling is not None and not self.ceiling.admit():
            self._drop_idle(address, bucket)
            return SERVER_FULL
        bucket.tokens -= 1
        bucket.open += 1
        return None

    def release(self, address: str) -> None:
        """A connection ``admit`` let in has closed."""
        if self.ceiling is not None:
            self.ceiling.release()
        bucket = self._buckets.get(address)
        if bucket is not None:
            bucket.open -= 1
            if bucket.open <= 0 and bucket.tokens >= self.burst:
                del self._buckets[address]

    def _drop_idle(self, address: str, bucket: _Bucket) -> None:
        if bucket.open == 0 and bucket.tokens >= self.burst - 1:
            self._buckets.pop(address, None)
