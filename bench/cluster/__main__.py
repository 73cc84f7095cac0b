"""Several nodes: what a delivery across Redis costs, and what a second node adds.

Real ``boudoir serve`` nodes on the machine's PostgreSQL (a database made for the invocation)
and Redis (a cluster name per run), loaded by ``bench.irc``'s fan-out load generator in a
process of its own. Each round runs four arrangements (``bench/cluster/arrangements.py``),
alternating (round r starts with the r-th), each on freshly started nodes:

- ``fanout-one`` and ``fanout-split``: server CPU per delivery with every client on node a,
  and with the speakers on a and the listeners spread over a and b; from them, the cost of a
  delivery that crosses to another node as a ratio to a local one;
- ``scale-one`` and ``scale-two``: deliveries per second at saturation of one node pinned to
  one core (``taskset``) and of two nodes pinned to a core each.

    .venv/bin/python -m bench.cluster                  # 200 clients, 4 rooms, 3 rounds
    .venv/bin/python -m bench.cluster --quick          # small sizes, 1 round: a smoke run
    .venv/bin/python -m bench.cluster --json cluster-bench.json

PostgreSQL from ``BOUDOIR_TEST_POSTGRES_URL`` (or ``--postgres-url``), Redis from
``BOUDOIR_TEST_REDIS_URL`` (or ``--redis-url``), as the tests take them. See
docs/benchmarks.md ("Several nodes") for what each figure means.
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

from bench.cluster import nodes, report
from bench.cluster.arrangements import ARRANGEMENTS, BY_NAME, Arrangement, cross_share
from bench.irc import jobs, proc, scenarios, servers
from bench.irc.runs import rotated, run_loadgen

WORKER_GRACE_SECONDS = 600.0
"""Beyond the measured windows, the longest a load generator may take (logins cost a node an
argon2id verification each, about 50 ms) before it is stopped."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster", description=__doc__.split("\n\n")[0]
    )
    names = ",".join(arrangement.name for arrangement in ARRANGEMENTS)
    parser.add_argument("--arrangements", default=names, help=f"comma-separated, of {names}")
    parser.add_argument("--rounds", type=int, help="rounds (3; --quick: 1)")
    parser.add_argument("--clients", type=int, help="fan-out clients in total (200; --quick 24)")
    parser.add_argument("--rooms", type=int, help="rooms (4; --quick 2)")
    parser.add_argument("--speakers", type=int, help="speakers, spread over the rooms (8; 4)")
    parser.add_argument("--seconds", type=float, help="length of each measured window (8; 1)")
    parser.add_argument("--window", type=int, default=32, help="saturation: in flight/speaker")
    parser.add_argument("--rate", type=float, help="rated: messages/s in total (500; 200)")
    parser.add_argument("--text-size", type=int, default=64, help="bytes of message text")
    parser.add_argument("--postgres-url", default=nodes.postgres_url_from_environment())
    parser.add_argument("--redis-url", default=nodes.redis_url_from_environment())
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--json", type=Path, help="write every run, the medians and ratios here")
    arguments = parser.parse_args(argv)
    quick = arguments.quick
    defaults = {
        "rounds": 1 if quick else 3,
        "clients": 24 if quick else 200,
        "rooms": 2 if quick else 4,
        "speakers": 4 if quick else 8,
        "seconds": 1.0 if quick else 8.0,
        "rate": 200.0 if quick else 500.0,
    }
    for name, value in defaults.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, value)
    chosen = [name.strip() for name in arguments.arrangements.split(",") if name.strip()]
    unknown = set(chosen) - set(BY_NAME)
    if unknown:
        parser.error(f"unknown arrangements: {', '.join(sorted(unknown))}")
    arguments.arrangement_list = chosen
    if arguments.speakers > arguments.clients // 2:
        parser.error("at most half the clients may speak")
    return arguments


def make_job(
    arrangement: Arrangement,
    started: list[nodes.Node],
    redis_pid: int | None,
    arguments: argparse.Namespace,
) -> jobs.FanoutJob:
    first, *others = started
    watched = [(f"node_{node.name}", node.pid) for node in started]
    if redis_pid is not None:
        watched.append(("redis", redis_pid))
    target = jobs.Target(
        arrangement.name,
        "127.0.0.1",
        first.port,
        first.pid,
        servers.PASSWORD,
        message_requests=True,
        other_pids=tuple(node.pid for node in others),
        watched=tuple(watched),
    )
    ports = arrangement.ports(
        [node.port for node in started], arguments.clients, arguments.rooms, arguments.speakers
    )
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
        ports=ports,
    )


def one_run(
    arrangement: Arrangement,
    scratch: Path,
    database: str,
    redis_pid: int | None,
    arguments: argparse.Namespace,
) -> dict[str, Any]:
    cpus = arrangement.cpus(sorted(os.sched_getaffinity(0)))
    try:
        with nodes.start_nodes(scratch, database, arguments.redis_url, cpus) as started:
            job = make_job(arrangement, started, redis_pid, arguments)
            result = run_loadgen(
                scenarios.worker_main,
                job,
                WORKER_GRACE_SECONDS + 4 * arguments.seconds,
                name="cluster-loadgen",
            )
    except (OSError, RuntimeError, TimeoutError) as error:
        return {"error": f"the nodes did not start or stop cleanly: {error}"}
    return {**result, "cpus": cpus}


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    proc.raise_open_files_limit()
    reason = nodes.unreachable_reason(arguments.postgres_url, arguments.redis_url)
    if reason is not None:
        print(f"bench.cluster: {reason}", file=sys.stderr)
        return 2
    redis_pid = nodes.redis_pid(arguments.redis_url)
    print(
        f"bench.cluster: {', '.join(arguments.arrangement_list)}; {arguments.rounds} round(s); "
        f"{arguments.clients} clients in {arguments.rooms} rooms, {arguments.speakers} "
        f"speakers; Redis {'pid ' + str(redis_pid) if redis_pid else 'not on this machine'}",
        flush=True,
    )
    share = cross_share(
        BY_NAME["fanout-split"].place, arguments.clients, arguments.rooms, arguments.speakers
    )
    runs: list[dict[str, Any]] = []
    measured: list[tuple[str, dict[str, dict[str, float]]]] = []
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="boudoir-cluster-bench-") as scratch_name,
        nodes.fresh_database(arguments.postgres_url) as database,
    ):
        scratch = Path(scratch_name)
        nodes.create_accounts(scratch, database, arguments.clients)
        print(f"accounts created in {time.monotonic() - started:.1f} s", flush=True)
        for round_number in range(arguments.rounds):
            for name in rotated(arguments.arrangement_list, round_number):
                result = one_run(BY_NAME[name], scratch, database, redis_pid, arguments)
                runs.append({"arrangement": name, "round": round_number + 1, **result})
                if "error" in result:
                    line = f"{name}: FAILED: {result['error']}"
                else:
                    found = report.figures(result)
                    measured.append((name, found))
                    line = report.one_line(name, found)
                print(f"[{time.monotonic() - started:5.0f} s] round {round_number + 1}: {line}")
    summary = report.medians(measured)
    found_ratios = report.ratios(summary, share)
    print(report.render(summary, found_ratios))
    if arguments.json is not None:
        document = {
            "command": shlex.join([sys.executable, "-m", "bench.cluster", *(argv or sys.argv[1:])]),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "cross_share": share,
            "runs": runs,
            "medians": summary,
            "ratios": found_ratios,
        }
        arguments.json.write_text(json.dumps(document, indent=1, default=str) + "\n")
        print(f"\nwrote {arguments.json}")
    return 1 if any("error" in run for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
