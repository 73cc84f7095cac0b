"""LUSERS (Modern IRC): users are counted apart from connections not yet registered, and the
most users seen at once is kept; characters from every gateway count."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..telnet.harness import All
from .clients import REGISTERED, RawClient


@dataclass(frozen=True)
class Lusers:
    users: int
    unregistered: int
    most: int


async def lusers(client: RawClient) -> Lusers:
    """Ask LUSERS; check that its numbers agree with each other (as irctest's lusers.py does)
    and return them."""
    client.send("LUSERS")
    lines = {line.command: line for line in await client.inbox.until("266")}
    visible, invisible, _servers = map(int, re.findall(r"\d+", lines["251"].params[-1]))
    local = lines["265"].params
    global_ = lines["266"].params
    users, most = int(local[1]), int(local[2])
    assert (int(global_[1]), int(global_[2])) == (users, most)
    assert visible + invisible == users
    assert int(re.findall(r"\d+", lines["255"].params[-1])[0]) == users
    return Lusers(users, int(lines["253"].params[1]), most)


async def half_registered(port: int, nick: str) -> RawClient:
    """A connection that has sent NICK and nothing else (answered: a PING gets its PONG)."""
    client = await RawClient.connect(port, nick)
    client.send(f"NICK {nick}", "PING sync")
    await client.expect("PONG")
    return client


async def test_lusers_counts_users_apart_from_unregistered_connections(world: All) -> None:
    bar = await RawClient.connect(world.irc_port, "bar")
    qux = bat = None
    try:
        await bar.register("bar")
        assert await lusers(bar) == Lusers(users=1, unregistered=0, most=1)

        qux = await half_registered(world.irc_port, "qux")
        assert await lusers(bar) == Lusers(users=1, unregistered=1, most=1)
        bat = await half_registered(world.irc_port, "bat")
        assert await lusers(bar) == Lusers(users=1, unregistered=2, most=1)

        qux.send("USER u s e r")
        await qux.expect(REGISTERED)
        assert await lusers(bar) == Lusers(users=2, unregistered=1, most=2)

        bat.send("QUIT")
        await bat.wait_closed()
        assert await lusers(bar) == Lusers(users=2, unregistered=0, most=2)

        qux.send("QUIT")
        await qux.wait_closed()
        assert await lusers(bar) == Lusers(users=1, unregistered=0, most=2)

        # A character online over telnet is a user too.
        frida = await world.telnet("Frida")
        try:
            assert await lusers(bar) == Lusers(users=2, unregistered=0, most=2)
        finally:
            await frida.close()
    finally:
        for client in (bar, qux, bat):
            if client is not None:
                await client.close()
