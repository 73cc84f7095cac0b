"""Direct messages: pairs ping-pong ``PRIVMSG nick``, one message in flight per pair.

Imports the standard library and the sibling modules.
"""

from __future__ import annotations

import asyncio
import time
from array import array
from typing import Any

from bench.irc.clients import IrcClient, Tally, connect
from bench.irc.jobs import DirectJob, account_name, describe
from bench.irc.measure import (
    CLIENT_SETUP_TIMEOUT_SECONDS,
    Window,
    drain,
    gather_limited,
    login_limit,
    padding,
    percentiles,
)


class Pair:
    """Two clients that ping-pong a direct message; ``first`` measures the round trip."""

    __slots__ = (
        "_to_first",
        "_to_second",
        "first",
        "in_flight",
        "latencies",
        "padding",
        "round_trips",
        "running",
        "second",
    )

    def __init__(self, first: IrcClient, second: IrcClient, latencies: array[int], pad: bytes):
        self.first = first
        self.second = second
        self.latencies = latencies
        self.padding = pad
        self.running = False
        self.in_flight = False
        self.round_trips = 0
        first.start_parsing(self._first_received)
        second.start_parsing(self._second_received)
        self._to_second = b"PRIVMSG " + second.nick.encode() + b" :"
        self._to_first = b"PRIVMSG " + first.nick.encode() + b" :"

    def serve(self) -> None:
        self.in_flight = True
        self.first.send(b"%s%d %s\r\n" % (self._to_second, time.monotonic_ns(), self.padding))

    def _second_received(self, line: bytes) -> None:
        # Echo the text back unchanged: the stamp in it is the first client's.
        start = line.find(b" :", line.find(b" PRIVMSG ") + 9) + 2
        self.second.send(self._to_first + line[start:].rstrip(b"\r") + b"\r\n")

    def _first_received(self, line: bytes) -> None:
        start = line.find(b" :", line.find(b" PRIVMSG ") + 9) + 2
        stamp = int(line[start:].split(b" ", 1)[0])
        if stamp == 0:  # the message request of the setup, echoed: not a round trip
            return
        self.latencies.append(time.monotonic_ns() - stamp)
        self.round_trips += 1
        if self.running:
            self.serve()
        else:
            self.in_flight = False


async def run_direct(job: DirectJob) -> dict[str, Any]:
    target = job.target
    tally = Tally()

    async def make(index: int) -> IrcClient:
        client = await connect(
            target.host, target.port, account_name(index + 1), tally, password=target.password
        )
        # Boudoir's default policy (shared_room) admits a stranger's direct message, as a
        # request, only when the two share a room (accepted below); the peers do the same
        # JOIN so every server does the same setup work.
        await client.join(f"#pair{index // 2 + 1}")
        return client

    setup = time.monotonic()
    clients = await gather_limited(
        2 * job.pairs, login_limit(target), make, first=range(0, 2 * job.pairs, 2)
    )
    setup_seconds = time.monotonic() - setup
    if target.message_requests:
        await asyncio.gather(
            *(_accept(clients[2 * k], clients[2 * k + 1]) for k in range(job.pairs))
        )
    latencies: array[int] = array("q")
    pad = padding(job.text_size, 20)
    pairs = [Pair(clients[2 * k], clients[2 * k + 1], latencies, pad) for k in range(job.pairs)]
    try:
        if job.warmup_seconds > 0:
            await _ping_pong(pairs, tally, target.pid, job.warmup_seconds, latencies)
        result = await _ping_pong(pairs, tally, target.pid, job.seconds, latencies)
    finally:
        for client in clients:
            client.abort()
    return {"job": describe(job), "setup_seconds": setup_seconds, "dm": result}


async def _accept(first: IrcClient, second: IrcClient) -> None:
    """Boudoir: ``first`` writes to ``second`` (a message request), ``second`` accepts it.
    From then on both directions are delivered at once: the recipient accepted the sender,
    and writing first to someone accepts their replies (docs/architecture.md)."""
    first.send(b"PRIVMSG %s :0\r\n" % second.nick.encode())  # stamp 0: ignored later
    command = b"ACCEPT " + first.nick.encode()
    async with asyncio.timeout(CLIENT_SETUP_TIMEOUT_SECONDS):
        # The request ends with the commands to answer it ("... /msg NickServ ACCEPT u0001").
        while command not in b" ".join(await second.expect({b"NOTICE"})):
            pass
        second.send(b"PRIVMSG NickServ :" + command + b"\r\n")
        await second.expect({b"NOTICE"})  # "Accepted: u0001 may message you."


async def _ping_pong(
    pairs: list[Pair], tally: Tally, pid: int, seconds: float, latencies: array[int]
) -> dict[str, Any]:
    """One window of ping-pong: every pair keeps one message in flight until the end, then
    waits for the last round trips to come back."""
    del latencies[:]
    tally.deliveries = 0
    lost_before = tally.lost
    window = Window(pid)
    for pair in pairs:
        pair.round_trips = 0
        pair.running = True
        pair.serve()
    await asyncio.sleep(max(0.0, window.started + seconds - time.monotonic()))
    for pair in pairs:
        pair.running = False
    send_seconds = time.monotonic() - window.started
    drained = await drain(lambda: not any(pair.in_flight for pair in pairs))
    figures = window.close()
    round_trips = sum(pair.round_trips for pair in pairs)
    return {
        "send_seconds": send_seconds,
        **figures,
        "round_trips": round_trips,
        "messages": tally.deliveries,
        "deliveries": tally.deliveries,
        "expected_deliveries": 2 * round_trips,
        "missing": 0 if drained else sum(pair.in_flight for pair in pairs),
        "lost_connections": tally.lost - lost_before,
        "latency": percentiles(latencies),
    }
