"""WebSocket fan-out, the same shape as ``bench.irc.fanout``: speakers in rooms, every message
delivered to every other member.

(a) saturation: each speaker keeps at most ``window`` messages in flight, counted as sent but
not yet seen by its room's monitor (the last listener of the room); (b) a rated total. A
*delivery* is one ``message`` event reaching another member, as on IRC; the server also sends
each speaker its own message back (docs/websocket.md), counted apart as an *echo*: that work is
charged to the web path, not credited to it.

``worker_main`` is the load-generator process's entry point. Imports the standard library,
uvloop, and ``bench``.
"""

from __future__ import annotations

import asyncio
import re
import time
from array import array
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol

from bench.irc import proc
from bench.irc.clients import SetupFailed
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
from bench.web import frames
from bench.web.clients import Tally, WebClient, connect

FIELDS = re.compile(rb'"(\d+) (\d+) (\d+) ')
"""The start of a bench message's text as a JSON string: send stamp (ns), speaker, sequence.
Nothing else in a ``message`` event starts a string with digits and spaces (ids are ULIDs,
times ISO 8601), so this finds the text without decoding the JSON."""


class EventLike(Protocol):
    """``multiprocessing.Event``, as far as the worker uses it."""

    def set(self) -> None: ...


class Speaker:
    """A client that speaks in its room; ``acked`` is the last sequence its monitor saw."""

    __slots__ = ("acked", "client", "head", "index", "running", "sent", "tail", "window")

    def __init__(self, index: int, client: WebClient, room: str, window: int, pad: bytes):
        self.index = index
        self.client = client
        # No "ref": a say without one gets no "ok" (docs/websocket.md), like a PRIVMSG.
        self.head = b'{"type":"say","room":"' + room.encode() + b'","text":"'
        self.tail = b" " + pad + b'"}'
        self.window = window
        self.sent = 0
        self.acked = 0
        self.running = False

    def speak(self, count: int) -> None:
        self.client.send(self.says(count))

    def says(self, count: int) -> bytes:
        """``count`` say commands, each its own masked text frame, in one buffer."""
        now = time.monotonic_ns()
        first = self.sent + 1
        self.sent += count
        encode = frames.encode_frame
        return b"".join(
            encode(
                frames.OPCODE_TEXT, b"%s%d %d %d%s" % (self.head, now, self.index, seq, self.tail)
            )
            for seq in range(first, first + count)
        )

    def refill(self) -> None:
        """Saturation: top the window up once half of it has been seen by the monitor."""
        in_flight = self.sent - self.acked
        if self.running and in_flight <= self.window // 2:
            self.client.send(self.says(self.window - in_flight))


def fields(payload: bytes) -> tuple[int, int, int] | None:
    """(stamp, speaker, sequence) of a bench message, or None for any other text."""
    found = FIELDS.search(payload)
    if found is None:
        return None
    return int(found[1]), int(found[2]), int(found[3])


class WebFanout:
    """Clients, rooms, speakers and probes of one WebSocket fan-out run."""

    def __init__(self, job: FanoutJob, clients: list[WebClient]) -> None:
        self.job = job
        self.clients = clients
        pad = padding(job.text_size, 32)
        self.members: list[list[WebClient]] = [[] for _ in range(job.rooms)]
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
        self.saturating = True

    def listen(self) -> None:
        """Switch every client out of setup: most listeners count; speakers tell their own
        echoes apart; a few probes per room take latencies; the monitor credits speakers."""
        speaking = {id(speaker.client): speaker.index for speaker in self.speakers}
        for room in self.members:
            listeners = [client for client in room if id(client) not in speaking]
            probes = spread(listeners, self.job.latency_probes_per_room)
            monitor = listeners[-1] if listeners else None
            for client in room:
                if id(client) in speaking:
                    client.start_parsing(self._speaker_handler(speaking[id(client)]))
                elif client is monitor:
                    client.start_parsing(self._on_monitor_message)
                elif any(client is probe for probe in probes):
                    client.start_parsing(self._on_probe_message)
                else:
                    client.start_counting()

    def _speaker_handler(self, own: int) -> Callable[[bytes], bool]:
        def on_message(payload: bytes) -> bool:
            found = fields(payload)
            return found is None or found[1] != own

        return on_message

    def _on_probe_message(self, payload: bytes) -> bool:
        found = fields(payload)
        if found is not None:
            self.latencies.append(time.monotonic_ns() - found[0])
        return True

    def _on_monitor_message(self, payload: bytes) -> bool:
        found = fields(payload)
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
        tally.deliveries = tally.echoes = tally.errors = 0
        lost_before = tally.lost
        self.saturating = rate is None
        window = Window(self.job.target.pid)
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
        drained = await drain(
            lambda: tally.deliveries >= self.expected_deliveries() and tally.echoes >= sent
        )
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
            "error_replies": tally.errors,
            "first_error": tally.first_error,
            "latency": percentiles(self.latencies),
        }


def room_name(index: int) -> str:
    """Room names on the web have no prefix; on IRC the same room is ``#`` plus the name."""
    return f"room{index + 1}"


async def run_web_fanout(
    job: FanoutJob, on_saturation: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Connect ``job.clients`` WebSocket clients, then a warm-up, a saturated and a rated
    window; the result has the same keys as ``bench.irc.fanout.run_fanout``'s.
    ``on_saturation`` is called as the saturated window starts (to attach a profiler)."""
    target = job.target
    if target.password is None:
        raise SetupFailed("the web fan-out needs the accounts' password to log in")
    password = target.password
    tally = Tally()

    async def make(index: int) -> WebClient:
        client = await connect(target.host, target.port, account_name(index + 1), password, tally)
        # The first member of each room is made alone, before the others: it creates the room.
        await client.join(room_name(index % job.rooms), create=index < job.rooms)
        return client

    setup = time.monotonic()
    clients = await gather_limited(
        job.clients, login_limit(target), make, first=range(min(job.rooms, job.clients))
    )
    setup_seconds = time.monotonic() - setup
    try:
        run = WebFanout(job, clients)
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
        "events_before_welcome": tally.early_events,
        "fanout-max": saturation,
        "fanout-rated": rated,
    }


def worker_main(
    job: FanoutJob, connection: Connection, saturation_started: EventLike | None = None
) -> None:
    """Entry point of the load-generator process: run the web fan-out, send back its result
    (``{"error": ...}`` on failure). ``saturation_started`` is set as that window starts."""
    import uvloop

    proc.raise_open_files_limit()
    signal = None if saturation_started is None else saturation_started.set
    try:
        result: dict[str, Any] = uvloop.run(run_web_fanout(job, signal))
    except Exception as error:  # the orchestrator reports it and carries on
        result = {"error": f"{type(error).__name__}: {error}"}
    connection.send(result)
    connection.close()
