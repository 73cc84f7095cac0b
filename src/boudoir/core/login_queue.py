"""The queue that password verifications wait in: a few run at once, the rest take turns,
fairly, and each waiting login can be told how many are ahead of it.

argon2id is meant to cost memory and CPU: after a restart every client reconnects at once
and each login needs one verification. Run all of them at once and the event loop (which
also carries the chat of the people already in) loses its core, memory grows by 19 MiB per
hash in flight, and every login finishes late. So at most ``at_once`` run (by default one
fewer than the machine has cores, leaving the loop one); the others wait their turn.

Turns go round the source addresses (fair queueing with unit cost: each address has one
verification in each round), first come first served within an address and within a round,
so one address sending thousands of logins cannot hold back the people behind others.

Kept per node on purpose: each node verifies its own connections' passwords. Imports the
standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Final

NOTICE_INTERVAL_SECONDS: Final = 5.0
"""How often a waiting login is told again where it stands: often enough that the person
(and a client that shows server notices) sees progress, rare enough to cost nothing."""


def default_at_once() -> int:
    """Verifications run at once: one fewer than the cores (argon2-cffi releases the GIL, so
    each takes a core), at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


HASHING_NICENESS: Final = 10
"""How much lower than the event loop's the hashing threads' CPU priority is: when the machine
is busy, the loop (everyone's chat) runs first and logins take what is left."""


def lower_thread_priority() -> None:
    """Lower the calling thread's CPU priority by ``HASHING_NICENESS`` (Linux: nice values
    are per thread); nothing where that is not possible."""
    try:
        thread = threading.get_native_id()
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + HASHING_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(19, niceness))
    except (AttributeError, OSError):
        return


Told = Callable[[int], None]
"""Told the number of logins ahead when a login has to wait, and again every
``NOTICE_INTERVAL_SECONDS`` while it does."""


class _Ticket:
    __slots__ = ("cancelled", "future", "round", "serial")

    def __init__(self, future: asyncio.Future[None], round_: int, serial: int) -> None:
        self.future = future
        self.round = round_
        self.serial = serial
        """Its place among the tickets of its round (counted from the round's first)."""
        self.cancelled = False


class _Round:
    __slots__ = ("added", "taken", "tickets")

    def __init__(self) -> None:
        self.tickets: deque[tuple[str, _Ticket]] = deque()
        self.added = 0
        self.taken = 0


class _Sizes:
    """Tickets waiting per round, with sums over the rounds before one in O(log n) (a
    Fenwick tree), so a waiting login's position costs little even with 10,000 waiting."""

    def __init__(self) -> None:
        self._tree = [0] * 64

    def add(self, index: int, delta: int) -> None:
        if index + 1 >= len(self._tree):
            self._grow(index + 1)
        i = index + 1
        while i < len(self._tree):
            self._tree[i] += delta
            i += i & -i

    def before(self, index: int) -> int:
        """The sum over rounds ``0 .. index - 1``."""
        total = 0
        i = min(index, len(self._tree) - 1)
        while i > 0:
            total += self._tree[i]
            i -= i & -i
        return total

    def _grow(self, wanted: int) -> None:
        values = [self.before(i + 1) - self.before(i) for i in range(len(self._tree) - 1)]
        size = len(self._tree)
        while size <= wanted:
            size *= 2
        self._tree = [0] * size
        for index, value in enumerate(values):
            if value:
                self.add(index, value)


class LoginQueue:
    """At most ``at_once`` verifications at a time; the rest wait their turn (see the module's
    docstring). ``drained`` is told whenever the last one finishes and nothing waits."""

    def __init__(self, at_once: int | None = None) -> None:
        self.at_once = at_once if at_once is not None else default_at_once()
        self.running = 0
        self.waiting = 0
        self.drained: list[Callable[[], None]] = []
        self._rounds: dict[int, _Round] = {}
        self._current = 0
        """The lowest round that may hold a waiting ticket; rounds count from 0 again each
        time the queue empties."""
        self._last_round: dict[str, int] = {}
        """Each address with tickets waiting: the round of its newest."""
        self._sizes = _Sizes()

    @contextlib.asynccontextmanager
    async def turn(self, address: str, told: Told | None = None) -> AsyncIterator[None]:
        """Wait for this login's turn (``told`` hears the position while it waits), then hold
        one of the places until the block ends."""
        if self.running < self.at_once and not self.waiting:
            self.running += 1
        else:
            await self._wait(address, told)
        try:
            yield
        finally:
            self._release()

    def ahead(self, ticket: _Ticket) -> int:
        """Logins that will be verified before ``ticket``'s (about: one that gave up is
        counted until its turn would have come)."""
        earlier_rounds = self._sizes.before(ticket.round) - self._sizes.before(self._current)
        return max(0, earlier_rounds + ticket.serial - self._rounds[ticket.round].taken)

    async def _wait(self, address: str, told: Told | None) -> None:
        ticket = self._enqueue(address)
        timer: asyncio.TimerHandle | None = None
        loop = asyncio.get_running_loop()

        def tell() -> None:
            nonlocal timer
            if told is not None and not ticket.future.done():
                told(self.ahead(ticket))
                timer = loop.call_later(NOTICE_INTERVAL_SECONDS, tell)

        tell()
        try:
            await ticket.future
        except asyncio.CancelledError:
            if ticket.future.done() and not ticket.future.cancelled():
                self._release()  # given the place just as the login gave up: pass it on
            else:
                self._drop(ticket)
            raise
        finally:
            if timer is not None:
                timer.cancel()

    def _enqueue(self, address: str) -> _Ticket:
        last = self._last_round.get(address)
        round_ = self._current if last is None else max(self._current, last + 1)
        self._last_round[address] = round_
        found = self._rounds.get(round_)
        if found is None:
            found = self._rounds[round_] = _Round()
        ticket = _Ticket(asyncio.get_running_loop().create_future(), round_, found.added)
        found.added += 1
        found.tickets.append((address, ticket))
        self._sizes.add(round_, 1)
        self.waiting += 1
        return ticket

    def _release(self) -> None:
        self.running -= 1
        while self.running < self.at_once and self.waiting:
            ticket = self._next()
            if ticket is None:
                break
            self.running += 1
            ticket.future.set_result(None)
        if not self.running and not self.waiting:
            self._reset()
            for drained in self.drained:
                drained()

    def _drop(self, ticket: _Ticket) -> None:
        """A login that gave up while waiting leaves the counts."""
        if not ticket.cancelled:
            ticket.cancelled = True
            self.waiting -= 1
            self._sizes.add(ticket.round, -1)

    def _next(self) -> _Ticket | None:
        """The first live ticket in service order, if any still waits."""
        while self.waiting:
            found = self._rounds.get(self._current)
            if found is None or not found.tickets:
                self._rounds.pop(self._current, None)
                self._current += 1
                continue
            address, ticket = found.tickets.popleft()
            found.taken += 1
            if self._last_round.get(address) == ticket.round:
                del self._last_round[address]  # its last one: nothing of it waits now
            if ticket.cancelled:
                continue
            if ticket.future.done():
                self._drop(ticket)  # cancelled, and its task has not run yet to say so
                continue
            self.waiting -= 1
            self._sizes.add(ticket.round, -1)
            return ticket
        return None

    def _reset(self) -> None:
        self._rounds.clear()
        self._last_round.clear()
        self._current = 0
        self._sizes = _Sizes()
