"""Logging by consent: a room logs only while every account present has said yes.

Per live room the service keeps a consent state: who proposed, who said yes, and, while on,
the open log segment (the stretch during which the same people are present). It turns on when
``consent.logging_on`` says so; an arrival who has not said yes or any withdrawal stops it at
once, and it restarts only with a fresh unanimous yes. A leaver does not stop it, but a new
segment starts without them: they read nothing said after they left.

Room speech and rolls of dice reach ``observe`` through ``MessagingService.observers`` (never
whispers or direct messages; a roll is kept with the kind ``domain.dice.LOGGED_KIND``); when no
log is on that costs one dictionary lookup. A logged line is delivered to the room at once, but
its sender is acknowledged only once it is stored: gateways await ``written`` before the echo
or reply. That is a group commit: lines that arrive while a write is in flight wait in the
buffer and go together in the next transaction, so under load there is one commit per batch,
not per line. ``run`` writes what nobody waits for (segments, lines said through the core
alone) within ``FLUSH_SECONDS``.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import secrets
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Final

from boudoir.core.log_reading import HISTORY_LIMIT as HISTORY_LIMIT
from boudoir.core.log_reading import LogReading
from boudoir.core.ports import Clock, LogLine, LogSegment, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms import RoomService
from boudoir.domain import consent
from boudoir.domain.dice import LOGGED_KIND
from boudoir.domain.entities import Account
from boudoir.domain.errors import InvalidInput, LogNotWritten
from boudoir.domain.events import (
    CharacterRef,
    DiceRolled,
    LogChange,
    LogStateChanged,
    RoomMessageSent,
)
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.names import name_key

logger = logging.getLogger(__name__)

FLUSH_SECONDS: Final = 1.0
"""Longest anything nobody waits for (a segment opened) stays in memory before ``run`` writes
it; lines whose senders wait are written at once (``written``)."""
FLUSH_LINES: Final = 200
"""Lines that make ``run`` write before the second is over; ten times this many are kept
for a retry while the store is away."""


@dataclass(eq=False, slots=True)
class RoomLog:
    """One live room's log consent."""

    proposer: CharacterRef
    agreed: set[AccountId]
    segment: LogSegment | None = None
    """The segment being written: set while logging is on."""


class LogWatch:
    """Told of every change to a room's log consent, after it is made: a cluster node
    publishes it (``core.cluster.logs``). This one does nothing: a node alone decides all."""

    def following(self) -> bool:
        """Whether this node applies a change another node decided (that node tells everyone
        and publishes the consent as it decided it)."""
        return False

    def on_its_own(self) -> bool:
        """Whether each node takes its own part in a change no node decides for the others (a
        node's people gone with it): a log they were in stops."""
        return False

    def log_changed(self, room: RoomId) -> None:
        pass


class LogService(LogReading):
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        clock: Clock,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._clock = clock
        self._logs: dict[RoomId, RoomLog] = {}
        self._lines: list[LogLine] = []
        self._segments: dict[str, LogSegment] = {}
        """Segments opened or closed since the last write."""
        self._appended = 0
        """Lines buffered since start: the number of the last one."""
        self._dropped_through = 0
        """Lines up to this number may have been dropped after failed writes."""
        self._stored = 0
        """Every line up to this number is written (or was dropped)."""
        self._write_ended = asyncio.Event()
        """Set when the write in flight ends, well or not."""
        self._pending = asyncio.Event()
        self._urgent = asyncio.Event()
        self._stopping = False
        self._writing = asyncio.Lock()
        self.watch = LogWatch()
        """Told of every change (a cluster node replicates them)."""

    # --- consent ----------------------------------------------------------------------------

    def propose(self, connection: Connection, room: str) -> LogStateChanged:
        """Propose logging ``room`` (saying yes oneself); agrees to an open proposal. Everyone
        present is told; it is on at once when the proposer is alone."""
        live = self._rooms.live(connection, room)
        log = self._logs.get(live.room.id)
        if log is not None and log.segment is not None:
            raise InvalidInput("Logging is already on here.")
        change = LogChange.AGREED
        if log is None:
            log = self._logs[live.room.id] = RoomLog(connection.ref, set())
            change = LogChange.PROPOSED
        log.agreed.add(connection.account.id)
        return self._update(connection, live, log, change)

    def agree(self, connection: Connection, room: str) -> LogStateChanged:
        """Say yes to the open proposal; logging starts once everyone present has."""
        live = self._rooms.live(connection, room)
        log = self._logs.get(live.room.id)
        if log is None:
            raise InvalidInput("Nobody has proposed logging here; propose it first.")
        if log.segment is not None:
            raise InvalidInput("Logging is already on here.")
        log.agreed.add(connection.account.id)
        return self._update(connection, live, log, LogChange.AGREED)

    def withdraw(self, connection: Connection, room: str) -> LogStateChanged:
        """Say no: logging stops at once (or the proposal is dropped), for everyone."""
        live = self._rooms.live(connection, room)
        log = self._logs.get(live.room.id)
        if log is None:
            raise InvalidInput("Logging is neither on nor proposed here.")
        switched = log.segment is not None
        self._stop(live, log)
        return self._tell(live, None, LogChange.STOPPED_WITHDRAWAL, connection, switched)

    def stop_in_doubt(self, room_id: RoomId) -> None:
        """Stop the room's log (or drop its proposal) because its consent is in doubt (it
        changed on another node that could not tell this one): everyone present is told as
        when someone withdraws."""
        log = self._logs.get(room_id)
        live = self._registry.rooms.get(room_id)
        if log is None:
            return
        if live is None:
            self._close(log)
            del self._logs[room_id]
            return
        switched = log.segment is not None
        self._stop(live, log)
        self._tell(live, None, LogChange.STOPPED_WITHDRAWAL, switched=switched)

    def _update(
        self, actor: Connection, live: LiveRoom, log: RoomLog, change: LogChange
    ) -> LogStateChanged:
        present = _present(live)
        log.agreed &= present
        if log.segment is None and consent.logging_on(present, frozenset(log.agreed)):
            self._open(live, log, present)
            return self._tell(live, log, LogChange.STARTED, actor, switched=True)
        return self._tell(live, log, change, actor)

    def is_on(self, room_id: RoomId) -> bool:
        log = self._logs.get(room_id)
        return log is not None and log.segment is not None

    def state(self, connection: Connection, live: LiveRoom) -> LogStateChanged | None:
        """The room's log consent as ``connection`` sees it now; None when nothing is
        proposed (logging is off)."""
        log = self._logs.get(live.room.id)
        if log is None:
            return None
        change = LogChange.STARTED if log.segment is not None else LogChange.PROPOSED
        return self._view(connection, live, log, change)

    # --- what happens in rooms --------------------------------------------------------------

    def observe(self, live: LiveRoom, event: RoomMessageSent | DiceRolled) -> None:
        log = self._logs.get(live.room.id)
        if log is None or log.segment is None:
            return
        if isinstance(event, DiceRolled):
            # A roll is logged as the server's line (its kind no speech has), with its summary.
            speaker, kind, text = event.roller, LOGGED_KIND, event.summary()
        else:
            speaker, kind, text = event.sender, event.kind.value, event.text
        conns = self._registry.by_character.get(speaker.id)
        if not conns:
            return
        sender = next(iter(conns)).account.id
        self._lines.append(
            LogLine(str(event.id), log.segment.id, event.at, sender, speaker.name, kind, text)
        )
        self._appended += 1
        self._pending.set()
        if len(self._lines) >= FLUSH_LINES:
            self._urgent.set()

    def written(self, event: RoomMessageSent) -> Awaitable[None] | None:
        """What the sender's acknowledgement of ``event`` (just said) waits for: the write of
        its logged line; None when its room is not being logged. The awaitable raises
        ``LogNotWritten`` if the store failed to take it."""
        if not self.is_on(event.room.id):
            return None
        return self._written_through(self._appended)

    async def _written_through(self, number: int) -> None:
        # Group commit: while a write is in flight, wait for it to end (it may hold this
        # line); otherwise write everything buffered, this line and any that joined it.
        while self._stored < number:
            if number <= self._dropped_through:
                raise LogNotWritten()
            if self._writing.locked():
                await self._write_ended.wait()
                continue
            try:
                await self.flush()
            except Exception:
                raise LogNotWritten() from None

    def membership_changed(
        self, live: LiveRoom, connection: Connection | None, arrived: bool
    ) -> None:
        log = self._logs.get(live.room.id)
        if log is None:
            return
        if live.room.id not in self._registry.rooms or connection is None:
            # The room emptied or closed: nothing of its consent stays.
            if self.watch.following():
                self._logs.pop(live.room.id, None)
            else:
                self._stop(live, log)
                self.watch.log_changed(live.room.id)
            return
        present = _present(live)
        account = connection.account.id
        if arrived and account in log.agreed:
            return  # another character of someone who already said yes
        if not arrived and account in present:
            return  # another character of the same account is still here
        if self.watch.following():
            self._follow(live, log, account, arrived)
            return
        if self.watch.on_its_own():
            switched = log.segment is not None
            self._stop(live, log)
            self._tell(live, None, LogChange.STOPPED_WITHDRAWAL, switched=switched)
            return
        if arrived:
            if log.segment is not None:
                self._stop(live, log)
                self._tell(live, None, LogChange.STOPPED_ARRIVAL, switched=True)
            else:
                self._tell(live, log, LogChange.PROPOSED)  # now waiting for them too
            return
        log.agreed.discard(account)
        if log.segment is not None:
            # Those still here go on in a new segment that the leaver cannot read.
            self._close(log)
            self._open(live, log, present)
            self.watch.log_changed(live.room.id)
        elif not log.agreed:
            self._stop(live, log)
            self._tell(live, None, LogChange.STOPPED_WITHDRAWAL)
        elif consent.logging_on(present, frozenset(log.agreed)):
            self._open(live, log, present)
            self._tell(live, log, LogChange.STARTED, switched=True)

    def _follow(self, live: LiveRoom, log: RoomLog, account: AccountId, arrived: bool) -> None:
        """Another node decided this arrival or departure: it tells everyone and publishes the
        consent as it decided it. Until then nothing said here goes into a segment that no
        longer fits who is present."""
        if arrived:
            if log.segment is not None:
                del self._logs[live.room.id]
            return
        log.agreed.discard(account)
        log.segment = None
        if not log.agreed:
            del self._logs[live.room.id]

    def account_changed(self, account_id: AccountId, account: Account | None) -> None:
        if account is None:
            # Erased: what they said and has not been written yet is dropped.
            self._lines = [line for line in self._lines if line.sender_account != account_id]

    # --- segments ---------------------------------------------------------------------------

    def _open(self, live: LiveRoom, log: RoomLog, readers: frozenset[AccountId]) -> None:
        segment = LogSegment(
            "s" + secrets.token_hex(12), live.room.name, self._clock(), None, readers
        )
        log.segment = segment
        self._segments[segment.id] = segment
        self._pending.set()

    def _close(self, log: RoomLog) -> None:
        if log.segment is None:
            return
        ended = dataclasses.replace(log.segment, ended_at=self._clock())
        self._segments[ended.id] = ended
        log.segment = None
        # A stop is written at once: whoever stopped it may want to read it now.
        self._pending.set()
        self._urgent.set()

    def _stop(self, live: LiveRoom, log: RoomLog) -> None:
        self._close(log)
        self._logs.pop(live.room.id, None)

    # --- telling people ---------------------------------------------------------------------

    def _tell(
        self,
        live: LiveRoom,
        log: RoomLog | None,
        change: LogChange,
        actor: Connection | None = None,
        switched: bool = False,
    ) -> LogStateChanged:
        for conn in live.connections():
            conn.session.deliver(self._view(conn, live, log, change, switched))
        self.watch.log_changed(live.room.id)
        if actor is None:
            return LogStateChanged(self._clock(), live.ref, False, False, change)
        return self._view(actor, live, log, change, switched)

    def _view(
        self,
        viewer: Connection,
        live: LiveRoom,
        log: RoomLog | None,
        change: LogChange,
        switched: bool = False,
    ) -> LogStateChanged:
        if log is None:
            return LogStateChanged(self._clock(), live.ref, False, False, change, switched=switched)
        blocked = self._registry.blocked.get(viewer.account.id, set())
        agreed: list[str] = []
        missing: list[str] = []
        waiting = 0
        for conns in live.members.values():
            some = next(iter(conns))
            said_yes = some.account.id in log.agreed
            waiting += not said_yes
            if some.account.id in blocked:
                continue
            (agreed if said_yes else missing).append(some.character.name)
        return LogStateChanged(
            self._clock(),
            live.ref,
            log.segment is not None,
            True,
            change,
            tuple(sorted(agreed, key=name_key)),
            tuple(sorted(missing, key=name_key)),
            waiting,
            switched,
        )

    # --- writing ----------------------------------------------------------------------------

    async def flush(self) -> None:
        """Write what is buffered, in one transaction."""
        async with self._writing:
            segments, lines = list(self._segments.values()), self._lines
            self._segments, self._lines = {}, []
            self._pending.clear()
            self._urgent.clear()
            if not segments and not lines:
                self._stored = self._appended  # none waits in the buffer (an erasure took it)
                return
            taken_through = self._appended
            ended = self._write_ended = asyncio.Event()
            try:
                await self._store.logs.write(segments, lines)
                self._stored = taken_through
            except Exception:
                # The store is briefly away: keep them for the next round, within the bound.
                logger.exception("writing %d logged lines failed; will retry", len(lines))
                for segment in segments:
                    self._segments.setdefault(segment.id, segment)
                kept = lines + self._lines
                if len(kept) > FLUSH_LINES * 10:
                    self._dropped_through = self._appended - FLUSH_LINES * 10
                self._lines = kept[-FLUSH_LINES * 10 :]
                self._pending.set()
                raise
            finally:
                ended.set()

    async def run(self) -> None:
        """Write buffered lines every ``FLUSH_SECONDS`` (sooner when many wait or a log stops)
        until ``stop``; then write what is left. Owned by the server's task group."""
        while not self._stopping:
            await self._pending.wait()
            if not self._urgent.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._urgent.wait(), FLUSH_SECONDS)
            with contextlib.suppress(Exception):
                await self.flush()
        await self.flush()

    def stop(self) -> None:
        """Make ``run`` write what is left and return (server shutdown)."""
        self._stopping = True
        self._pending.set()
        self._urgent.set()


def _present(live: LiveRoom) -> frozenset[AccountId]:
    return frozenset(next(iter(conns)).account.id for conns in live.members.values())
