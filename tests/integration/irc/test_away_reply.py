"""Over a real socket: a PRIVMSG to someone away is answered with RPL_AWAY (Modern IRC,
PRIVMSG and RPL_AWAY), inside its labeled response; a NOTICE is not, nor a message that
waits as a request."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy

from ..telnet.harness import All
from .clients import raw_client

ANYONE = DirectMessagePolicy.ANYONE


async def test_a_privmsg_to_someone_away_is_answered_with_their_away_message(world: All) -> None:
    await world.site.person("alice", dm_policy=ANYONE)
    await world.site.person("bob", dm_policy=ANYONE)
    await world.site.person("carol", dm_policy=ANYONE)
    caps = ("echo-message", "labeled-response", "batch")
    alice = await raw_client(world.irc_port, "alice", caps=caps)
    bob = await raw_client(world.irc_port, "bob")
    carol = await raw_client(world.irc_port, "carol")
    try:
        # alice and bob write to each other; bob goes away.
        alice.send("PRIVMSG bob :hello")
        await alice.settled()
        bob.send("PRIVMSG alice :hi alice", "AWAY :out for lunch")
        await bob.settled()
        await alice.settled()

        alice.send("@label=a1 PRIVMSG bob :are you there?")
        lines = [line for line in await alice.settled() if line.command != "391"]
        assert [(line.command, line.params) for line in lines] == [
            ("BATCH", (lines[0].params[0], "labeled-response")),
            ("PRIVMSG", ("bob", "are you there?")),
            ("301", ("alice", "bob", "out for lunch")),
            ("BATCH", ("-" + lines[0].params[0][1:],)),
        ]
        assert lines[0].tags.get("label") == "a1"

        alice.send("NOTICE bob :a notice", "PRIVMSG bob :again")
        lines = await alice.settled()
        assert [line.params for line in lines if line.command == "301"] == [
            ("alice", "bob", "out for lunch")
        ]
        assert bob.inbox.seen("PRIVMSG", "bob", "again")

        # carol is a stranger to bob: her message waits as a request, and she learns nothing.
        carol.send("PRIVMSG bob :hello, stranger")
        assert [line for line in await carol.settled() if line.command == "301"] == []
        # Once bob is back, nothing more.
        bob.send("AWAY")
        await bob.settled()
        alice.send("PRIVMSG bob :welcome back")
        assert [line for line in await alice.settled() if line.command == "301"] == []
    finally:
        await alice.close()
        await bob.close()
        await carol.close()
