"""Fan-out: speakers in rooms, every message delivered to every other member.

(a) saturation: each speaker keeps at most ``window`` messages in flight, counted as sent but
not yet seen by its room's monitor (the last client on its room's list); (b) a rated total
(500 messages per second). Imports the standard library and the sibling modules.
"""

from __future__ import annotations

import asyncio
import time
from array import array
from typing import Any

from bench.irc import native
from bench.irc.clients import IrcClient, Tally, connect
from bench.irc.jobs import FanoutJob, account_name, describe
from bench.irc.measure import (
    Window,
    drain,
    gather_limited,
    login_limit,
    padding,
    percentiles,
    send_rated,
    spread,
)


class Speaker:
    """A client that speaks in its room; ``acked`` is the last sequence its monitor saw."""

    __slots__ = ("acked", "client", "index", "padding", "prefix", "running", "sent", "window")

    def __init__(self, index: int, client: IrcClient, room: str, window: int, pad: bytes):
        self.index = index
        self.client = client
        self.prefix = b"PRIVMSG " + room.encode() + b" :"
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
            b"%s%d %d %d %s\r\n" % (self.prefix, now, self.index, seq, self.padding)
            for seq in range(first, first + count)
        )

    def refill(self) -> None:
        """Saturation: top the window up once half of it has been seen by the monitor, so
        each write carries several messages rather than one."""
        in_flight = self.sent - self.acked
        if self.running and in_flight <= self.window // 2:
            self.client.send(self.lines(self.window - in_flight))


class Fanout:
    """Clients, rooms, speakers and probes of one fan-out run."""

    def __init__(self, job: FanoutJob, clients: list[IrcClient]) -> None:
        self.job = job
        self.clients = clients
        pad = padding(job.text_size, 32)
        self.members: list[list[IrcClient]] = [[] for _ in range(job.rooms)]
        for number, client in enumerate(clients):
            self.members[number % job.rooms].append(client)
        self.speakers = [
            Speaker(
                index,
                self.members[index % job.rooms][index // job.rooms],
                room_name(index % job.rooms),
                job.window,
                pad,
            )
            for index in range(job.speakers)
        ]
        self.room_of_speaker = [index % job.rooms for index in range(job.speakers)]
        self.latencies: array[int] = array("q")
        self.monitors: list[IrcClient] = []
        self.saturating = True

    def listen(self, counter: native.Counter | None) -> None:
        """Switch every client out of setup: speakers and most listeners count; a few
        receivers per room parse, and the last member of each room credits the speakers.
        With a C ``counter``, the listeners that only count are handed over to it (speakers
        stay in Python: they write)."""
        speaking = {id(speaker.client) for speaker in self.speakers}
        for room in self.members:
            listeners = [client for client in room if id(client) not in speaking]
            probes = spread(listeners, self.job.latency_probes_per_room)
            monitor = listeners[-1] if listeners else None
            for client in room:
                if client is monitor:
                    client.start_parsing(self._on_monitor_line)
                    self.monitors.append(client)
                elif any(client is probe for probe in probes):
                    client.start_parsing(self._on_probe_line)
                elif counter is not None and id(client) not in speaking:
                    client.hand_over(counter)
                else:
                    client.start_counting()
        if counter is not None:
            counter.start()

    def _fields(self, line: bytes) -> tuple[int, int, int]:
        start = line.find(b" :", line.find(b" PRIVMSG ") + 9) + 2
        stamp, index, seq = line[start:].split(b" ", 3)[:3]
        return int(stamp), int(index), int(seq)

    def _on_probe_line(self, line: bytes) -> None:
        # The stamp alone: probes see three lines for each one a monitor sees.
        start = line.find(b" :", line.find(b" PRIVMSG ") + 9) + 2
        self.latencies.append(time.monotonic_ns() - int(line[start : line.index(b" ", start)]))

    def _on_monitor_line(self, line: bytes) -> None:
        stamp, index, seq = self._fields(line)
        self.latencies.append(time.monotonic_ns() - stamp)
        speaker = self.speakers[index]
        if seq > speaker.acked:
            speaker.acked = seq
            if self.saturating:
                speaker.refill()

    def expected_deliveries(self) -> int:
        """Every message reaches every other member of its room (RFC 2812 3.3.1: PRIVMSG to a
        channel goes to its members; the sender gets no copy without IRCv3 echo-message)."""
        return sum(
            speaker.sent * (len(self.members[room]) - 1)
            for speaker, room in zip(self.speakers, self.room_of_speaker, strict=True)
        )

    async def measure(self, seconds: float, rate: float | None) -> dict[str, Any]:
        """One window: ``rate`` None saturates, else a total rate in messages per second."""
        tally = self.clients[0].tally
        for speaker in self.speakers:
            speaker.sent = speaker.acked = 0
        self.latencies = array("q")
        tally.reset_deliveries()
        lost_before = tally.lost_so_far()
        self.saturating = rate is None
        target = self.job.target
        window = Window(target.pid, target.other_pids, target.watched)
        counter = tally.counter
        counter_cpu = counter.cpu_seconds() if counter is not None else 0.0
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
        drained = await drain(lambda: tally.delivered() >= self.expected_deliveries())
        figures = window.close()
        if counter is not None:
            # The C thread's share of the load generator's CPU (``loadgen_cpu_seconds``).
            figures["counter_cpu_seconds"] = counter.cpu_seconds() - counter_cpu
        delivered = tally.delivered()
        sent = sum(speaker.sent for speaker in self.speakers)
        return {
            "mode": "saturation" if rate is None else "rated",
            "target_rate": rate,
            "send_seconds": send_seconds,
            **figures,
            "messages": sent,
            "deliveries": delivered,
            "expected_deliveries": expected,
            "missing": max(0, expected - delivered) if not drained else 0,
            "unexpected": max(0, delivered - expected),
            "skipped": skipped,
            "lost_connections": tally.lost_so_far() - lost_before,
            "latency": percentiles(self.latencies),
        }


def room_name(index: int) -> str:
    return f"#room{index + 1}"


def c_counter() -> native.Counter | None:
    """The C counter, or None (with a message) when it cannot be built: Python counts."""
    try:
        return native.load_counter()
    except (native.NoCompiler, OSError) as error:
        print(f"bench.irc: listeners count in Python (slower): {error}", flush=True)
        return None


async def run_fanout(job: FanoutJob) -> dict[str, Any]:
    target = job.target
    tally = Tally()
    counter = c_counter() if job.c_counter else None

    async def make(index: int) -> IrcClient:
        port = job.ports[index] if job.ports else target.port
        client = await connect(
            target.host, port, account_name(index + 1), tally, password=target.password
        )
        await client.join(room_name(index % job.rooms))
        return client

    setup = time.monotonic()
    clients = await gather_limited(
        job.clients, login_limit(target), make, first=range(min(job.rooms, job.clients))
    )
    setup_seconds = time.monotonic() - setup
    try:
        run = Fanout(job, clients)
        run.listen(counter)
        tally.counter = counter
        if job.warmup_seconds > 0:
            await run.measure(job.warmup_seconds, None)
        saturation = await run.measure(job.seconds, None)
        rated = await run.measure(job.seconds, job.rate)
    finally:
        if counter is not None:
            counter.stop()  # before the sockets it reads are closed
        for client in clients:
            client.abort()
    return {
        "job": describe(job),
        "setup_seconds": setup_seconds,
        "listeners_in_c": counter.sockets if counter is not None else 0,
        "fanout-max": saturation,
        "fanout-rated": rated,
    }
