"""Before logging in: a guest's nick follows the name rules, and NickServ takes a password
as typed, spaces and all."""

from __future__ import annotations

import pytest

from ..telnet.harness import All
from ..web_socket.harness import BORN
from .clients import REGISTERED, RawClient


@pytest.mark.parametrize(
    ("nick", "numeric"),
    [
        ("NickServ", "432"),
        ("N\u0456ckServ", "432"),  # a Cyrillic i
        ("\u0430dmin", "432"),  # a Cyrillic a
        ("[SceneServ]", "432"),
        ("Mod|Serv", "432"),
        ("AIice", "433"),  # looks like Alice, whose name is in use
    ],
)
async def test_a_guest_cannot_take_a_reserved_or_look_alike_nick(
    world: All, nick: str, numeric: str
) -> None:
    await world.site.person("Alice")
    guest = await RawClient.connect(world.irc_port, "guest")
    try:
        guest.send(f"NICK {nick}", "USER guest 0 * :guest")
        await guest.expect(numeric, "*", nick)
        guest.send("NICK Wanderer")
        await guest.expect(REGISTERED)
        assert not guest.inbox.seen("001", nick)

        guest.send(f"NICK {nick}")  # and not later either
        await guest.expect(numeric, "Wanderer", nick)
        guest.send("NICK Alice")  # a name itself may be taken, to IDENTIFY as it
        await guest.expect("NICK", "Alice", sender="Wanderer")
    finally:
        await guest.close()


async def test_nickserv_takes_the_rest_of_the_line_as_the_password(world: All) -> None:
    spaced = "my secret  with spaces and a quote's \\ backslash"
    await world.site.world.accounts.register("Pia", spaced, BORN, attest=True)
    guest = await RawClient.connect(world.irc_port, "Pia")
    try:
        await guest.register("Pia")
        guest.send(f"PRIVMSG NickServ :IDENTIFY Pia {spaced}")
        await guest.expect("900", "Pia")  # RPL_LOGGEDIN
    finally:
        await guest.close()

    newcomer = await RawClient.connect(world.irc_port, "Quinn")
    try:
        await newcomer.register("Quinn")
        newcomer.send(f"PRIVMSG NickServ :REGISTER {spaced} 1990-01-01")
        await newcomer.expect("900", "Quinn")
    finally:
        await newcomer.close()
    account = await world.site.world.accounts.authenticate("Quinn", spaced)
    assert account.name == "Quinn"


async def test_nickserv_refuses_a_common_password_saying_why(world: All) -> None:
    newcomer = await RawClient.connect(world.irc_port, "Rosa")
    try:
        await newcomer.register("Rosa")
        for password, why in [("password", "one of the most common"), ("rosa-rosa-rosa", "name")]:
            newcomer.send(f"PRIVMSG NickServ :REGISTER {password} 1990-01-01")
            await nickserv_says(newcomer, why)
    finally:
        await newcomer.close()
    assert await world.site.world.accounts.list_all() == []


async def nickserv_says(client: RawClient, text: str) -> None:
    """Read NickServ's notices until one says ``text``."""
    while text not in (await client.expect("NOTICE", sender="NickServ")).raw:
        pass
