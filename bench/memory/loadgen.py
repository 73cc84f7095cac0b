"""The load generator: idle logged-in connections on each gateway in turn, memory at each level.

Runs in a process of its own (uvloop, the raw asyncio clients of ``bench.irc``,
``bench.telnet`` and ``bench.web``). Every connection stays open to the end, so the last
gateway's figures are taken with the others' connections still there: one server, one run.
Reads the server's memory and CPU from ``/proc`` itself. Imports the standard library and
``bench``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Protocol

from bench.irc import clients as irc_clients
from bench.irc import proc
from bench.irc.jobs import account_name
from bench.irc.measure import SASL_CONCURRENCY, gather_limited
from bench.telnet import clients as telnet_clients
from bench.telnet.boudoir import DIALECT
from bench.telnet.jobs import TelnetTarget, room_name
from bench.telnet.loadgen import log_in as telnet_log_in
from bench.web import clients as web_clients

GATEWAYS = ("irc", "telnet", "web")

MEMORY_SETTLE_SECONDS = 2.0
"""Pause after the last login of a level before reading the server's memory, so replies still
being written (MOTD, welcome, presence) and deferred work have landed."""


@dataclass(frozen=True, slots=True)
class MemoryJob:
    host: str
    ports: dict[str, int]
    pid: int
    password: str
    gateways: tuple[str, ...]
    levels: tuple[int, ...]
    """Logged-in connections per gateway at which memory is read; the last is the total."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Browsers' login tokens by account (``bench.web.tokens``): those resume with their
    cookie, as a browser coming back does, with no argon2id; the others log in over HTTP."""
    rooms: int = 1
    """Telnet rooms: character ``i`` goes to ``room<i % rooms + 1>``
    (``bench.memory.server.TELNET_ROOM_SIZE`` in each)."""
    concurrency: int = SASL_CONCURRENCY
    """Logins at once: each costs an argon2id verification; fewer than the login throttle's
    free attempts per address (see ``bench.irc.measure``)."""
    settle_seconds: float = MEMORY_SETTLE_SECONDS


class Client(Protocol):
    closed: bool

    def abort(self) -> None: ...

    def start_counting(self) -> None: ...


def first_account(job: MemoryJob, gateway: str) -> int:
    """Gateway number ``g`` uses accounts ``g * N + 1`` .. ``(g + 1) * N``: one per connection."""
    return job.gateways.index(gateway) * job.levels[-1] + 1


def maker(job: MemoryJob, gateway: str) -> Callable[[int], Awaitable[Client]]:
    """How one logged-in idle client of ``gateway`` is made, from its index (0-based)."""
    host, port, password = job.host, job.ports[gateway], job.password
    first = first_account(job, gateway)

    async def irc(index: int) -> Client:
        client = await irc_clients.connect(
            host, port, account_name(first + index), irc_tally, password=password
        )
        client.start_counting()
        return client

    # Login puts a character in the home room; ``jump`` takes it to its own, of a few dozen.
    telnet_target = TelnetTarget("boudoir", host, port, (job.pid,), password, DIALECT, "")

    async def telnet(index: int) -> Client:
        name = account_name(first + index)
        client = await telnet_clients.open_client(host, port, name, telnet_tally)
        await telnet_log_in(telnet_target, client, room_name(index % job.rooms))
        client.start_counting()
        return client

    async def web(index: int) -> Client:
        name = account_name(first + index)
        token = job.tokens.get(name)
        if token is not None:
            client = await web_clients.resume(host, port, name, token, web_tally)
        else:
            client = await web_clients.connect(host, port, name, password, web_tally)
        client.start_counting()
        return client

    irc_tally, telnet_tally, web_tally = (
        irc_clients.Tally(),
        telnet_clients.Tally(),
        web_clients.Tally(),
    )
    makers: dict[str, Callable[[int], Awaitable[Client]]] = {
        "irc": irc,
        "telnet": telnet,
        "web": web,
    }
    return makers[gateway]


class LoadWindow:
    """Wall time, the server's CPU, the load generator's own, and the machine's busy ticks."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.wall = time.monotonic()
        self.server = proc.cpu_seconds(pid)
        self.own = proc.own_cpu_seconds()
        self.busy, self.total = proc.machine_busy_ticks()

    def close(self) -> dict[str, float]:
        wall = time.monotonic() - self.wall
        server = proc.cpu_seconds(self.pid) - self.server
        own = proc.own_cpu_seconds() - self.own
        busy, total = proc.machine_busy_ticks()
        busy_seconds = (busy - self.busy) / proc.CLOCK_TICKS_PER_SECOND
        cpus = os.cpu_count() or 1
        return {
            "wall_seconds": wall,
            "server_cpu_seconds": server,
            "loadgen_cpu_seconds": own,
            # Everything else the machine did meanwhile (other processes, kernel work charged
            # to no process), in CPUs busy on average.
            "other_cpus_busy": max(0.0, busy_seconds - server - own) / wall if wall else 0.0,
            "machine_busy_fraction": (busy - self.busy) / max(1, total - self.total),
            "cpus": cpus,
        }


def load_average() -> list[float]:
    with open("/proc/loadavg") as loadavg:
        return [float(value) for value in loadavg.read().split()[:3]]


async def grow(job: MemoryJob, gateway: str, kept: list[Client]) -> dict[str, Any]:
    """Log ``gateway``'s clients in up to each level; read the server's memory at each."""
    make = maker(job, gateway)
    clients: list[Client] = []
    baseline = previous = proc.memory(job.pid)
    levels: list[dict[str, Any]] = []
    for level in job.levels:
        have = len(clients)
        window = LoadWindow(job.pid)

        async def one(index: int, have: int = have) -> Client:
            return await make(have + index)

        try:
            clients += await gather_limited(level - have, job.concurrency, one)
        except irc_clients.SetupFailed as error:
            levels.append({"connections": level, "error": str(error)})
            break
        figures = window.close()
        settle = LoadWindow(job.pid)
        await asyncio.sleep(job.settle_seconds)
        quiet = settle.close()
        memory = proc.memory(job.pid)
        levels.append(
            {
                "connections": level,
                "new_connections": level - have,
                "logged_in": level - sum(client.closed for client in clients),
                "login_wall_seconds": figures["wall_seconds"],
                "login_server_cpu_seconds": figures["server_cpu_seconds"],
                "login_other_cpus_busy": figures["other_cpus_busy"],
                "settle_server_cpu_seconds": quiet["server_cpu_seconds"],
                "settle_other_cpus_busy": quiet["other_cpus_busy"],
                "load_average": load_average(),
                "rss_kib": memory.rss_kib,
                "pss_kib": memory.pss_kib,
                "rss_kib_per_connection": (memory.rss_kib - baseline.rss_kib) / level,
                "pss_kib_per_connection": (memory.pss_kib - baseline.pss_kib) / level,
                # Since the previous level: leaves out one-off costs (imports, caches, the
                # first connection's structures) that the baseline figure spreads over all.
                "rss_kib_marginal": (memory.rss_kib - previous.rss_kib) / (level - have),
                "pss_kib_marginal": (memory.pss_kib - previous.pss_kib) / (level - have),
            }
        )
        previous = memory
    kept += clients
    return {
        "gateway": gateway,
        "first_account": account_name(first_account(job, gateway)),
        "baseline_rss_kib": baseline.rss_kib,
        "baseline_pss_kib": baseline.pss_kib,
        "levels": levels,
    }


async def run_memory(job: MemoryJob, report: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Each gateway in turn, every connection kept open until all are measured."""
    kept: list[Client] = []
    start = proc.memory(job.pid)
    results = []
    try:
        for gateway in job.gateways:
            result = await grow(job, gateway, kept)
            report(result)
            results.append(result)
            if any("error" in level for level in result["levels"]):
                break
    finally:
        for client in kept:
            client.abort()
    return {
        "job": {
            key: value for key, value in asdict(job).items() if key not in ("password", "tokens")
        },
        "web_resumed_with_token": bool(job.tokens),
        "server_start_rss_kib": start.rss_kib,
        "server_start_pss_kib": start.pss_kib,
        "gateways": results,
    }


def worker_main(job: MemoryJob, connection: Connection) -> None:
    """Entry point of the load-generator process: run ``job``, send each gateway's result as it
    finishes (``{"progress": ...}``), then the whole (``{"error": ...}`` on failure)."""
    import uvloop

    proc.raise_open_files_limit()

    def report(result: dict[str, Any]) -> None:
        connection.send({"progress": result})

    try:
        result: dict[str, Any] = uvloop.run(run_memory(job, report))
    except Exception as error:  # the orchestrator reports it
        result = {"error": f"{type(error).__name__}: {error}"}
    connection.send(result)
    connection.close()
