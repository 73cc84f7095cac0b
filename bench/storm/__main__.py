"""``python -m bench.storm [--accounts N]``: see the package docstring."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.irc import proc, servers
from bench.irc.jobs import account_name
from bench.storm.clients import Chatters, Held, Tally, arrive, source_address

ROOM = "#storm"
CHAT_INTERVAL_SECONDS = 0.1
RSS_SAMPLE_SECONDS = 0.5
SETTLE_SECONDS = 10.0
"""After everyone is in: how long before the last memory reading ("after")."""
KINDS = ("irc", "web", "telnet")
STORM_LIMITS = {
    **servers.BOUDOIR_FLOOD_LIMITS,
    "BOUDOIR_WEB_MAX_CONNECTIONS_PER_ADDRESS": "20000",
    "BOUDOIR_WEB_MAX_SOCKETS_PER_ADDRESS": "20000",
    "BOUDOIR_TELNET_MAX_CONNECTIONS_PER_ADDRESS": "20000",
    "BOUDOIR_TELNET_CONNECT_BURST": "20000",
    "BOUDOIR_TELNET_CONNECT_RATE": "10000",
}
"""Each storm client has a loopback address of its own; the limits are lifted only for the
chatters and for safety, so the server's per-address limits play no part."""


def kind_of(number: int) -> str:
    return KINDS[number % 3]


async def prepare(template: Path, count: int, chatters: int) -> dict[str, str]:
    """Create the accounts, and a browser login token for each web one (as the browsers had
    before the restart)."""
    from boudoir.app import open_core
    from boudoir.settings import Settings

    await servers._create_accounts(template, count + chatters)
    tokens: dict[str, str] = {}
    async with open_core(Settings(data_dir=template)) as core:
        for number in range(1, count + 1):
            if kind_of(number) == "web":
                account = await core.world.accounts.find(account_name(number))
                tokens[account.name], _ = await core.world.logins.start(account.id, "bench")
    return tokens


def serve_command(data: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "boudoir",
        "serve",
        *("--data-dir", str(data)),
        *("--web-port", "auto", "--irc-port", "auto", "--irc-tls-port", "0"),
        *("--telnet-port", "auto", "--telnet-tls-port", "0"),
        *("--log-level", "warning"),
    ]


async def storm(
    args: argparse.Namespace, ports: dict[str, int], pid: int, tokens: dict[str, str]
) -> dict[str, Any]:
    count = args.accounts
    chatter_names = [account_name(count + n) for n in range(1, args.chatters + 1)]
    chatters = Chatters(ports["irc"], chatter_names, servers.PASSWORD, ROOM)
    await chatters.start()
    stop_chat = asyncio.Event()
    speaking = asyncio.create_task(chatters.speak(CHAT_INTERVAL_SECONDS, stop_chat))
    rss: list[tuple[float, int]] = []

    async def sample_memory() -> None:
        while True:
            rss.append((time.monotonic(), proc.memory(pid).rss_kib))
            await asyncio.sleep(RSS_SAMPLE_SECONDS)

    sampling = asyncio.create_task(sample_memory())
    await asyncio.sleep(2.0)
    rss_before = proc.memory(pid).rss_kib
    tally, held = Tally(), Held()
    cpu_before = proc.cpu_seconds(pid)
    bench_cpu_before = proc.own_cpu_seconds()
    busy_before = proc.machine_busy_ticks()
    started = time.monotonic()
    tasks = []
    for number in range(1, count + 1):
        at = started + args.window * (number - 1) / max(1, count)
        delay = at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        name, kind, source = account_name(number), kind_of(number), source_address(number)
        if kind == "irc":
            work = arrive(kind, tally, held, ports["irc"], name, servers.PASSWORD, source)
        elif kind == "telnet":
            work = arrive(kind, tally, held, ports["telnet"], name, servers.PASSWORD, source)
        else:
            work = arrive(kind, tally, held, ports["web"], name, tokens[name], source)
        tasks.append(asyncio.create_task(work))
    arrived = time.monotonic() - started
    await asyncio.gather(*tasks)
    finished = time.monotonic()
    cpu_storm = proc.cpu_seconds(pid) - cpu_before
    bench_cpu = proc.own_cpu_seconds() - bench_cpu_before
    busy_after = proc.machine_busy_ticks()
    await asyncio.sleep(SETTLE_SECONDS)
    rss_after = proc.memory(pid).rss_kib
    stop_chat.set()
    await speaking
    sampling.cancel()
    during = [lat for at, lat in chatters.samples if started <= at <= finished]
    busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
    cores = os.cpu_count() or 1
    load = [round(x, 2) for x in os.getloadavg()]
    window_seconds = finished - started
    others = busy * cores * window_seconds - cpu_storm - bench_cpu
    result = {
        "accounts": count,
        "window_seconds": args.window,
        "arrivals_spread_seconds": round(arrived, 2),
        "all_in_seconds": round((max(tally.in_at) - started) if tally.in_at else 0.0, 2),
        "in": len(tally.in_at),
        "in_by_kind": dict(tally.kinds_in),
        "cut": sum(tally.cut.values()),
        "cut_reasons": dict(tally.cut.most_common(10)),
        "told_waiting": tally.told_waiting,
        "chat_samples_during_storm": len(during),
        "chat_p50_ms": _ms(_quantile(during, 0.50)),
        "chat_p99_ms": _ms(_quantile(during, 0.99)),
        "chat_max_ms": _ms(max(during) if during else None),
        "rss_before_mib": round(rss_before / 1024, 1),
        "rss_peak_mib": round(max(kib for _, kib in rss) / 1024, 1),
        "rss_after_mib": round(rss_after / 1024, 1),
        "server_cpu_seconds": round(cpu_storm, 1),
        "server_cpu_ms_per_login": round(1000 * cpu_storm / max(1, count), 1),
        "bench_cpu_seconds": round(bench_cpu, 1),
        "machine_busy_fraction": round(busy, 2),
        "other_processes_cpu_seconds": round(max(0.0, others), 1),
        "load_average": load,
        "cores": cores,
    }
    held.close()
    chatters.held.close()
    return result


def _quantile(values: list[float], q: float) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.storm", description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000, help="clients in the storm")
    parser.add_argument("--window", type=float, default=10.0, help="seconds they arrive over")
    parser.add_argument("--chatters", type=int, default=4, help="people talking meanwhile")
    parser.add_argument("--scratch", type=Path, default=None, help="work directory")
    parser.add_argument("--output", type=Path, default=None, help="also write JSON here")
    args = parser.parse_args()
    proc.raise_open_files_limit()
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="boudoir-storm-"))
    data = scratch / "data"
    began = time.monotonic()
    tokens = asyncio.run(prepare(data, args.accounts, args.chatters))
    print(
        f"storm: {args.accounts + args.chatters} accounts in {time.monotonic() - began:.0f} s",
        flush=True,
    )
    from bench.web.servers import port_of, wait_ready

    log = scratch / "boudoir.log"
    env = {**os.environ, **STORM_LIMITS}
    with servers._child(serve_command(data), log, env) as process:
        listeners = wait_ready(process, log, ("irc", "web", "telnet"))
        ports = {name: port_of(url) for name, url in listeners.items()}
        result = asyncio.run(storm(args, ports, process.pid, tokens))
    text = json.dumps(result, indent=2)
    print(text, flush=True)
    if args.output is not None:
        args.output.write_text(text + "\n")


if __name__ == "__main__":
    main()
