"""Every reply leaves in the order of the client's lines: clients use PING as a barrier, so a
PONG (or any answer the server gives without the store) never overtakes the replies to a JOIN,
TOPIC or NickServ command sent before it."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import raw_client


async def test_pongs_come_after_the_replies_to_the_commands_sent_before_them(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    try:
        alice.send("JOIN #den", "PING :one", "TOPIC #den", "PING :two")  # one write, one packet
        received = await alice.inbox.until("PONG", "boudoir.local", "two")
        order = [
            (line.command, line.params[-1] if line.command == "PONG" else "")
            for line in received
            if line.command in ("366", "331", "332", "PONG")
        ]
        assert order == [("366", ""), ("PONG", "one"), ("331", ""), ("PONG", "two")]
    finally:
        await alice.close()


async def test_labeled_pings_and_unknown_commands_keep_their_place(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice", caps=("labeled-response", "batch"))
    try:
        alice.send(
            "@label=j JOIN #nook",
            "@label=p PING :one",
            "@label=u FOO",
            "@label=c CAP LIST",
            "@label=t TOPIC #nook",
        )
        received = await alice.inbox.until("331")
        labels = [line.tags["label"] for line in received if "label" in line.tags]
        assert labels == ["j", "p", "u", "c", "t"]
    finally:
        await alice.close()
