"""A message to one's own nick is ordinary IRC (a note to self, a bouncer's buffer): it comes
back once to every connection of that character, whether or not it asked for echo-message."""

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
        assert notes(await echoing.settled()) == sent  # the echo is the one copy
        assert notes(await plain.settled()) == sent
    finally:
        await plain.close()
        await echoing.close()
