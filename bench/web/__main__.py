"""WebSocket fan-out beside the IRC fan-out, both on Boudoir, in one run.

Each round runs the IRC fan-out (``bench.irc``'s load generator, against Boudoir's IRC
gateway) and the WebSocket fan-out (``boudoir.v1``) on a freshly started server with both
listeners on, alternating (round r starts with the r-th gateway). The load generator runs in a
process of its own (uvloop, raw asyncio protocols). The figure that counts is deliveries per
second of server CPU, and the ratio web/IRC (issue 4: at least 2/3).

    .venv/bin/python -m bench.web                 # 500 clients, 5 rooms, 10 speakers, 3 rounds
    .venv/bin/python -m bench.web --quick         # small sizes, 1 round: a smoke run
    .venv/bin/python -m bench.web --json out.json --profile web-profile.txt

See docs/benchmarks.md for what each figure means.
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
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.irc import jobs, proc, scenarios
from bench.irc.report import Run
from bench.irc.runs import SPAWN, rotated, run_loadgen
from bench.web import fanout, report
from bench.web.profile import Profiler
from bench.web.servers import BoudoirBoth, RunningBoudoir

"""Load generators start from a fresh interpreter: nothing of the orchestrator is inherited."""

WORKER_GRACE_SECONDS = 600.0
"""Beyond the measured windows, the longest a load-generator process may take (logins cost
the server an argon2id verification each, about 50 ms) before it is stopped."""

Worker = Callable[..., None]
"""A load generator's entry point: ``(job, connection, *extra)``."""
WORKERS: dict[str, Worker] = {"irc": scenarios.worker_main, "web": fanout.worker_main}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.web", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--gateways", default="irc,web", help="comma-separated: irc, web")
    parser.add_argument("--rounds", type=int, help="rounds (3; --quick: 1)")
    parser.add_argument("--clients", type=int, help="fan-out clients in total (500; --quick 50)")
    parser.add_argument("--rooms", type=int, default=5)
    parser.add_argument("--speakers", type=int, default=10)
    parser.add_argument("--seconds", type=float, help="length of each measured window (10; 2)")
    parser.add_argument("--window", type=int, default=32, help="saturation: in flight/speaker")
    parser.add_argument("--rate", type=float, default=500.0, help="rated: messages/s in total")
    parser.add_argument("--text-size", type=int, default=64, help="bytes of message text")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--json", type=Path, help="write every run and the medians here")
    parser.add_argument(
        "--profile",
        type=Path,
        help="after the rounds, one more web run (not in the medians) with py-spy on the "
        "server during its saturated window; the top functions by own time go here",
    )
    arguments = parser.parse_args(argv)
    defaults = {
        "rounds": 1 if arguments.quick else 3,
        "clients": 50 if arguments.quick else 500,
        "seconds": 2.0 if arguments.quick else 10.0,
    }
    for name, value in defaults.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, value)
    arguments.gateway_list = [name.strip() for name in arguments.gateways.split(",") if name]
    unknown = set(arguments.gateway_list) - set(WORKERS)
    if unknown or not arguments.gateway_list:
        parser.error(f"unknown gateways: {', '.join(sorted(unknown)) or '(none)'}")
    for name in ("rounds", "clients", "rooms", "speakers", "window"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if arguments.seconds <= 0 or arguments.rate <= 0:
        parser.error("--seconds and --rate must be above 0")
    if arguments.speakers > arguments.clients - arguments.rooms:
        parser.error("each room needs a listener besides its speakers: raise --clients")
    return arguments


def make_job(
    gateway: str, running: RunningBoudoir, arguments: argparse.Namespace
) -> jobs.FanoutJob:
    port = running.irc_port if gateway == "irc" else running.web_port
    target = jobs.Target(f"boudoir-{gateway}", "127.0.0.1", port, running.pid, running.password)
    return jobs.FanoutJob(
        target,
        clients=arguments.clients,
        rooms=arguments.rooms,
        speakers=arguments.speakers,
        seconds=arguments.seconds,
        window=arguments.window,
        rate=arguments.rate,
        text_size=arguments.text_size,
        warmup_seconds=min(1.0, arguments.seconds / 5),
        # The web clients count in Python: so do the IRC ones here, so both sides of the
        # comparison have the same load generator.
        c_counter=False,
    )


def run_worker(
    worker: Worker, job: jobs.FanoutJob, timeout: float, *extra: object
) -> dict[str, Any]:
    """Run ``worker(job, connection, *extra)`` in a fresh load-generator process."""
    return run_loadgen(worker, job, timeout, *extra, name="loadgen")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    limit = proc.raise_open_files_limit()
    print(
        f"bench.web: fan-out on Boudoir over {', '.join(arguments.gateway_list)}; "
        f"{arguments.rounds} round(s) of {arguments.clients} clients in {arguments.rooms} rooms, "
        f"{arguments.speakers} speakers; open-files limit {limit}",
        flush=True,
    )
    runs: list[Run] = []
    version = "unknown"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="boudoir-web-bench-") as scratch_name:
        scratch = Path(scratch_name)
        launcher = BoudoirBoth(arguments.clients)
        launcher.prepare(scratch)
        for round_number in range(arguments.rounds):
            for gateway in rotated(arguments.gateway_list, round_number):
                result, version = _one_run(gateway, launcher, arguments, scratch, None)
                runs.append(Run("fanout", round_number + 1, gateway, result))
                print(
                    f"[{time.monotonic() - started:6.0f} s] round {round_number + 1}: "
                    f"{report.one_line(gateway, result)}",
                    flush=True,
                )
        if arguments.profile is not None:
            profiler = Profiler(arguments.profile, arguments.seconds)
            result, _ = _one_run("web", launcher, arguments, scratch, profiler)
            print(
                f"[{time.monotonic() - started:6.0f} s] profiled run (not in the medians): "
                f"{report.one_line('web', result)}\n{profiler.outcome()}",
                flush=True,
            )
    summary = report.summarize(runs)
    counts: dict[str, Counter[str]] = {}
    for run in runs:
        for key in report.measurements(run.result):
            counts.setdefault(key, Counter())[run.server] += 1
    print(report.render(summary, arguments.gateway_list, counts))
    if arguments.json is not None:
        document = {
            "command": shlex.join([sys.executable, "-m", "bench.web", *(argv or sys.argv[1:])]),
            "machine": {
                "cpus": os.cpu_count() or 0,
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "version": version,
            "arguments": {
                key: value
                for key, value in vars(arguments).items()
                if isinstance(value, int | float | str | list)
            },
            "runs": [{"round": run.round, "gateway": run.server, **run.result} for run in runs],
            "medians": summary,
            "web_over_irc": {
                key: report.ratio(summary, key, "deliveries_per_cpu_second")
                for key in report.MEASUREMENTS
            },
        }
        arguments.json.write_text(json.dumps(document, indent=1, default=str) + "\n")
        print(f"\nwrote {arguments.json}")
    return 1 if any("error" in run.result for run in runs) else 0


def _one_run(
    gateway: str,
    launcher: BoudoirBoth,
    arguments: argparse.Namespace,
    scratch: Path,
    profiler: Profiler | None,
) -> tuple[dict[str, Any], str]:
    try:
        with launcher.start(scratch) as running:
            job = make_job(gateway, running, arguments)
            timeout = WORKER_GRACE_SECONDS + 4 * arguments.seconds
            if profiler is None:
                return run_worker(WORKERS[gateway], job, timeout), running.version
            started = SPAWN.Event()
            with profiler.attached(running.pid, started):
                return run_worker(fanout.worker_main, job, timeout, started), running.version
    except (OSError, RuntimeError, TimeoutError) as error:
        return {"error": f"boudoir did not start or stop cleanly: {error}"}, "unknown"


if __name__ == "__main__":
    sys.exit(main())
