"""Idle connections: register (001), stay silent; the server's memory per connection.

Imports the standard library and the sibling modules.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bench.irc import proc
from bench.irc.clients import IrcClient, SetupFailed, Tally, connect
from bench.irc.jobs import IdleJob, account_name, describe
from bench.irc.measure import Window, gather_limited, login_limit

MEMORY_SETTLE_SECONDS = 1.0
"""Pause after the last 001 of an idle level before reading the server's memory, so replies
still being written (MOTD, ISUPPORT) and deferred allocations have landed."""


async def run_idle(job: IdleJob) -> dict[str, Any]:
    """Grow to each level in turn on one server; after each, read its memory."""
    target = job.target
    tally = Tally()
    clients: list[IrcClient] = []
    baseline = previous = proc.memory(target.pid)
    levels: list[dict[str, Any]] = []
    try:
        for level in job.levels:
            window = Window(target.pid)
            have = len(clients)

            async def make(index: int, have: int = have) -> IrcClient:
                number = have + index + 1
                if target.password is None:
                    nick = f"{job.nick_prefix}{number:05d}"
                else:
                    nick = account_name(number)
                client = await connect(
                    target.host, target.port, nick, tally, password=target.password
                )
                client.start_counting()
                return client

            try:
                clients += await gather_limited(level - have, login_limit(target), make)
            except SetupFailed as error:
                levels.append({"connections": level, "error": str(error)})
                break
            figures = window.close()
            await asyncio.sleep(MEMORY_SETTLE_SECONDS)
            memory = proc.memory(target.pid)
            lost = sum(client.closed for client in clients)
            levels.append(
                {
                    "connections": level,
                    "new_connections": level - have,
                    "registered": level - lost,
                    "register_wall_seconds": figures["wall_seconds"],
                    "register_server_cpu_seconds": figures["server_cpu_seconds"],
                    "rss_kib": memory.rss_kib,
                    "pss_kib": memory.pss_kib,
                    "rss_kib_per_connection": (memory.rss_kib - baseline.rss_kib) / level,
                    "pss_kib_per_connection": (memory.pss_kib - baseline.pss_kib) / level,
                    # Since the previous level: leaves out one-off costs (imports, caches,
                    # allocator arenas grown by argon2id during SASL logins).
                    "rss_kib_marginal": (memory.rss_kib - previous.rss_kib) / (level - have),
                    "pss_kib_marginal": (memory.pss_kib - previous.pss_kib) / (level - have),
                }
            )
            previous = memory
    finally:
        for client in clients:
            client.abort()
    return {
        "job": describe(job),
        "baseline_rss_kib": baseline.rss_kib,
        "baseline_pss_kib": baseline.pss_kib,
        "levels": levels,
    }
