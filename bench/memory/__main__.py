"""Memory per idle logged-in connection: IRC (SASL PLAIN), telnet (``connect name password``)
and the browser's WebSocket (HTTP login, then the socket with its session cookie), all three on
one fresh server in one run.

    .venv/bin/python -m bench.memory                      # 10,000 per gateway (1k, 5k, 10k)
    .venv/bin/python -m bench.memory --connections 1000   # levels 100, 500, 1000
    .venv/bin/python -m bench.memory --json memory.json

The server is our own child process on a free port of 127.0.0.1 (``bench.memory.server``); the
load generator runs in a process of its own (``bench.memory.loadgen``). See docs/benchmarks.md.
Imports the standard library and ``bench``; ``boudoir`` for the accounts and readiness line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.irc import proc
from bench.irc.jobs import account_name
from bench.irc.runs import SPAWN
from bench.irc.servers import PASSWORD
from bench.memory.loadgen import GATEWAYS, MemoryJob, load_average, worker_main
from bench.memory.server import MALLOC_TUNING, BoudoirAll, telnet_rooms

TIMEOUT_SECONDS = 6 * 3600.0
"""Longest the whole run may take: 30,000 argon2id logins on a small shared machine."""


def default_levels(connections: int) -> tuple[int, ...]:
    """A tenth, a half and all of ``connections`` (1k, 5k, 10k by default)."""
    levels = sorted({max(1, connections // 10), max(1, connections // 2), connections})
    return tuple(levels)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--connections", type=int, default=10_000, help="per gateway")
    parser.add_argument(
        "--levels", help="comma-separated connection counts per gateway (default: N/10,N/2,N)"
    )
    parser.add_argument("--gateways", default=",".join(GATEWAYS), help="irc,telnet,web")
    parser.add_argument(
        "--no-malloc-tuning",
        action="store_true",
        help=f"start the server without {','.join(MALLOC_TUNING)} (glibc's dynamic threshold)",
    )
    parser.add_argument(
        "--web-password-login",
        action="store_true",
        help="browsers log in with their password over HTTP (argon2id each) instead of"
        " resuming with a login token made before the run",
    )
    parser.add_argument("--scratch", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the whole result here")
    return parser.parse_args(argv)


def run(arguments: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    gateways = tuple(name for name in arguments.gateways.split(",") if name)
    unknown = set(gateways) - set(GATEWAYS)
    if unknown:
        raise SystemExit(f"unknown gateways: {', '.join(sorted(unknown))}")
    if arguments.levels:
        levels = tuple(sorted(int(level) for level in arguments.levels.split(",")))
    else:
        levels = default_levels(arguments.connections)
    per_gateway = levels[-1]
    web_names: list[str] = []
    if "web" in gateways and not arguments.web_password_login:
        first = gateways.index("web") * per_gateway + 1
        web_names = [account_name(first + index) for index in range(per_gateway)]
    rooms = telnet_rooms(per_gateway) if "telnet" in gateways else 0
    server = BoudoirAll(per_gateway * len(gateways), rooms=rooms, web_names=web_names)
    server.prepare(scratch)
    with server.start(scratch, malloc_tuning=not arguments.no_malloc_tuning) as running:
        print(f"server pid {running.pid}, ports {running.ports}", flush=True)
        job = MemoryJob(
            "127.0.0.1",
            running.ports,
            running.pid,
            PASSWORD,
            gateways,
            levels,
            tokens=server.tokens,
            rooms=max(1, rooms),
        )
        result = run_worker(job)
        result["version"] = running.version
    result["malloc_tuning"] = {} if arguments.no_malloc_tuning else MALLOC_TUNING
    result["machine"] = {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_end": load_average(),
    }
    return result


def run_worker(job: MemoryJob) -> dict[str, Any]:
    """The load generator in a fresh process; print each gateway's figures as they come."""
    receiver, sender = SPAWN.Pipe(duplex=False)
    process = SPAWN.Process(target=worker_main, args=(job, sender), name="memory-loadgen")
    process.start()
    sender.close()
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                return {"error": f"no result within {TIMEOUT_SECONDS:.0f} s"}
            message: dict[str, Any] = receiver.recv()
            if "progress" not in message:
                return message
            print_gateway(message["progress"])
    except EOFError:
        return {"error": f"the load generator died (exit code {process.exitcode})"}
    finally:
        receiver.close()
        process.join(30)
        if process.is_alive():
            process.terminate()
            process.join(5)


def print_gateway(result: dict[str, Any]) -> None:
    print(
        f"\n{result['gateway']}: baseline VmRSS {result['baseline_rss_kib'] / 1024:.1f} MiB, "
        f"Pss {result['baseline_pss_kib'] / 1024:.1f} MiB (accounts from "
        f"{result['first_account']})"
    )
    print(
        f"{'connections':>11} {'logged in':>9} {'login s':>8} {'RSS/conn':>9} {'Pss/conn':>9}"
        f" {'RSS marg.':>9} {'Pss marg.':>9} {'other CPUs':>10} {'loadavg':>6}"
    )
    for level in result["levels"]:
        if "error" in level:
            print(f"{level['connections']:>11} failed: {level['error']}")
            continue
        print(
            f"{level['connections']:>11} {level['logged_in']:>9}"
            f" {level['login_wall_seconds']:>8.1f}"
            f" {level['rss_kib_per_connection']:>9.2f} {level['pss_kib_per_connection']:>9.2f}"
            f" {level['rss_kib_marginal']:>9.2f} {level['pss_kib_marginal']:>9.2f}"
            f" {level['settle_other_cpus_busy']:>10.2f} {level['load_average'][0]:>6.2f}"
        )
    print(
        "(KiB per connection; marginal: since the previous level; other CPUs: CPUs busy with"
        " other work while settling)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    proc.raise_open_files_limit()
    if arguments.scratch is not None:
        arguments.scratch.mkdir(parents=True, exist_ok=True)
        result = run(arguments, arguments.scratch)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
            result = run(arguments, Path(scratch))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n")
    if "error" in result:
        print(f"failed: {result['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
