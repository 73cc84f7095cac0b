"""Details of Modern IRC (modern.ircdocs.horse) that clients and test suites rely on: USER's
parameters, HELP's subject, 421 for any unknown command."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import RawClient


async def test_user_with_an_empty_realname_is_refused_with_461(world: All) -> None:
    client = await RawClient.connect(world.irc_port, "guest")
    try:
        client.send("NICK Guesty", "USER guesty * * :")
        refusal = await client.expect("461")
        assert refusal.params[1:2] == ("USER",)
        client.send("USER guesty * * :Guesty")  # a realname: registration goes on
        await client.expect("001", "Guesty")
        assert not client.inbox.seen("001", "Guesty")[1:]
    finally:
        await client.close()
