"""What every gateway's connection shares once its bytes are read: the per-connection worker
that runs commands in order, the command pacer in front of it, and the per-turn flush.

No task runs per idle connection. Input is parsed into queued items as it arrives; a command
that needs nothing from the store runs at once, and one that must wait (a login, a join that
reads a room) runs in a worker task owned by the gateway's task group, the items behind it
waiting in order. A ``CommandPacer`` spaces commands out: an item without a token waits for
one, and past the type-ahead limit the gateway stops reading (``hold_back``). Output is
gathered during a loop turn and flushed once (``FlushEachTurn``), however many deliveries a
connection got.

Imports the standard library, ``boudoir.domain`` and ``boudoir.gateways``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine, Iterable
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from boudoir.domain.ids import ConnectionId
from boudoir.gateways import connection_id as current_connection_id
from boudoir.gateways.pacing import CommandPacer

Work = Coroutine[Any, Any, None]
"""A command that needs the store, to run in the connection's worker task."""

Item = TypeVar("Item")


class Flushable(Protocol):
    def flush(self) -> None:
        """Write what the connection gathered; called once per loop turn it has output."""
        ...


class FlushEachTurn:
    """Connections with output, flushed together once per event-loop turn (ARCHITECTURE.md,
    "flush once per loop turn"): however many messages a connection got in a turn, it costs
    one ``write``. A connection marks itself once per turn (it keeps a ``dirty`` flag)."""

    __slots__ = ("_dirty", "_scheduled")

    def __init__(self) -> None:
        self._dirty: list[Flushable] = []
        self._scheduled = False

    def mark(self, connection: Flushable) -> None:
        self._dirty.append(connection)
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def mark_all(self, connections: Iterable[Flushable]) -> None:
        """``mark`` each of ``connections`` (none marked yet this turn): room speech marks
        those it gave output to in one call, not one per recipient."""
        self._dirty += connections
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        dirty, self._dirty = self._dirty, []
        for connection in dirty:
            connection.flush()


class HeldFlushable(Protocol):
    def flush_held(self) -> None:
        """Write what the connection held back (``FlushAfter``), unless a turn's flush will."""
        ...


class FlushAfter:
    """Connections whose output may wait a moment, flushed together ``delay`` seconds after the
    first was marked: one timer for all of them, not one per connection. What waits is only
    ever delayed, never reordered: it sits in the connection's output, and anything else the
    connection is sent in the meantime is flushed with it, behind it, in that turn."""

    __slots__ = ("_delay", "_dirty", "_handle")

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._dirty: list[HeldFlushable] = []
        self._handle: asyncio.TimerHandle | None = None

    def mark(self, connection: HeldFlushable) -> None:
        self._dirty.append(connection)
        if self._handle is None:
            self._handle = asyncio.get_running_loop().call_later(self._delay, self.release)

    def release(self) -> None:
        """Flush every connection marked, now (the timer's end, or a test's)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        dirty, self._dirty = self._dirty, []
        for connection in dirty:
            connection.flush_held()


class StreamClient(Generic[Item]):
    """The glue of one connection: its queue of commands, its worker, its pacer, its flush.

    A gateway's client subclasses it and supplies ``dispatch`` (run an item now, or return
    the ``Work`` that needs the store), ``spawn`` (start that work in the gateway's task
    group), ``flush`` and ``abort``; optionally ``paced`` (which items spend a token),
    ``refill`` (take more items from the wire machine once the queue is empty) and
    ``waiting`` (what counts against the type-ahead limit)."""

    __slots__ = (
        "closing", "connection_id", "dirty", "flusher", "pacer", "paused", "queue",
        "transport", "typeahead", "waiting_for_tokens", "worker",
    )  # fmt: skip

    connection_id: ConnectionId
    logger: ClassVar[logging.Logger] = logging.getLogger("boudoir.gateways")
    internal_error: ClassVar[str] = "Internal error"
    """The reason given when a command fails unexpectedly."""

    def __init__(self, flusher: FlushEachTurn, pacer: CommandPacer, typeahead: int) -> None:
        self.flusher = flusher
        self.pacer = pacer
        self.typeahead = typeahead
        """Items waiting their turn before reading stops (``hold_back``)."""
        self.transport: asyncio.Transport | None = None
        self.queue: list[Item] = []
        """Items parsed and not yet run (a list: it holds a few at most, and costs less
        memory than a deque on each of thousands of idle connections)."""
        self.worker: asyncio.Task[None] | None = None
        self.waiting_for_tokens = False
        self.paused = False
        self.dirty = False
        self.closing = False

    # --- for subclasses -------------------------------------------------------------------------

    def dispatch(self, item: Item) -> Work | None:
        """Run ``item`` now, or return the work that needs the store."""
        raise NotImplementedError

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        """Start ``work`` in the gateway's task group; None (the work closed) once it ended."""
        raise NotImplementedError

    def flush(self) -> None:
        raise NotImplementedError

    def abort(self, reason: str) -> None:
        """Close now, telling the client ``reason``."""
        raise NotImplementedError

    def paced(self, item: Item) -> bool:
        """Does ``item`` spend a token?"""
        return True

    def refill(self) -> None:
        """The queue is empty and no command runs: take more items, if any wait elsewhere."""

    def waiting(self) -> int:
        """Items waiting their turn, as ``hold_back`` counts them."""
        return len(self.queue)

    def resume_queue(self) -> None:
        """Go on with the queue after a worker finished."""
        self.run_queue()

    # --- the flush ------------------------------------------------------------------------------

    def schedule_flush(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    # --- the queue and its worker ---------------------------------------------------------------

    def input_arrived(self) -> None:
        """New items are queued: run them unless a command runs or waits for its token."""
        if self.worker is None and not self.waiting_for_tokens:
            self.run_queue()
        else:
            self.hold_back()
        self.schedule_flush()

    def run_queue(self) -> None:
        """Run queued items in order until one needs to wait (the store, a token)."""
        queue = self.queue
        pacer = self.pacer
        while not self.closing:
            if not queue:
                self.refill()
                if not queue:
                    break
            item = queue[0]
            if self.paced(item) and not pacer.take(time.monotonic()):
                self._wait_for_token()
                break
            del queue[0]
            work = self.dispatch(item)
            if work is not None:
                self.worker = self.spawn(self._work(work, item))
                if self.worker is None:
                    work.close()  # the gateway has finished: nothing more runs
                break
        self.hold_back()

    def hold_back(self) -> None:
        """Stop reading while more than ``typeahead`` items wait (TCP then pushes back on the
        sender, so a flood costs no memory); read again once half have run."""
        transport = self.transport
        if transport is None:
            return
        if self.paused:
            if self.waiting() <= self.typeahead // 2:
                self.paused = False
                transport.resume_reading()
        elif self.waiting() > self.typeahead:
            self.paused = True
            transport.pause_reading()

    def describe(self, item: Item) -> str:
        """``item`` in a log line."""
        return type(item).__name__

    def _wait_for_token(self) -> None:
        """Out of tokens: go on when one has refilled, like an ircd's fakelag."""
        self.waiting_for_tokens = True
        asyncio.get_running_loop().call_later(self.pacer.delay(), self._tokens_refilled)

    def _tokens_refilled(self) -> None:
        self.waiting_for_tokens = False
        if self.worker is None and not self.closing:
            self.run_queue()
            self.schedule_flush()

    async def _work(self, work: Work, item: Item) -> None:
        current_connection_id.set(self.connection_id)
        try:
            await work
        except Exception:
            self.logger.exception("error handling %s", self.describe(item))
            self.abort(self.internal_error)
        finally:
            self.worker = None
        if not self.closing and not self.waiting_for_tokens:
            try:
                self.resume_queue()
            except Exception:
                self.logger.exception("error handling input")
                self.abort(self.internal_error)
        self.schedule_flush()
