"""Room speech crosses between nodes with the bytes the speaker's node rendered it as: IRC
clients on the other node read exactly what those on the speaker's node read, each in their
own tag variant, and the other node still decides who hears it (a block holds)."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.irc.client import IrcClient
from boudoir.testing.harness import PASSWORD
from boudoir.testing.transports import RecordingTransport as Transport

from .nodes import Nodes

TAGS = "message-tags server-time"


def gateway(nodes: Nodes, name: str) -> IrcGateway:
    world = nodes.worlds[name].world
    irc = IrcGateway(
        world, host="127.0.0.1", port=0, server_name="test", motd="", limits=IrcLimits()
    )
    assert world.cluster is not None
    world.cluster.outbox.renderings.append(irc)  # as app.assembly does
    return irc


async def until_idle(nodes: Nodes, client: IrcClient) -> None:
    """The client's command done, and every node caught up with it."""
    for _ in range(10_000):
        await nodes.settle()
        if client.worker is None and not client.queue:
            return
        await asyncio.sleep(0)
    raise AssertionError("a command did not finish")


async def in_lobby(nodes: Nodes, irc: IrcGateway, name: str, caps: str) -> tuple[Any, Transport]:
    """``name`` (registered) logged in over IRC with ``caps`` and in #lobby."""
    client = irc.new_client()
    transport = Transport()
    client.connection_made(transport)
    plain = base64.b64encode(f"\0{name}\0{PASSWORD}".encode()).decode()
    client.data_received(
        f"CAP LS 302\r\nNICK {name}\r\nUSER {name} 0 * :{name}\r\n"
        f"CAP REQ :sasl {caps}\r\nAUTHENTICATE PLAIN\r\n".encode()
    )
    await until_idle(nodes, client)
    client.data_received(f"AUTHENTICATE {plain}\r\nCAP END\r\n".encode())
    await until_idle(nodes, client)
    client.data_received(b"JOIN #lobby\r\n")
    await until_idle(nodes, client)
    return client, transport


async def test_room_speech_reads_the_same_on_both_nodes(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await nodes.start("b")
    for name in ("alice", "dave", "bob", "erin"):
        await a.register(name)
    on_a, on_b = gateway(nodes, "a"), gateway(nodes, "b")
    alice, _ = await in_lobby(nodes, on_a, "alice", TAGS)
    _, dave = await in_lobby(nodes, on_a, "dave", TAGS)
    _, bob = await in_lobby(nodes, on_b, "bob", TAGS)
    _, erin = await in_lobby(nodes, on_b, "erin", "")

    alice.data_received(b"PRIVMSG #lobby :hello from node a\r\n")
    await until_idle(nodes, alice)
    on_a.flusher._flush()
    on_b.flusher._flush()

    said = dave.lines("hello from node a")
    assert len(said) == 1
    assert said[0].startswith(b"@")  # with its time and msgid
    assert bob.lines("hello from node a") == said
    # A variant nobody on node a has is rendered where it is needed.
    assert erin.lines("hello") == [b":alice!rp@cloaked PRIVMSG #lobby :hello from node a"]


async def test_the_listeners_node_still_decides_who_hears(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await nodes.start("b")
    for name in ("alice", "dave", "bob", "carol"):
        await a.register(name)
    on_a, on_b = gateway(nodes, "a"), gateway(nodes, "b")
    alice, _ = await in_lobby(nodes, on_a, "alice", TAGS)
    _, dave = await in_lobby(nodes, on_a, "dave", TAGS)
    _, bob = await in_lobby(nodes, on_b, "bob", TAGS)
    carol, carol_sees = await in_lobby(nodes, on_b, "carol", TAGS)
    carol.data_received(b"PRIVMSG NickServ :BLOCK alice\r\n")
    await until_idle(nodes, carol)

    alice.data_received(b"PRIVMSG #lobby :hello from node a\r\n")
    await until_idle(nodes, alice)
    on_a.flusher._flush()
    on_b.flusher._flush()

    said = dave.lines("hello from node a")
    assert len(said) == 1
    assert bob.lines("hello from node a") == said
    assert carol_sees.lines("hello from node a") == []
