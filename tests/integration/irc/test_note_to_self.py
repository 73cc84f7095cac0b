"""A message to one's own nick is ordinary IRC (a note to self, a bouncer's buffer): it is
delivered once to every connection of that character; the connection that sent it with
echo-message also gets its echo, and only the echo carries the label (IRCv3 labeled-response)."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import Received, raw_client


def notes(lines: list[Received]) -> list[tuple[str | None, str, tuple[str, ...]]]:
    return [
        (line.nick, line.command, line.params)
        for line in lines
        if line.command in ("PRIVMSG", "NOTICE", "FAIL")
    ]


async def test_a_message_to_ones_own_nick_comes_back_once_to_each_connection(
    world: All,
) -> None:
    await world.site.person("Alice")
    plain = await raw_client(world.irc_port, "Alice")
    echoing = await raw_client(world.irc_port, "Alice", caps=("echo-message",))
    try:
        await plain.settled()
        await echoing.settled()

        plain.send("PRIVMSG Alice :buy milk", "NOTICE alice :and bread")
        sent = [  # delivered as to anyone: to the character's name
            ("Alice", "PRIVMSG", ("Alice", "buy milk")),
            ("Alice", "NOTICE", ("Alice", "and bread")),
        ]
        assert notes(await plain.settled()) == sent
        assert notes(await echoing.settled()) == sent

        echoing.send("PRIVMSG Alice :call mum")
        sent = [("Alice", "PRIVMSG", ("Alice", "call mum"))]
        assert notes(await echoing.settled()) == sent * 2  # the echo, then the delivery
        assert notes(await plain.settled()) == sent
    finally:
        await plain.close()
        await echoing.close()


async def test_a_labeled_message_to_oneself_labels_the_echo_not_the_delivery(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(
        world.irc_port, "Alice", caps=("echo-message", "labeled-response", "batch")
    )
    try:
        await alice.settled()
        alice.send("@label=n1 PRIVMSG Alice :water the plants", "@label=n2 NOTICE Alice :today")
        lines = [line for line in await alice.settled() if line.command in ("PRIVMSG", "NOTICE")]
        # Each comes twice: the echo-message acknowledgment, labeled, and the delivery, a side
        # effect and not a response, unlabeled (the delivery is not held back for the label).
        assert sorted((line.command, line.tags.get("label") or "") for line in lines) == [
            ("NOTICE", ""),
            ("NOTICE", "n2"),
            ("PRIVMSG", ""),
            ("PRIVMSG", "n1"),
        ]
        assert {line.params for line in lines} == {
            ("Alice", "water the plants"),
            ("Alice", "today"),
        }
    finally:
        await alice.close()


async def test_a_labeled_message_to_oneself_without_echo_is_acknowledged_and_delivered(
    world: All,
) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice", caps=("labeled-response", "batch"))
    try:
        await alice.settled()
        alice.send("@label=n3 PRIVMSG Alice :feed the cat")
        lines = await alice.settled()
        delivered = alice.inbox.seen("PRIVMSG", "Alice", "feed the cat")
        assert [line.tags.get("label") for line in delivered] == [None]  # a side effect
        assert [line.tags.get("label") for line in lines if line.command == "ACK"] == ["n3"]
    finally:
        await alice.close()
