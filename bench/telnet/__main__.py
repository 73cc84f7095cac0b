"""Telnet benchmark: Boudoir's telnet gateway side by side with Evennia, a Python MU* server.

Each round runs every server on a freshly started instance, alternating (round r starts with
the r-th server). A run logs clients in and reads the server's memory (idle), then has speakers
say and pose in rooms (fan-out: saturation, then a rated total). The load generator runs in a
process of its own (uvloop, raw asyncio protocols). The figure that counts is deliveries per
second of server CPU (Evennia's summed over its Portal and Server), and the ratio
Boudoir/Evennia (issue 6: at least 20).

    .venv/bin/python -m bench.telnet                 # 200 clients, 5 rooms, 10 speakers, 3 rounds
    .venv/bin/python -m bench.telnet --quick         # 40 clients, 2 s windows, 1 round
    .venv/bin/python -m bench.telnet --servers boudoir --json out.json --profile prof.txt

Evennia is installed on first use into its own virtualenv outside the repository; where that
cannot be done the benchmark says why and runs Boudoir alone. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

from bench.irc import proc
from bench.irc.report import Run
from bench.irc.runs import SPAWN, rotated, run_loadgen
from bench.telnet import loadgen, report
from bench.telnet.boudoir import BoudoirTelnet
from bench.telnet.evennia import Evennia, Unavailable
from bench.telnet.jobs import TelnetJob, TelnetTarget
from bench.web.profile import Profiler

WORKER_GRACE_SECONDS = 600.0
"""Beyond the measured windows, the longest a load-generator process may take (logins: an
argon2id verification each on Boudoir, 16 at once) before it is stopped."""


class Launcher(Protocol):
    name: str

    def prepare(self, scratch: Path) -> None: ...

    def start(self, scratch: Path) -> contextlib.AbstractContextManager[TelnetTarget]: ...


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.telnet", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--servers", default=",".join(report.SERVERS))
    parser.add_argument("--rounds", type=int, help="rounds (3; --quick: 1)")
    parser.add_argument("--clients", type=int, help="logged-in clients in total (200; 40)")
    parser.add_argument("--rooms", type=int, default=5)
    parser.add_argument("--speakers", type=int, default=10)
    parser.add_argument("--seconds", type=float, help="length of each measured window (10; 2)")
    parser.add_argument("--window", type=int, default=32, help="saturation: in flight/speaker")
    parser.add_argument("--rate", type=float, default=100.0, help="rated: messages/s in total")
    parser.add_argument("--text-size", type=int, default=64, help="bytes of message text")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--json", type=Path, help="write every run and the medians here")
    parser.add_argument(
        "--profile",
        type=Path,
        help="after the rounds, one more run per server (not in the medians) with py-spy on "
        "its game process during the saturated window; FILE-<server>.txt gets the top "
        "functions by own time",
    )
    parser.add_argument(
        "--evennia-venv",
        type=Path,
        help="Evennia's virtualenv (default $BOUDOIR_BENCH_EVENNIA_VENV or "
        "~/.cache/boudoir-bench/evennia-venv; made with pip install evennia when missing)",
    )
    parser.add_argument(
        "--no-install", action="store_true", help="skip Evennia rather than install it"
    )
    arguments = parser.parse_args(argv)
    defaults = {
        "rounds": 1 if arguments.quick else 3,
        "clients": 40 if arguments.quick else 200,
        "seconds": 2.0 if arguments.quick else 10.0,
    }
    for name, value in defaults.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, value)
    arguments.server_list = [name.strip() for name in arguments.servers.split(",") if name]
    unknown = set(arguments.server_list) - set(report.SERVERS)
    if unknown or not arguments.server_list:
        parser.error(f"unknown servers: {', '.join(sorted(unknown)) or '(none)'}")
    for name in ("rounds", "clients", "rooms", "speakers", "window"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if arguments.seconds <= 0 or arguments.rate <= 0:
        parser.error("--seconds and --rate must be above 0")
    if arguments.speakers > arguments.clients - arguments.rooms:
        parser.error("each room needs a listener besides its speakers: raise --clients")
    return arguments


def make_job(target: TelnetTarget, arguments: argparse.Namespace) -> TelnetJob:
    clients = arguments.clients
    return TelnetJob(
        target,
        clients=clients,
        rooms=arguments.rooms,
        speakers=arguments.speakers,
        seconds=arguments.seconds,
        window=arguments.window,
        rate=arguments.rate,
        text_size=arguments.text_size,
        warmup_seconds=min(1.0, arguments.seconds / 5),
        # Two levels: the second's marginal cost leaves out what the first logins grew once.
        idle_levels=tuple(sorted({max(1, clients // 2), clients})),
    )


def build_launchers(arguments: argparse.Namespace, scratch: Path) -> dict[str, Launcher]:
    """Prepared launchers by name; a server that cannot run here is left out, with the reason
    printed and kept in ``arguments.skipped``."""
    launchers: dict[str, Launcher] = {}
    arguments.skipped = {}
    for name in arguments.server_list:
        launcher: Launcher
        if name == "boudoir":
            launcher = BoudoirTelnet(arguments.clients, arguments.rooms)
        else:
            launcher = Evennia(
                arguments.clients,
                arguments.rooms,
                arguments.evennia_venv,
                install=not arguments.no_install,
            )
        try:
            launcher.prepare(scratch)
        except Unavailable as why:
            arguments.skipped[name] = str(why)
            print(f"{name}: skipped: {why}", flush=True)
            continue
        launchers[name] = launcher
    return launchers


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    limit = proc.raise_open_files_limit()
    print(
        f"bench.telnet: {', '.join(arguments.server_list)}; {arguments.rounds} round(s) of "
        f"{arguments.clients} clients in {arguments.rooms} rooms, {arguments.speakers} "
        f"speakers; open-files limit {limit}",
        flush=True,
    )
    runs: list[Run] = []
    raw: list[dict[str, Any]] = []
    versions: dict[str, str] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boudoir-telnet-bench-") as scratch_name:
        scratch = Path(scratch_name)
        launchers = build_launchers(arguments, scratch)
        order = [name for name in arguments.server_list if name in launchers]
        for round_number in range(arguments.rounds if order else 0):
            for name in rotated(order, round_number):
                result = _one_run(launchers[name], arguments, scratch, versions, None)
                runs += report.as_runs(round_number + 1, name, result)
                raw.append({"round": round_number + 1, "server": name, **result})
                print(
                    f"[{time.monotonic() - started:6.0f} s] round {round_number + 1}: "
                    f"{report.one_line(name, result)}",
                    flush=True,
                )
        if arguments.profile is not None:
            for name in order:
                profiler = TelnetProfiler(_profile_path(arguments.profile, name), arguments.seconds)
                result = _one_run(launchers[name], arguments, scratch, versions, profiler)
                print(
                    f"[{time.monotonic() - started:6.0f} s] profiled run (not in the medians): "
                    f"{report.one_line(name, result)}\n{profiler.outcome()}",
                    flush=True,
                )
    summary = report.summarize(runs)
    print(report.render(summary, order, report.counts(runs)))
    for name, why in arguments.skipped.items():
        print(f"\n{name} was skipped: {why}")
    if arguments.json is not None:
        document = {
            "command": shlex.join([sys.executable, "-m", "bench.telnet", *(argv or sys.argv[1:])]),
            "machine": {
                "cpus": os.cpu_count() or 0,
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "versions": versions,
            "skipped": arguments.skipped,
            "arguments": {
                key: value
                for key, value in vars(arguments).items()
                if isinstance(value, int | float | str | list)
            },
            "runs": raw,
            "medians": summary,
            "boudoir_over_evennia": {
                key: report.ratio(summary, key, report.HEADLINE)
                for key in ("fanout-max", "fanout-rated")
            },
        }
        arguments.json.write_text(json.dumps(document, indent=1, default=str) + "\n")
        print(f"\nwrote {arguments.json}")
    return 1 if any("error" in run for run in raw) else 0


class TelnetProfiler(Profiler):
    """``bench.web``'s py-spy profiler, worded for whichever server it watched."""

    def outcome(self) -> str:
        text = super().outcome().replace("saturated web window", "saturated telnet window")
        if self.problem is None and self.output.exists():
            self.output.write_text(
                self.output.read_text().replace("saturated web window", "saturated telnet window")
            )
        return text


def _profile_path(base: Path, server: str) -> Path:
    return base.with_name(f"{base.stem}-{server}{base.suffix or '.txt'}")


def _one_run(
    launcher: Launcher,
    arguments: argparse.Namespace,
    scratch: Path,
    versions: dict[str, str],
    profiler: Profiler | None,
) -> dict[str, Any]:
    timeout = WORKER_GRACE_SECONDS + 4 * arguments.seconds
    try:
        with launcher.start(scratch) as target:
            versions[target.name] = target.version
            job = make_job(target, arguments)
            if profiler is None:
                return run_loadgen(loadgen.worker_main, job, timeout, name="telnet-loadgen")
            saturation = SPAWN.Event()
            # The game process: Boudoir's only one; Evennia's Server (the Portal holds sockets).
            with profiler.attached(target.pids[-1], saturation):
                return run_loadgen(
                    loadgen.worker_main, job, timeout, saturation, name="telnet-loadgen"
                )
    except (OSError, RuntimeError, TimeoutError, Unavailable) as error:
        return {"error": f"{launcher.name} did not start or stop cleanly: {error}"}


if __name__ == "__main__":
    sys.exit(main())
