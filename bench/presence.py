"""What one login costs the event loop when many are online, through the real gateway code in
one process (counting transports in place of sockets): the core's ``World.connect`` and
``World.disconnect`` of one more character (its presence told to whoever is told), and the
flush of what that put in the others' outboxes.

The people online are a third browsers (``WebSession``: a live list of everyone online), a
third IRC clients logged in with SASL (MONITOR nobody, in no channel) and a third telnet
clients (``connect name password``, no friend alerts), as in ``bench.storm``. The figure is
the median of ``ROUNDS`` rounds of process CPU time for ``--logins`` logins and logouts of
other accounts, divided per login (a login and a logout each tell the others once). For
comparing two versions (run it in each, alternating; the machine is shared).

    .venv/bin/python -m bench.presence                 # 1,000 and 5,000 online
    .venv/bin/python -m bench.presence --online 10000

Imports ``boudoir`` (its in-memory store, ``boudoir.testing``), ``bench.hotpath`` and the
standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import time
from typing import Any

from bench.hotpath import (
    CountingTransport,
    _FrameProtocol,
    _no_login,
    _settle,
    irc_gateway,
    irc_member,
)

from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.gateways.telnet.server import TelnetGateway, TelnetLimits
from boudoir.gateways.web.browser import WebSession
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.gateways.web.wsprotocol import FrameWriter
from boudoir.testing.harness import PASSWORD, RecordingSession, TestWorld

ROUNDS = 5
LOGINS = 200


async def _web_member(endpoint: SocketEndpoint, world: World, account: Account) -> WebSession:
    session = WebSession(endpoint, None, FrameWriter(_FrameProtocol()), "bench")
    session.conn = await world.connect(session, account, address="127.0.0.1")
    return session


async def _telnet_member(gateway: TelnetGateway, name: str) -> Any:
    client = gateway.new_client()
    client.connection_made(CountingTransport())
    client.data_received(f"connect {name} {PASSWORD}\r\n".encode())
    await _settle(client, lambda c: c.conn is not None)
    return client


async def online(count: int, logins: int) -> dict[str, Any]:
    """``count`` people online, then ``logins`` others logging in and out, ``ROUNDS`` times."""
    test = await TestWorld.start()
    world = test.world
    options = WebOptions(command_burst=10**9, command_rate=1e9)
    endpoint = SocketEndpoint(world, _no_login, options)
    irc = irc_gateway(world)
    telnet = TelnetGateway(
        world,
        server_name="bench.test",
        welcome="",
        limits=TelnetLimits(
            command_burst=10**9,
            command_rate=1e9,
            max_connections_per_address=10**6,
            connect_burst=10**6,
        ),
        host="127.0.0.1",
        port=0,
    )
    flushers = (endpoint.flusher, irc.flusher, telnet.flusher)
    # A browser's presence changes wait up to a quarter second to go out together
    # (``PRESENCE_HOLD_SECONDS``); released here with each flush, so that every login is
    # charged the write to every browser, as if logins came slower than that.
    release_held = endpoint.held_flusher.release
    for number in range(count):
        name = f"p{number:05d}"
        await test.register(name)
        if number % 3 == 0:
            account = await world.accounts.authenticate(name, PASSWORD, address="127.0.0.1")
            await _web_member(endpoint, world, account)
        elif number % 3 == 1:
            await irc_member_alone(irc, name)
        else:
            await _telnet_member(telnet, name)
        if number % 100 == 99:
            for flusher in flushers:
                flusher._flush()
            release_held()
    for flusher in flushers:
        flusher._flush()
    release_held()
    accounts = []
    for number in range(logins):
        name = f"q{number:05d}"
        await test.register(name)
        accounts.append(await world.accounts.authenticate(name, PASSWORD, address="127.0.0.1"))
    if len(world.registry.connections) != count:
        raise RuntimeError(f"{len(world.registry.connections)} online, not {count}")
    gc.collect()
    gc.freeze()
    rounds = []
    try:
        for _ in range(ROUNDS):
            seconds = 0.0
            for account in accounts:
                session = RecordingSession()
                started = time.process_time()
                conn = await world.connect(session, account)
                for flusher in flushers:
                    flusher._flush()
                release_held()
                world.disconnect(conn)
                for flusher in flushers:
                    flusher._flush()
                release_held()
                seconds += time.process_time() - started
            rounds.append(seconds)
    finally:
        gc.unfreeze()
    per_login = statistics.median(rounds) / logins
    return {
        "online": count,
        "logins": logins,
        "us_per_login": round(1e6 * per_login, 1),
        "rounds_us": [round(1e6 * r / logins, 1) for r in rounds],
    }


async def irc_member_alone(gateway: Any, name: str) -> Any:
    """An IRC client logged in with SASL, in no channel (``irc_member`` joins #lobby: left)."""
    client = await irc_member(gateway, name, caps="")
    client.data_received(b"PART #lobby\r\n")
    await _settle(client)
    return client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.presence", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--online", default="1000,5000", help="comma-separated: how many are online"
    )
    parser.add_argument("--logins", type=int, default=LOGINS, help="logins timed per round")
    arguments = parser.parse_args(argv)
    for count in (int(n) for n in arguments.online.split(",")):
        result = asyncio.run(online(count, arguments.logins))
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
