"""Shared by the scenarios: opening many clients, measured windows, percentiles.

Imports the standard library and the sibling modules.
"""

from __future__ import annotations

import asyncio
import os
import time
from array import array
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from bench.irc import proc
from bench.irc.clients import SetupFailed
from bench.irc.jobs import Target

ClientT = TypeVar("ClientT")
ItemT = TypeVar("ItemT")

MAX_RATED_BACKLOG = 2000
"""In rated mode, a speaker whose messages are this far behind its monitor skips its turn
(counted in ``skipped``): the server cannot keep up with the rate."""

SASL_CONCURRENCY = 8
"""Concurrent SASL logins: each costs the server an argon2id verification (about 50 ms). Fewer
than the login throttle's free failures per address (``core.login_throttle``, 10), which counts
an attempt from the moment it arrives: more at once from one address are refused as a guessing
burst when the machine is slow to hash."""

CLIENT_SETUP_TIMEOUT_SECONDS = 60.0
"""Longest one client may take to connect, register (or log in) and join."""

DRAIN_POLL_SECONDS = 0.005
"""How often the end of a window checks whether every sent message has arrived everywhere."""

DRAIN_TIMEOUT_SECONDS = 15.0
"""Longest wait for in-flight messages after the speakers stop; whatever is still missing
then is reported as ``missing``."""


async def gather_limited(
    count: int,
    limit: int,
    make: Callable[[int], Awaitable[ClientT]],
    *,
    first: Sequence[int] = (),
) -> list[ClientT]:
    """``make(0) .. make(count - 1)`` with at most ``limit`` running at once; the result is in
    index order. The indexes in ``first`` are made, one after the other, before the rest: the
    first member of each room creates it before the crowd arrives."""
    made: dict[int, ClientT] = {}
    for index in first:
        made[index] = await _one_client(index, make)
    rest = [index for index in range(count) if index not in made]
    semaphore = asyncio.Semaphore(limit)

    async def one(index: int) -> ClientT:
        async with semaphore:
            return await _one_client(index, make)

    tasks: dict[int, asyncio.Task[ClientT]] = {}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = {index: group.create_task(one(index)) for index in rest}
    except* SetupFailed as failures:
        raise failures.exceptions[0] from None
    made.update((index, task.result()) for index, task in tasks.items())
    return [made[index] for index in range(count)]


async def _one_client(index: int, make: Callable[[int], Awaitable[ClientT]]) -> ClientT:
    try:
        async with asyncio.timeout(CLIENT_SETUP_TIMEOUT_SECONDS):
            return await make(index)
    except TimeoutError:
        raise SetupFailed(
            f"client {index + 1}: no reply within {CLIENT_SETUP_TIMEOUT_SECONDS:.0f} s"
        ) from None


def login_limit(target: Target) -> int:
    limit = target.setup_concurrency
    return max(1, limit if target.password is None else min(limit, SASL_CONCURRENCY))


def padding(text_size: int, header: int) -> bytes:
    return b"x" * max(1, text_size - header)


def percentiles(samples: array[int]) -> dict[str, float | int]:
    """p50, p99 and max of nanosecond samples, in milliseconds, with the sample count."""
    if not samples:
        return {"samples": 0}
    ordered = sorted(samples)
    last = len(ordered) - 1

    def at(fraction: float) -> float:
        return ordered[round(fraction * last)] / 1e6

    return {"samples": len(ordered), "p50_ms": at(0.50), "p99_ms": at(0.99), "max_ms": at(1.0)}


class Window:
    """A measured window: server CPU, own CPU and wall clock from its start to ``close()``.

    The server's CPU is summed over ``pid`` and ``others`` (the nodes of a cluster); each of
    ``watched`` (a name and a pid) is also reported on its own as ``<name>_cpu_seconds``."""

    def __init__(
        self, pid: int, others: Sequence[int] = (), watched: Sequence[tuple[str, int]] = ()
    ) -> None:
        self.pids = (pid, *others)
        self.watched = tuple(watched)
        self.server_cpu = sum(proc.cpu_seconds(pid) for pid in self.pids)
        self.watched_cpu = [proc.cpu_seconds(pid) for _, pid in self.watched]
        self.own_cpu = proc.own_cpu_seconds()
        self.machine = proc.machine_busy_ticks()
        self.started = time.monotonic()

    def close(self) -> dict[str, float]:
        elapsed = time.monotonic() - self.started
        busy, total = proc.machine_busy_ticks()
        figures = {
            "wall_seconds": elapsed,
            "server_cpu_seconds": sum(proc.cpu_seconds(pid) for pid in self.pids) - self.server_cpu,
            "loadgen_cpu_seconds": proc.own_cpu_seconds() - self.own_cpu,
            "machine_busy_share": (busy - self.machine[0]) / max(1, total - self.machine[1]),
            "cpus": float(os.cpu_count() or 1),
        }
        for (name, pid), before in zip(self.watched, self.watched_cpu, strict=True):
            figures[f"{name}_cpu_seconds"] = proc.cpu_seconds(pid) - before
        return figures


async def drain(done: Callable[[], bool]) -> bool:
    """Poll until ``done()``; False if it is still false after the drain timeout."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(DRAIN_POLL_SECONDS)
    return True


def spread(items: Sequence[ItemT], count: int) -> list[ItemT]:
    """``count`` items spread over the sequence: first, middle, last, ..."""
    if count <= 0 or not items:
        return []
    if count == 1:
        return [items[-1]]
    step = (len(items) - 1) / (count - 1)
    return [items[round(step * k)] for k in range(count)]


class RatedSpeaker(Protocol):
    index: int
    sent: int
    acked: int

    def speak(self, count: int) -> None:
        """Send ``count`` numbered messages now."""


async def send_rated(
    speakers: Sequence[RatedSpeaker], started: float, end: float, rate: float
) -> int:
    """Send ``rate`` messages per second in total, round-robin over the speakers, on a 10 ms
    tick, until ``end``; a speaker too far behind its monitor skips (the server lags). How
    many turns were skipped."""
    tick = 0.01
    sent = 0
    skipped = 0
    turn = 0
    count = len(speakers)
    while (now := time.monotonic()) < end:
        due = int((now - started) * rate) - sent - skipped
        batches: dict[int, int] = {}
        for _ in range(due):
            speaker = speakers[turn % count]
            turn += 1
            if speaker.sent + batches.get(speaker.index, 0) - speaker.acked > MAX_RATED_BACKLOG:
                skipped += 1
                continue
            batches[speaker.index] = batches.get(speaker.index, 0) + 1
        for index, number in batches.items():
            speakers[index].speak(number)
            sent += number
        await asyncio.sleep(tick - (time.monotonic() - now) % tick)
    return skipped
