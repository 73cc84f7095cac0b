"""The soak: many logged-in people on the three gateways, talking in rooms for minutes.

    .venv/bin/python -m bench.soak                                  # 10,000 for 10 minutes
    .venv/bin/python -m bench.soak --connections 2000 --rooms 40 --minutes 2 --json soak.json

One fresh ``boudoir serve`` (our child process, free ports of 127.0.0.1, stopped by its pid)
holds ``--connections`` logged-in connections, 70% IRC, 20% browser (WebSocket), 10% telnet,
spread over ``--rooms`` rooms with every gateway in each. For ``--minutes``, each second
``--speaking`` of them say one line in their room; every member counts what it receives per
message and its latency. Every 10 s a line: elapsed, the server's RSS, messages sent,
deliveries, deliveries still missing, p99 latency of the interval; at the end the summary and
which targets were met. The exit status is 0 whenever the soak ran, met or not (benchmarks
never fail the build), 1 when it could not run. See docs/benchmarks.md, "Soak".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.irc import proc
from bench.soak import report, server
from bench.soak.generators import GeneratorFailed, Generators
from bench.soak.plan import GATEWAYS, KEY_BASE, Plan, Server
from bench.soak.stats import Histogram, Ledger, add_into, quantiles

START_DELAY_SECONDS = 0.5
"""Between the order to speak and the first tick: every generator has it by then."""

MISSING_GRACE_SECONDS = 5.0
"""A message counts as missing deliveries in the interval lines only once it is this old."""

DRAIN_TIMEOUT_SECONDS = 15.0
"""After the last line is said, the longest wait for deliveries still on their way; whatever
is still missing then is lost."""

DRAIN_POLL_SECONDS = 0.5

BASELINE_SECONDS = 60.0
"""RSS must be flat after this much of the soak (half the soak if it is shorter)."""

SETUP_SECONDS_PER_CONNECTION = 0.5
SETUP_MINIMUM_SECONDS = 120.0
"""Bound on the whole setup: each login costs the server an argon2id check (about 50 ms, a few
at once on two cores), and the machine may be shared, so the bound is generous; a server that
stalls is caught sooner by each client's own limit (``bench.irc.measure``, 60 s)."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--rooms", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--speaking", type=float, default=0.01, help="share of connections speaking each second"
    )
    parser.add_argument("--workers", type=int, default=2, help="load-generator processes")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between lines")
    parser.add_argument(
        "--baseline-seconds",
        type=float,
        default=BASELINE_SECONDS,
        help="RSS growth is counted from this far into the soak (at most half of it); the"
        " target's is the first minute, and 600 s judges a 20-minute soak once the replay"
        " buffers and the edit window's index are full",
    )
    parser.add_argument("--text-size", type=int, default=64, help="bytes of message text")
    parser.add_argument("--seed", type=int, default=1, help="who speaks when")
    parser.add_argument(
        "--web-password-login",
        action="store_true",
        help="browsers log in with their password over HTTP (argon2id each) instead of"
        " resuming with a login token made before the run",
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    arguments = parser.parse_args(argv)
    if arguments.rooms < 1 or arguments.connections < 2 * arguments.rooms:
        parser.error("each room needs at least two members: --connections >= 2 * --rooms")
    if not 0 < arguments.speaking <= 1 or arguments.minutes <= 0 or arguments.workers < 1:
        parser.error("--speaking in (0, 1], --minutes > 0, --workers >= 1")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    open_files = proc.raise_open_files_limit()
    plan = Plan(
        connections=arguments.connections,
        rooms=arguments.rooms,
        speaking=arguments.speaking,
        workers=arguments.workers,
        seed=arguments.seed,
        text_size=arguments.text_size,
    )
    print(
        f"soak: {plan.connections:,} connections, {plan.rooms} rooms, "
        f"{plan.speaking:.2%} speaking each second, {arguments.minutes:g} min, "
        f"{plan.workers} load generators; open files {open_files}",
        flush=True,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="boudoir-soak-") as scratch:
            result = run(arguments, plan, Path(scratch))
    except KeyboardInterrupt:
        print("\nsoak: interrupted; the server and load generators were stopped", flush=True)
        return 130
    except (GeneratorFailed, RuntimeError, TimeoutError, OSError) as error:
        print(f"soak: could not run: {error}", flush=True)
        return 1
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"soak: figures written to {arguments.json}")
    return 0


def run(arguments: argparse.Namespace, plan: Plan, scratch: Path) -> dict[str, Any]:
    web_names = [] if arguments.web_password_login else plan.web_names()
    data_dir, web_tokens = server.prepare(scratch, plan.connections, plan.rooms, web_names)
    log = scratch / "boudoir.log"
    with server.start(data_dir, log, web_tokens=web_tokens) as running:
        idle_kib = proc.memory(running.pid).rss_kib
        started = time.monotonic()
        with Generators(plan, running) as generators:
            timeout = max(SETUP_MINIMUM_SECONDS, plan.connections * SETUP_SECONDS_PER_CONNECTION)
            ready = generators.wait_ready(timeout, lambda: server.alive(running))
            setup_seconds = time.monotonic() - started
            print(f"soak: all connections in their rooms after {setup_seconds:.0f} s", flush=True)
            soak = Soak(arguments, plan, running, generators, ready)
            summary = soak.run(idle_kib, setup_seconds)
    met = report.targets(summary, {**vars(arguments), "speaking": plan.speaking})
    print(report.summary_text(summary, met), flush=True)
    return {
        "command": "python -m bench.soak " + shlex.join(sys.argv[1:]),
        "plan": {**vars(arguments), "json": str(arguments.json)},
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "intervals": soak.intervals,
        "rss_samples": soak.rss_samples,
        "summary": summary,
        "targets": met,
    }


class Soak:
    """The measured part: speaking, a line every interval, the drain, the summary."""

    def __init__(
        self,
        arguments: argparse.Namespace,
        plan: Plan,
        running: Server,
        generators: Generators,
        ready: list[dict[str, Any]],
    ) -> None:
        self.arguments = arguments
        self.plan = plan
        self.running = running
        self.generators = generators
        self.ledger = Ledger(plan.room_sizes())
        self.histograms: dict[str, Histogram] = {gateway: {} for gateway in GATEWAYS}
        self.generator_cpu_start = [figures["cpu_seconds"] for figures in ready]
        self.generator_cpu = list(self.generator_cpu_start)
        self.deliveries = 0
        self.echoes = 0
        self.others = 0
        self.pending = _new_interval()
        self.last: list[dict[str, Any]] = []
        self.intervals: list[dict[str, Any]] = []
        self.rss_samples: list[tuple[float, int]] = []
        self.start = 0.0

    def rss(self) -> int:
        if not server.alive(self.running):
            raise RuntimeError("the server died during the soak")
        return proc.memory(self.running.pid).rss_kib

    def run(self, idle_kib: int, setup_seconds: float) -> dict[str, Any]:
        after_setup_kib = self.rss()
        duration = self.arguments.minutes * 60.0
        self.start = start = time.monotonic() + START_DELAY_SECONDS
        end = start + duration
        self.generators.send("start", start, end)
        server_cpu = proc.cpu_seconds(self.running.pid)
        own_cpu = proc.own_cpu_seconds()
        machine = proc.machine_busy_ticks()
        load_start = os.getloadavg()[0]
        next_sample, next_line = start, start + self.arguments.interval
        while (now := time.monotonic()) < end:
            time.sleep(max(0.0, min(next_sample, next_line, end) - now))
            now = time.monotonic()
            if now >= next_sample:
                self.rss_samples.append((now - start, self.rss()))
                next_sample += 1.0
            if now >= next_line and now < end:
                self.line(now)
                next_line += self.arguments.interval
        wall = time.monotonic() - start
        end_kib = self.rss()
        self.rss_samples.append((wall, end_kib))
        server_cpu = proc.cpu_seconds(self.running.pid) - server_cpu
        own_cpu = proc.own_cpu_seconds() - own_cpu
        busy, total = proc.machine_busy_ticks()
        busy_share = (busy - machine[0]) / max(1, total - machine[1])
        self.collect()
        pairs = zip(self.generator_cpu, self.generator_cpu_start, strict=True)
        generators_cpu = [after - before for after, before in pairs]
        self.drain()
        self.line(time.monotonic(), final=True)
        cpus = os.cpu_count() or 1
        return self.summarise(
            idle_kib,
            after_setup_kib,
            end_kib,
            duration,
            setup_seconds,
            {
                "wall_seconds": wall,
                "server_seconds": server_cpu,
                "server_share": server_cpu / wall,
                "generators_seconds": generators_cpu,
                "generators_share": sum(generators_cpu) / wall,
                "generators_per_process": ", ".join(f"{s / wall:.0%}" for s in generators_cpu),
                "orchestrator_share": own_cpu / wall,
                "cpus": cpus,
                "machine_busy_share": busy_share,
                "other_cores": max(
                    0.0, busy_share * cpus - (server_cpu + sum(generators_cpu) + own_cpu) / wall
                ),
                "load_average_start": load_start,
                "load_average_end": os.getloadavg()[0],
            },
        )

    def collect(self) -> None:
        """Every generator's report since the last one, added to the ledger and to the
        interval in progress."""
        reports = self.generators.collect()
        pending = self.pending
        for report_ in reports:
            self.ledger.record_sent(report_["sent"])
            self.ledger.record_received(report_["deliveries"])
            for gateway, histogram in report_["histograms"].items():
                add_into(self.histograms[gateway], histogram)
                add_into(pending["histogram"], histogram)
            self.echoes += report_["echoes"]
            self.others += report_["others"]
            pending["messages"] += len(report_["sent"])
            delivered = sum(report_["deliveries"].values())
            pending["deliveries"] += delivered
            self.deliveries += delivered
        self.generator_cpu = [report_["cpu_seconds"] for report_ in reports]
        self.last = reports

    def line(self, now: float, *, final: bool = False) -> None:
        """Collect, and print the interval's line; the last one (after the drain) counts
        every message still missing, however recent."""
        self.collect()
        pending, self.pending = self.pending, _new_interval()
        grace_ns = int((now - MISSING_GRACE_SECONDS) * 1e9)
        figures = {
            "elapsed_seconds": now - self.start,
            "rss_kib": self.rss(),
            "messages": pending["messages"],
            "deliveries": pending["deliveries"],
            "latency": quantiles(pending["histogram"]),
            "messages_total": len(self.ledger.sent),
            "missing_so_far": self.ledger.missing(None if final else grace_ns),
        }
        self.intervals.append(figures)
        print(report.interval_line(figures), flush=True)

    def drain(self) -> None:
        """Collect until every message sent has reached every member, or the drain times out."""
        deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
        while self.ledger.missing() and time.monotonic() < deadline:
            time.sleep(DRAIN_POLL_SECONDS)
            self.collect()

    def summarise(
        self,
        idle_kib: int,
        after_setup_kib: int,
        end_kib: int,
        duration: float,
        setup_seconds: float,
        cpu: dict[str, Any],
    ) -> dict[str, Any]:
        baseline_at = min(self.arguments.baseline_seconds, duration / 2)
        baseline_kib = next(
            (kib for elapsed, kib in self.rss_samples if elapsed >= baseline_at), end_kib
        )
        cut = {gateway: sum(r["cut"][gateway] for r in self.last) for gateway in GATEWAYS}
        return {
            "connections": self.plan.connections,
            "gateways": self.plan.gateway_counts(),
            "rooms": self.plan.rooms,
            "setup_seconds": setup_seconds,
            "rss": {
                "idle_kib": idle_kib,
                "after_setup_kib": after_setup_kib,
                "baseline_seconds": baseline_at,
                "baseline_kib": baseline_kib,
                "end_kib": end_kib,
                "peak_kib": max(kib for _, kib in self.rss_samples),
                "growth_percent": (end_kib - baseline_kib) / baseline_kib * 100,
            },
            "messages": len(self.ledger.sent),
            "deliveries": self.deliveries,
            "expected_deliveries": self.ledger.expected_total(),
            "echoes": self.echoes,
            # The browser and telnet show speakers their own line; IRC does not (no echo-message).
            "expected_echoes": sum(
                1 for key in self.ledger.sent if self.plan.gateway(key // KEY_BASE) != "irc"
            ),
            "loss": {
                "missing": self.ledger.missing(),
                "extra": self.ledger.extra(),
                "cut_connections": sum(cut.values()),
                "cut": cut,
                "skipped": sum(r["skipped"] for r in self.last),
                "web_errors": sum(r["web_errors"] for r in self.last),
                "first_web_error": next(
                    (r["first_web_error"] for r in self.last if r["first_web_error"]), ""
                ),
                "unrecognised_messages": self.others,
            },
            "latency": report.latency_figures(self.histograms),
            "cpu": cpu,
        }


def _new_interval() -> dict[str, Any]:
    """Counts of the interval in progress: messages, deliveries, their latency histogram."""
    return {"messages": 0, "deliveries": 0, "histogram": {}}


if __name__ == "__main__":
    sys.exit(main())
