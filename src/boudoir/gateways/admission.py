"""Admission: how many connections the server and each address may hold open, and how fast an
address may open them. Shared by every listener (IRC, telnet, and the web port's guard).

Imports the standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
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


PRUNE_EVERY: Final = 1024
"""Other nodes' new connections applied between two sweeps of idle buckets."""

Counted = Callable[[str, int, bool], None]
"""Told of each change to an address's open connections here: the address, how many are open
now, and whether one was just let in (a cluster node tells the other nodes)."""


class AddressLimits:
    """Connections per address: at most ``max_open`` open at once, opened ``burst`` at once
    and then ``rate`` per second. Buckets of addresses with nothing open and a full bucket are
    dropped, so the table does not grow with every address ever seen. With a ``ceiling``, a
    connection also counts against the server's (which stays this process's own: it guards
    its file descriptors).

    In a cluster the same listener on every node counts alike: ``on_count`` tells the other
    nodes of each change here, and ``counted_elsewhere`` applies theirs (the connections open
    on each other node, and the tokens they spent), so an address holds ``max_open``
    connections across the nodes, not on each."""

    def __init__(
        self, max_open: int, burst: int, rate: float, ceiling: ConnectionCeiling | None = None
    ) -> None:
        self.max_open = max_open
        self.burst = burst
        self.rate = rate
        self.ceiling = ceiling
        self._buckets: dict[str, _Bucket] = {}
        self._elsewhere: dict[str, dict[str, int]] = {}
        """Connections open on other nodes: address -> node -> how many."""
        self.on_count: Counted | None = None
        self._applied = 0

    def _bucket(self, address: str, now: float) -> _Bucket:
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = self._buckets[address] = _Bucket(self.burst, now)
        # Another node's connection may have been applied at a later time than ``now``.
        elapsed = max(0.0, now - bucket.refilled)
        bucket.tokens = min(self.burst, bucket.tokens + elapsed * self.rate)
        bucket.refilled = max(bucket.refilled, now)
        return bucket

    def admit(self, address: str, now: float) -> str | None:
        """Count a new connection from ``address``; the reason to refuse it, if any (then
        nothing is counted)."""
        bucket = self._bucket(address, now)
        elsewhere = self._elsewhere.get(address)
        if bucket.open + (sum(elsewhere.values()) if elsewhere else 0) >= self.max_open:
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
        if self.on_count is not None:
            self.on_count(address, bucket.open, True)
        return None

    def release(self, address: str) -> None:
        """A connection ``admit`` let in has closed."""
        if self.ceiling is not None:
            self.ceiling.release()
        bucket = self._buckets.get(address)
        if bucket is not None:
            bucket.open -= 1
            if self.on_count is not None:
                self.on_count(address, max(0, bucket.open), False)
            if bucket.open <= 0 and bucket.tokens >= self.burst:
                del self._buckets[address]

    def counted_elsewhere(
        self, node: str, address: str, open_there: int, opened: bool, now: float | None = None
    ) -> None:
        """``node`` holds ``open_there`` connections from ``address`` now; ``opened``: it just
        let one in, which spends one of the address's tokens here too."""
        if open_there > 0:
            self._elsewhere.setdefault(address, {})[node] = open_there
        else:
            nodes = self._elsewhere.get(address)
            if nodes is not None:
                nodes.pop(node, None)
                if not nodes:
                    del self._elsewhere[address]
        if opened:
            if now is None:
                now = asyncio.get_running_loop().time()
            bucket = self._bucket(address, now)
            bucket.tokens = max(0.0, bucket.tokens - 1)
            self._applied += 1
            if self._applied % PRUNE_EVERY == 0:
                self._prune(now)

    def _prune(self, now: float) -> None:
        """Drop the buckets of addresses with nothing open here whose tokens have refilled:
        the other nodes' connections leave buckets here that no release of ours would drop."""
        for address, bucket in list(self._buckets.items()):
            refilled = bucket.tokens + (now - bucket.refilled) * self.rate
            if bucket.open <= 0 and refilled >= self.burst:
                del self._buckets[address]

    def forget_node(self, node: str) -> None:
        """``node`` is gone (or is counting afresh): its connections count no more."""
        for address in [a for a, nodes in self._elsewhere.items() if node in nodes]:
            self.counted_elsewhere(node, address, 0, False)

    def forget_elsewhere(self) -> None:
        """Forget every other node's connections (this node lost them from sight)."""
        self._elsewhere.clear()

    def open_here(self) -> dict[str, int]:
        """Connections open here, by address."""
        return {a: b.open for a, b in self._buckets.items() if b.open > 0}

    def _drop_idle(self, address: str, bucket: _Bucket) -> None:
        if bucket.open == 0 and bucket.tokens >= self.burst - 1:
            self._buckets.pop(address, None)
