"""A soak load generator: one process (uvloop) holding its share of the connections.

It opens its connections (``plan.worker(index) == number``) with the benchmark clients of
``bench.irc``, ``bench.web`` and ``bench.telnet``: IRC logs in with SASL PLAIN and joins
``#roomN``; the browser logs in over HTTP for its session cookie, opens the WebSocket and
joins ``roomN``; telnet sends ``connect name password`` and ``jump roomN``. Every connection
then parses what it receives: each bench message (``QZJ<send stamp ns>.<speaker>.<sequence>``)
is counted by its key, and its latency (receipt minus send stamp, both ``CLOCK_MONOTONIC``,
which every process shares) goes into the receiving gateway's histogram. A speaker's own
message shown back to it (web, telnet) is an echo, counted apart.

Orders come from the orchestrator over a pipe: ``start`` (speak from ``start`` to ``end``,
each second ``plan.speaking`` of the connections, picked at random on a 100 ms tick, one line
each), ``report`` (send what was counted since the last report, then forget it), ``finish``.
Imports the standard library, uvloop and ``bench``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, cast

from bench.irc import clients as irc_clients
from bench.irc import proc
from bench.irc.measure import SASL_CONCURRENCY, gather_limited
from bench.irc.servers import _die_with_parent
from bench.soak import plan as plans
from bench.soak.plan import GATEWAYS, KEY_BASE, Plan, Server
from bench.soak.stats import BIN_NS, Histogram
from bench.telnet import clients as telnet_clients
from bench.telnet.boudoir import DIALECT
from bench.telnet.jobs import TelnetTarget
from bench.telnet.loadgen import log_in as telnet_log_in
from bench.web import clients as web_clients
from bench.web import frames

TICK_SECONDS = 0.1
"""The speakers of each second are spread over ten ticks, not sent in one burst."""

HEADER_BYTES = 40
"""About the length of ``QZJ<stamp>.<speaker>.<sequence> ``: the padding makes up the rest of
``plan.text_size``."""


class Record:
    """What this process's members received, and what they sent, since the last report."""

    __slots__ = ("deliveries", "echoes", "histograms", "others", "sent")

    def __init__(self) -> None:
        self.deliveries: dict[int, int] = {}
        self.histograms: dict[str, Histogram] = {}
        self.echoes = 0
        self.others = 0
        self.sent: list[tuple[int, int, int]] = []
        self._clear()

    def _clear(self) -> None:
        self.deliveries = {}
        self.histograms = {gateway: {} for gateway in GATEWAYS}
        self.echoes = 0
        self.others = 0
        self.sent = []

    def receive(self, gateway: str, own: int, data: bytes) -> bool:
        """Count one received bench message; False when it is the member's own (an echo)."""
        found = telnet_clients.FIELDS.search(data)
        if found is None:
            self.others += 1
            return True
        now = time.monotonic_ns()
        speaker = int(found[2])
        if speaker == own:
            self.echoes += 1
            return False
        key = speaker * KEY_BASE + int(found[3])
        deliveries = self.deliveries
        deliveries[key] = deliveries.get(key, 0) + 1
        histogram = self.histograms[gateway]
        bin_ = (now - int(found[1])) // BIN_NS
        histogram[bin_] = histogram.get(bin_, 0) + 1
        return True

    def take(self) -> dict[str, Any]:
        """Everything counted so far; the record starts again from nothing."""
        taken = {
            "deliveries": self.deliveries,
            "histograms": self.histograms,
            "echoes": self.echoes,
            "others": self.others,
            "sent": self.sent,
        }
        self._clear()
        return taken


Client = irc_clients.IrcClient | web_clients.WebClient | telnet_clients.TelnetClient


class Member:
    """One connection: its client and how it says a line in its room."""

    __slots__ = ("client", "framed", "gateway", "head", "index", "padding", "room", "sequence")

    def __init__(self, plan: Plan, index: int, client: Client) -> None:
        self.index = index
        self.client = client
        self.gateway = plan.gateway(index)
        self.room = plan.room(index)
        self.sequence = 0
        self.padding = b"x" * max(1, plan.text_size - HEADER_BYTES)
        name = plans.room(plan, index).encode()
        self.framed = self.gateway == "web"
        self.head, tail = {
            "irc": (b"PRIVMSG #" + name + b" :", b"\r\n"),
            # No "ref": a say without one gets no "ok" (docs/websocket.md), like a PRIVMSG.
            "web": (b'{"type":"say","room":"' + name + b'","text":"', b'"}'),
            "telnet": (b"say ", b"\r\n"),
        }[self.gateway]
        self.padding += tail

    def say(self, record: Record) -> None:
        self.sequence += 1
        stamp = time.monotonic_ns()
        line = b"%s%s%d.%d.%d %s" % (
            self.head,
            telnet_clients.MARKER,
            stamp,
            self.index,
            self.sequence,
            self.padding,
        )
        self.client.send(frames.encode_frame(frames.OPCODE_TEXT, line) if self.framed else line)
        record.sent.append((self.index * KEY_BASE + self.sequence, stamp, self.room))


class Worker:
    def __init__(self, plan: Plan, server: Server, number: int, connection: Connection) -> None:
        self.plan = plan
        self.server = server
        self.number = number
        self.connection = connection
        self.record = Record()
        self.members: list[Member] = []
        self.skipped = 0
        self.irc_tally = irc_clients.Tally()
        self.web_tally = web_clients.Tally()
        self.telnet_tally = telnet_clients.Tally()
        self.telnet_target = TelnetTarget(
            "boudoir",
            server.host,
            server.telnet_port,
            (server.pid,),
            server.password,
            DIALECT,
            "boudoir",
        )

    def _handler(self, gateway: str, index: int) -> Callable[[bytes], bool]:
        record = self.record

        def on_text(data: bytes) -> bool:
            return record.receive(gateway, index, data)

        return on_text

    async def open_member(self, index: int) -> Member:
        plan, server = self.plan, self.server
        name, room = plans.name(index), plans.room(plan, index)
        gateway = plan.gateway(index)
        handler = self._handler(gateway, index)
        client: Client
        if gateway == "irc":
            irc = await irc_clients.connect(
                server.host, server.irc_port, name, self.irc_tally, password=server.password
            )
            await irc.join("#" + room)
            irc.start_parsing(cast(Callable[[bytes], None], handler))
            client = irc
        elif gateway == "web":
            token = server.web_tokens.get(name)
            if token is not None:
                web = await web_clients.resume(
                    server.host, server.web_port, name, token, self.web_tally
                )
            else:
                web = await web_clients.connect(
                    server.host, server.web_port, name, server.password, self.web_tally
                )
            await web.join(room, create=False)
            web.start_parsing(handler)
            client = web
        else:
            telnet = await telnet_clients.open_client(
                server.host, server.telnet_port, name, self.telnet_tally
            )
            await telnet_log_in(self.telnet_target, telnet, room)
            telnet.start_parsing(handler)
            client = telnet
        return Member(plan, index, client)

    async def run(self) -> None:
        plan = self.plan
        mine = [index for index in range(plan.connections) if plan.worker(index) == self.number]
        # Every login costs the server an argon2id check, and its login throttle counts the
        # attempts in flight from one address: the processes share SASL_CONCURRENCY.
        limit = max(1, SASL_CONCURRENCY // plan.workers)
        started = time.monotonic()
        self.members = await gather_limited(
            len(mine), limit, lambda number: self.open_member(mine[number])
        )
        self.connection.send(
            (
                "ready",
                {
                    "connections": len(self.members),
                    "setup_seconds": time.monotonic() - started,
                    "cpu_seconds": proc.own_cpu_seconds(),
                },
            )
        )
        orders: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        loop = asyncio.get_running_loop()
        loop.add_reader(self.connection.fileno(), self._readable, orders)
        speaking: asyncio.Task[None] | None = None
        try:
            while True:
                order = await orders.get()
                if order[0] == "start":
                    speaking = asyncio.create_task(self.speak(order[1], order[2]))
                elif order[0] == "report":
                    self.connection.send(("report", self.report()))
                else:
                    break
        finally:
            loop.remove_reader(self.connection.fileno())
            if speaking is not None:
                speaking.cancel()
                await asyncio.gather(speaking, return_exceptions=True)
            for member in self.members:
                member.client.abort()
        self.connection.send(("done", {"cpu_seconds": proc.own_cpu_seconds()}))

    def _readable(self, orders: asyncio.Queue[tuple[Any, ...]]) -> None:
        try:
            while self.connection.poll():
                orders.put_nowait(self.connection.recv())
        except (EOFError, OSError):  # the orchestrator is gone: stop
            asyncio.get_running_loop().remove_reader(self.connection.fileno())
            orders.put_nowait(("finish",))

    async def speak(self, start: float, end: float) -> None:
        """From ``start`` to ``end`` (monotonic seconds), ``plan.speaking`` of this process's
        connections per second, picked at random, say one line each."""
        rng = random.Random(self.plan.seed * 1000 + self.number)
        rate = len(self.members) * self.plan.speaking
        await asyncio.sleep(max(0.0, start - time.monotonic()))
        said = 0
        while (now := time.monotonic()) < end:
            due = min(int((now - start) * rate) - said, len(self.members))
            if due > 0:
                for member in rng.sample(self.members, due):
                    if member.client.closed:
                        self.skipped += 1
                    else:
                        member.say(self.record)
                said += due
            await asyncio.sleep(TICK_SECONDS - (time.monotonic() - now) % TICK_SECONDS)

    def report(self) -> dict[str, Any]:
        cut = dict.fromkeys(GATEWAYS, 0)
        for member in self.members:
            if member.client.closed:
                cut[member.gateway] += 1
        return {
            **self.record.take(),
            "cut": cut,
            "skipped": self.skipped,
            "web_errors": self.web_tally.errors,
            "first_web_error": self.web_tally.first_error,
            "cpu_seconds": proc.own_cpu_seconds(),
        }


def worker_main(plan: Plan, server: Server, number: int, connection: Connection) -> None:
    """Entry point of a load-generator process; a failure is sent back as ``("error", ...)``."""
    import uvloop

    _die_with_parent()  # dies with the orchestrator, as the server does
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the orchestrator's to handle
    proc.raise_open_files_limit()
    try:
        uvloop.run(Worker(plan, server, number, connection).run())
    except Exception as error:
        with contextlib.suppress(OSError):
            connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()
