"""The telnet load generator: clients log in and stay idle (memory), then speak in rooms.

One run, on one freshly started server, in a process of its own (``worker_main``, uvloop):

1. **idle**: clients log in (``connect <name> <password>``), go to their room and wait; at each
   of ``idle_levels`` the server's memory is read (summed over its processes) before any
   message is sent: memory per idle logged-in connection.
2. **fan-out**: the same clients, ``speakers`` of them speaking, alternately a say
   (``say text``) and a pose (``:text``). Every message reaches every other member of the room
   (a *delivery*) and comes back to its speaker (an *echo*, counted apart: both servers show a
   speaker their own line). (a) saturation: each speaker keeps at most ``window`` messages in
   flight, counted as sent but not yet seen by its room's monitor; (b) a rated total.

The windows and figures are ``bench.irc``'s (``Window``, ``drain``, ``send_rated``,
``percentiles``), with the server's CPU summed over its processes. Every message starts with
``QZJ<send stamp>.<speaker>.<sequence>``; the monitor and a few probes per room take latencies
from it. Imports the standard library, uvloop, and ``bench``.
"""

from __future__ import annotations

import asyncio
import time
from array import array
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Protocol

from bench.irc import proc
from bench.irc.jobs import account_name
from bench.irc.measure import (
    Window,
    drain,
    gather_limited,
    padding,
    percentiles,
    send_rated,
    spread,
)
from bench.telnet.clients import MARKER, Tally, TelnetClient, fields, open_client
from bench.telnet.jobs import TelnetJob, TelnetTarget, describe, room_name

MEMORY_SETTLE_SECONDS = 1.0
"""Pause after the last login of an idle level before reading memory, so replies still being
written (room descriptions, arrivals) and deferred allocations have landed."""


class EventLike(Protocol):
    """``multiprocessing.Event``, as far as the worker uses it."""

    def set(self) -> None: ...


def group_cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU of every process of the server, summed."""
    return sum(proc.cpu_seconds(pid) for pid in pids)


def group_memory(pids: Sequence[int]) -> proc.Memory:
    """VmRSS and Pss of every process of the server, summed."""
    parts = [proc.memory(pid) for pid in pids]
    return proc.Memory(sum(m.rss_kib for m in parts), sum(m.pss_kib for m in parts))


class GroupWindow(Window):
    """``bench.irc``'s measured window, with the server's CPU summed over its processes."""

    def __init__(self, pids: Sequence[int]) -> None:
        super().__init__(pids[0])
        self.pids = tuple(pids)
        self.server_cpu = group_cpu_seconds(self.pids)

    def close(self) -> dict[str, float]:
        figures = super().close()
        figures["server_cpu_seconds"] = group_cpu_seconds(self.pids) - self.server_cpu
        return figures


class Speaker:
    """A client that says and poses in its room; ``acked`` is the last sequence its monitor
    saw. Odd sequences are says, even ones poses."""

    __slots__ = ("acked", "client", "index", "padding", "pose", "running", "say", "sent", "window")

    def __init__(
        self, index: int, client: TelnetClient, say: str, pose: str, window: int, pad: bytes
    ) -> None:
        self.index = index
        self.client = client
        self.say = say.encode()
        self.pose = pose.encode()
        self.window = window
        self.padding = pad
        self.sent = 0
        self.acked = 0
        self.running = False

    def speak(self, count: int) -> None:
        self.client.send(self.lines(count))

    def lines(self, count: int) -> bytes:
        now = time.monotonic_ns()
        first = self.sent + 1
        self.sent += count
        return b"".join(
            b"%s%s%d.%d.%d %s\r\n"
            % (self.say if seq % 2 else self.pose, MARKER, now, self.index, seq, self.padding)
            for seq in range(first, first + count)
        )

    def refill(self) -> None:
        """Saturation: top the window up once half of it has been seen by the monitor."""
        in_flight = self.sent - self.acked
        if self.running and in_flight <= self.window // 2:
            self.client.send(self.lines(self.window - in_flight))


class TelnetFanout:
    """Clients, rooms, speakers and probes of one fan-out."""

    def __init__(self, job: TelnetJob, clients: list[TelnetClient]) -> None:
        self.job = job
        self.clients = clients
        pad = padding(job.text_size, 32)
        self.members: list[list[TelnetClient]] = [[] for _ in range(job.rooms)]
        for number, client in enumerate(clients):
            self.members[number % job.rooms].append(client)
        dialect = job.target.dialect
        self.speakers = [
            Speaker(
                index,
                self.members[index % job.rooms][index // job.rooms],
                dialect.say,
                dialect.pose,
                job.window,
                pad,
            )
            for index in range(job.speakers)
        ]
        self.room_of_speaker = [index % job.rooms for index in range(job.speakers)]
        self.latencies: array[int] = array("q")
        self.saturating = True

    def listen(self) -> None:
        """Leave setup: most listeners count; speakers tell their own echoes apart; a few
        probes per room take latencies; the last listener of a room credits its speakers."""
        speaking = {id(speaker.client): speaker.index for speaker in self.speakers}
        for room in self.members:
            listeners = [client for client in room if id(client) not in speaking]
            probes = spread(listeners, self.job.latency_probes_per_room)
            monitor = listeners[-1] if listeners else None
            for client in room:
                if id(client) in speaking:
                    client.start_parsing(self._speaker_handler(speaking[id(client)]))
                elif client is monitor:
                    client.start_parsing(self._on_monitor_line)
                elif any(client is probe for probe in probes):
                    client.start_parsing(self._on_probe_line)
                else:
                    client.start_counting()

    def _speaker_handler(self, own: int) -> Callable[[bytes], bool]:
        def on_line(line: bytes) -> bool:
            found = fields(line)
            return found is None or found[1] != own

        return on_line

    def _on_probe_line(self, line: bytes) -> bool:
        found = fields(line)
        if found is not None:
            self.latencies.append(time.monotonic_ns() - found[0])
        return True

    def _on_monitor_line(self, line: bytes) -> bool:
        found = fields(line)
        if found is None:
            return True
        stamp, index, seq = found
        self.latencies.append(time.monotonic_ns() - stamp)
        speaker = self.speakers[index]
        if seq > speaker.acked:
            speaker.acked = seq
            if self.saturating:
                speaker.refill()
        return True

    def expected_deliveries(self) -> int:
        """Every message reaches every other member of its room; its echo is counted apart."""
        return sum(
            speaker.sent * (len(self.members[room]) - 1)
            for speaker, room in zip(self.speakers, self.room_of_speaker, strict=True)
        )

    def messages_sent(self) -> int:
        return sum(speaker.sent for speaker in self.speakers)

    async def measure(self, seconds: float, rate: float | None) -> dict[str, Any]:
        """One window: ``rate`` None saturates, else a total rate in messages per second."""
        tally = self.clients[0].tally
        for speaker in self.speakers:
            speaker.sent = speaker.acked = 0
        self.latencies = array("q")
        tally.deliveries = tally.echoes = 0
        lost_before = tally.lost
        self.saturating = rate is None
        window = GroupWindow(self.job.target.pids)
        end = window.started + seconds
        skipped = 0
        for speaker in self.speakers:
            speaker.running = True
        if rate is None:
            for speaker in self.speakers:
                speaker.refill()
            await asyncio.sleep(max(0.0, end - time.monotonic()))
        else:
            skipped = await send_rated(self.speakers, window.started, end, rate)
        for speaker in self.speakers:
            speaker.running = False
        send_seconds = time.monotonic() - window.started
        expected = self.expected_deliveries()
        sent = self.messages_sent()
        drained = await drain(lambda: tally.deliveries >= expected and tally.echoes >= sent)
        figures = window.close()
        missing = max(0, expected - tally.deliveries) + max(0, sent - tally.echoes)
        return {
            "mode": "saturation" if rate is None else "rated",
            "target_rate": rate,
            "send_seconds": send_seconds,
            **figures,
            "messages": sent,
            "deliveries": tally.deliveries,
            "expected_deliveries": expected,
            "echoes": tally.echoes,
            "missing": 0 if drained else missing,
            "unexpected": max(0, tally.deliveries - expected) + max(0, tally.echoes - sent),
            "skipped": skipped,
            "lost_connections": tally.lost - lost_before,
            "latency": percentiles(self.latencies),
        }


async def log_in(target: TelnetTarget, client: TelnetClient, room: str) -> None:
    """``connect <name> <password>``, the server's command to reach ``room`` if it has one,
    then a sync: when it returns, the character stands in its room."""
    dialect = target.dialect
    client.line(f"connect {client.name} {target.password}")
    refused = tuple(fragment.encode() for fragment in dialect.refused)
    await client.expect(dialect.logged_in.encode(), refused)
    if dialect.join is not None:
        client.line(dialect.join.format(room=room))
    await client.sync(f"ready-{client.name}", refused)


async def connect_idle(
    job: TelnetJob, clients: list[TelnetClient], tally: Tally
) -> list[dict[str, Any]]:
    """Log clients in up to each idle level in turn; read the server's memory at each."""
    target = job.target
    baseline = previous = group_memory(target.pids)
    levels: list[dict[str, Any]] = []
    for level in job.idle_levels:
        have = len(clients)
        window = GroupWindow(target.pids)

        async def make(index: int, have: int = have) -> TelnetClient:
            number = have + index
            client = await open_client(target.host, target.port, account_name(number + 1), tally)
            await log_in(target, client, room_name(number % job.rooms))
            return client

        # The first member of each room arrives alone, before the crowd, as on IRC.
        first = range(min(job.rooms, level)) if have == 0 else ()
        clients += await gather_limited(level - have, target.setup_concurrency, make, first=first)
        figures = window.close()
        await asyncio.sleep(MEMORY_SETTLE_SECONDS)
        memory = group_memory(target.pids)
        levels.append(
            {
                "connections": level,
                "new_connections": level - have,
                "registered": level - sum(client.closed for client in clients),
                "register_wall_seconds": figures["wall_seconds"],
                "register_server_cpu_seconds": figures["server_cpu_seconds"],
                "rss_kib": memory.rss_kib,
                "pss_kib": memory.pss_kib,
                "rss_kib_per_connection": (memory.rss_kib - baseline.rss_kib) / level,
                "pss_kib_per_connection": (memory.pss_kib - baseline.pss_kib) / level,
                "rss_kib_marginal": (memory.rss_kib - previous.rss_kib) / (level - have),
                "pss_kib_marginal": (memory.pss_kib - previous.pss_kib) / (level - have),
            }
        )
        previous = memory
    return levels


async def run_telnet(
    job: TelnetJob, on_saturation: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Idle levels, then a warm-up, a saturated and a rated fan-out window on the same
    clients. The result has ``bench.irc``'s keys: ``levels``, ``fanout-max``,
    ``fanout-rated``. ``on_saturation`` is called as the saturated window starts."""
    tally = Tally()
    clients: list[TelnetClient] = []
    baseline = group_memory(job.target.pids)
    setup = time.monotonic()
    try:
        levels = await connect_idle(job, clients, tally)
        setup_seconds = time.monotonic() - setup
        run = TelnetFanout(job, clients)
        run.listen()
        if job.warmup_seconds > 0:
            await run.measure(job.warmup_seconds, None)
        if on_saturation is not None:
            on_saturation()
        saturation = await run.measure(job.seconds, None)
        rated = await run.measure(job.seconds, job.rate)
    finally:
        for client in clients:
            client.abort()
    return {
        "job": describe(job),
        "setup_seconds": setup_seconds,
        "baseline_rss_kib": baseline.rss_kib,
        "baseline_pss_kib": baseline.pss_kib,
        "levels": levels,
        "fanout-max": saturation,
        "fanout-rated": rated,
    }


def worker_main(
    job: TelnetJob, connection: Connection, saturation_started: EventLike | None = None
) -> None:
    """Entry point of the load-generator process: run ``job``, send back its result
    (``{"error": ...}`` on failure). ``saturation_started`` is set as that window starts."""
    import uvloop

    proc.raise_open_files_limit()
    signal = None if saturation_started is None else saturation_started.set
    try:
        result: dict[str, Any] = uvloop.run(run_telnet(job, signal))
    except Exception as error:  # the orchestrator reports it and carries on
        result = {"error": f"{type(error).__name__}: {error}"}
    connection.send(result)
    connection.close()
