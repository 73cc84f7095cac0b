"""IRC benchmark: Boudoir's IRC gateway side by side with ngIRCd and InspIRCd.

Every scenario runs every server in the same invocation, alternating over rounds (round r
starts with the r-th server), each run on a freshly started server; ``ceiling`` is a C server
that does almost nothing (``ceiling.c``), to show what the load generator can consume. The
load generator runs in a process of its own (uvloop, raw asyncio protocols; the fan-out
listeners that only count are read by a C thread, ``counter.c``); the figure that counts is
the server's CPU time per delivery, since the machine's cores are shared by server and clients.

    .venv/bin/python -m bench.irc                       # everything, 3 rounds
    .venv/bin/python -m bench.irc --quick               # small sizes, 1 round: a smoke run
    .venv/bin/python -m bench.irc --servers ngircd,inspircd --scenario fanout --json out.json

Scenarios: fanout (saturation and rated), dm (direct-message ping-pong), idle (memory per
registered connection at 1k, 5k, 10k), idle-sasl (Boudoir only: logged-in connections).
See docs/benchmarks.md for what each figure means.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import shlex
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.irc import jobs, proc, report, scenarios, servers
from bench.irc.runs import rotated, run_loadgen

SCENARIOS = ("fanout", "dm", "idle", "idle-sasl")
WORKER_GRACE_SECONDS = 900.0
"""Beyond the measured windows, the longest a load-generator process may take (setup of 10k
connections, SASL logins at ~50 ms of server CPU each) before it is stopped."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.irc", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--servers", default="boudoir,ngircd,inspircd")
    parser.add_argument(
        "--scenario",
        default="all",
        help=f"comma-separated, from {', '.join(SCENARIOS)}, or all",
    )
    parser.add_argument("--rounds", type=int, help="rounds per scenario (3; --quick: 1)")
    parser.add_argument("--clients", type=int, help="fan-out clients in total (500)")
    parser.add_argument("--rooms", type=int, default=5)
    parser.add_argument("--speakers", type=int, default=10)
    parser.add_argument("--seconds", type=float, help="length of each measured window (10)")
    parser.add_argument("--window", type=int, default=32, help="saturation: in flight/speaker")
    parser.add_argument("--rate", type=float, default=500.0, help="rated: messages/s in total")
    parser.add_argument("--pairs", type=int, help="direct-message pairs (50)")
    parser.add_argument("--idle-levels", help="comma-separated (1000,5000,10000)")
    parser.add_argument("--idle-sasl-clients", type=int, help="logged-in idle (1000)")
    parser.add_argument("--text-size", type=int, default=64, help="bytes of message text")
    parser.add_argument(
        "--listeners",
        choices=("c", "python"),
        default="c",
        help="fan-out: who reads the counting listeners (c: a C thread, if cc builds it)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--json", type=Path, help="write every run and the medians here")
    arguments = parser.parse_args(argv)
    quick = arguments.quick
    defaults = {
        "rounds": 1 if quick else 3,
        "clients": 50 if quick else 500,
        "seconds": 2.0 if quick else 10.0,
        "pairs": 5 if quick else 50,
        "idle_levels": "100,500" if quick else "1000,5000,10000",
        "idle_sasl_clients": 50 if quick else 1000,
    }
    for name, value in defaults.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, value)
    arguments.server_list = [name.strip() for name in arguments.servers.split(",") if name]
    unknown = set(arguments.server_list) - set(servers.LAUNCHERS)
    if unknown:
        parser.error(f"unknown servers: {', '.join(sorted(unknown))}")
    chosen = SCENARIOS if arguments.scenario == "all" else arguments.scenario.split(",")
    if set(chosen) - set(SCENARIOS):
        parser.error(f"unknown scenarios: {', '.join(sorted(set(chosen) - set(SCENARIOS)))}")
    arguments.scenario_list = [name for name in SCENARIOS if name in chosen]
    arguments.levels = tuple(int(level) for level in arguments.idle_levels.split(","))
    return arguments


def accounts_needed(arguments: argparse.Namespace) -> int:
    needed = 0
    if "fanout" in arguments.scenario_list:
        needed = max(needed, arguments.clients)
    if "dm" in arguments.scenario_list:
        needed = max(needed, 2 * arguments.pairs)
    if "idle-sasl" in arguments.scenario_list:
        needed = max(needed, arguments.idle_sasl_clients)
    return needed


def make_job(scenario: str, running: servers.Running, arguments: argparse.Namespace) -> jobs.Job:
    target = jobs.Target(
        running.name,
        "127.0.0.1",
        running.port,
        running.pid,
        running.password,
        setup_concurrency=running.setup_concurrency,
        message_requests=running.message_requests,
    )
    warmup = min(1.0, arguments.seconds / 5)
    if scenario == "fanout":
        return jobs.FanoutJob(
            target,
            clients=arguments.clients,
            rooms=arguments.rooms,
            speakers=arguments.speakers,
            seconds=arguments.seconds,
            window=arguments.window,
            rate=arguments.rate,
            text_size=arguments.text_size,
            warmup_seconds=warmup,
            c_counter=arguments.listeners == "c",
        )
    if scenario == "dm":
        return jobs.DirectJob(
            target,
            pairs=arguments.pairs,
            seconds=arguments.seconds,
            text_size=arguments.text_size,
            warmup_seconds=warmup,
        )
    if scenario == "idle":
        # Boudoir: unauthenticated guests (NICK/USER only), like the peers' users.
        guest = dataclasses.replace(target, password=None)
        return jobs.IdleJob(guest, levels=arguments.levels)
    # Two levels: the second's marginal cost leaves out what the first logins grew once.
    total = arguments.idle_sasl_clients
    return jobs.IdleJob(target, levels=(total // 2, total))


def run_worker(job: jobs.Job, timeout: float) -> dict[str, Any]:
    """Run ``job`` in a fresh load-generator process (``runs.run_loadgen``)."""
    return run_loadgen(scenarios.worker_main, job, timeout, name="irc-loadgen")


def applies(scenario: str, server: str) -> bool:
    """idle-sasl needs SASL logins against accounts: Boudoir only."""
    return scenario != "idle-sasl" or server == "boudoir"


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    limit = proc.raise_open_files_limit()
    print(
        f"bench.irc: servers {', '.join(arguments.server_list)}; scenarios "
        f"{', '.join(arguments.scenario_list)}; {arguments.rounds} round(s); "
        f"open-files limit {limit}",
        flush=True,
    )
    runs: list[report.Run] = []
    versions: dict[str, str] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boudoir-irc-bench-") as scratch_name:
        scratch = Path(scratch_name)
        launchers: dict[str, servers.Launcher] = {}
        for name in arguments.server_list:
            if name == "boudoir":
                boudoir = servers.Boudoir(accounts_needed(arguments))
                boudoir.prepare(scratch)
                launchers[name] = boudoir
            elif name == "ngircd":
                launchers[name] = servers.Ngircd()
            elif name == "ceiling":
                launchers[name] = servers.Ceiling()
            else:
                launchers[name] = servers.Inspircd()
        for scenario in arguments.scenario_list:
            for round_number in range(arguments.rounds):
                for name in rotated(arguments.server_list, round_number):
                    if not applies(scenario, name):
                        continue
                    result = _one_run(scenario, launchers[name], arguments, scratch, versions)
                    runs.append(report.Run(scenario, round_number + 1, name, result))
                    print(
                        f"[{time.monotonic() - started:6.0f} s] {scenario} round "
                        f"{round_number + 1}: {report.one_line(scenario, name, result)}",
                        flush=True,
                    )
    summary = report.summarize(runs)
    counts: dict[str, Counter[str]] = {}
    for run in runs:
        for key in report.measurements(run.scenario, run.result):
            counts.setdefault(key, Counter())[run.server] += 1
    print(report.render(summary, arguments.server_list, counts))
    failures = [run for run in runs if "error" in run.result]
    if arguments.json is not None:
        document = {
            "command": shlex.join([sys.executable, "-m", "bench.irc", *(argv or sys.argv[1:])]),
            "machine": {
                "cpus": _cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "versions": versions,
            "arguments": {
                key: value
                for key, value in vars(arguments).items()
                if isinstance(value, int | float | str | list | tuple)
            },
            "runs": [
                {"scenario": r.scenario, "round": r.round, "server": r.server, **r.result}
                for r in runs
            ],
            "medians": summary,
        }
        arguments.json.write_text(json.dumps(document, indent=1, default=str) + "\n")
        print(f"\nwrote {arguments.json}")
    return 1 if failures else 0


def _one_run(
    scenario: str,
    launcher: servers.Launcher,
    arguments: argparse.Namespace,
    scratch: Path,
    versions: dict[str, str],
) -> dict[str, Any]:
    try:
        with launcher.start(scratch) as running:
            versions[running.name] = running.version
            job = make_job(scenario, running, arguments)
            timeout = WORKER_GRACE_SECONDS + 4 * arguments.seconds
            return run_worker(job, timeout)
    except (OSError, RuntimeError, TimeoutError) as error:
        return {"error": f"{launcher.name} did not start or stop cleanly: {error}"}


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
