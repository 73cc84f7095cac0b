"""Commands sent in the same packet as registration (as bots and fast clients send them) wait
for the welcome and run in order, instead of being refused with 451."""

from __future__ import annotations

import base64

from ..telnet.harness import All
from ..web_socket.harness import PASSWORD
from .clients import RawClient


async def pipelined(world: All, *lines: str) -> list[str]:
    """Send ``lines`` in one write; the commands received up to the PONG to ``PING :x``."""
    client = await RawClient.connect(world.irc_port, "Alice")
    try:
        client.send_bytes(b"".join(line.encode() + b"\r\n" for line in lines))
        received = await client.inbox.until("PONG", "boudoir.local", "x")
        return [line.command for line in received]
    finally:
        await client.close()


def in_order(commands: list[str], *wanted: str) -> bool:
    positions = [commands.index(command) for command in wanted]
    return positions == sorted(positions)


async def test_join_and_ping_sent_with_nick_and_user_run_after_the_welcome(world: All) -> None:
    await world.site.person("Alice")
    commands = await pipelined(
        world,
        f"PASS Alice:{PASSWORD}",
        "NICK Alice",
        "USER a 0 * :a",
        "JOIN #lobby",
        "PRIVMSG #lobby :hi",
        "PING :x",
    )
    assert "451" not in commands
    assert in_order(commands, "001", "JOIN", "366", "PONG")


async def test_sasl_sent_in_one_packet_with_the_rest_logs_in_then_joins(world: All) -> None:
    await world.site.person("Alice")
    token = base64.b64encode(f"\0Alice\0{PASSWORD}".encode()).decode()
    commands = await pipelined(
        world,
        "CAP LS 302",
        "CAP REQ :sasl",
        "NICK Alice",
        "USER a 0 * :a",
        "AUTHENTICATE PLAIN",
        f"AUTHENTICATE {token}",
        "CAP END",
        "JOIN #lobby",
        "PING :x",
    )
    assert "451" not in commands
    assert in_order(commands, "903", "001", "JOIN", "366", "PONG")


async def test_a_guests_pipelined_commands_are_answered_in_order_after_the_welcome(
    world: All,
) -> None:
    client = await RawClient.connect(world.irc_port, "Visitor")
    try:
        client.send("NICK Visitor", "USER v 0 * :v", "JOIN #lobby", "PING :a", "FOO", "PING :x")
        received = await client.inbox.until("PONG", "boudoir.local", "x")
        order = [
            line.params[-1] if line.command == "PONG" else line.command
            for line in received
            if line.command in ("001", "221", "451", "FAIL", "421", "PONG")
        ]
        # A guest joins nothing: the JOIN is refused in its place, before the first PONG.
        assert order == ["001", "221", "FAIL", "a", "421", "x"]
    finally:
        await client.close()


async def test_pings_pipelined_with_sasl_keep_their_place_among_the_commands(world: All) -> None:
    await world.site.person("Alice")
    token = base64.b64encode(f"\0Alice\0{PASSWORD}".encode()).decode()
    client = await RawClient.connect(world.irc_port, "Alice")
    try:
        client.send(
            "CAP LS 302",
            "CAP REQ :sasl",
            "NICK Alice",
            "USER a 0 * :a",
            "AUTHENTICATE PLAIN",
            f"AUTHENTICATE {token}",
            "CAP END",
            "JOIN #lobby",
            "PING :a",
            "TOPIC #lobby",
            "PING :x",
        )
        received = await client.inbox.until("PONG", "boudoir.local", "x")
        order = [
            line.params[-1] if line.command == "PONG" else line.command
            for line in received
            if line.command in ("001", "366", "331", "332", "PONG")
        ]
        assert order == ["001", "366", "a", "331", "x"]
    finally:
        await client.close()
