"""Before logging in: a guest's nick follows the name rules, and NickServ takes a password
as typed, spaces and all."""

from __future__ import annotations

import pytest

from ..telnet.harness import All
from ..web_socket.harness import BORN, PASSWORD
from .clients import REGISTERED, RawClient, raw_client


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
    finally:
        await guest.close()


async def test_a_guest_cannot_take_a_registered_name_online_or_not(world: All) -> None:
    await world.site.person("Bruno")  # registered, offline
    await world.site.person("Carmen")
    carmen = await raw_client(world.irc_port, "Carmen")  # registered, online
    guest = await RawClient.connect(world.irc_port, "guest")
    try:
        guest.send("NICK bruno", "USER guest 0 * :guest")
        refusal = await guest.expect("433", "*", "bruno")
        assert "log in" in refusal.params[-1]
        guest.send("NICK Carmen")
        await guest.expect("433", "*", "Carmen")
        ines = await world.telnet("Ines")  # online through another gateway: one namespace
        try:
            guest.send("NICK Ines")
            await guest.expect("433", "*", "Ines")
        finally:
            await ines.close()
        guest.send("NICK Wanderer")
        await guest.expect(REGISTERED)
        assert not guest.inbox.seen("001", "bruno")
        assert not guest.inbox.seen("001", "Carmen")

        guest.send("NICK BRUNO")  # and not later either: 433, no NICK
        await guest.expect("433", "Wanderer", "BRUNO")
        await guest.settled()
        assert not guest.inbox.seen("NICK")

        # Logging in as the name is the way to it.
        guest.send(f"PRIVMSG NickServ :IDENTIFY Bruno {PASSWORD}")
        await guest.expect("NICK", "Bruno", sender="Wanderer")
    finally:
        await guest.close()
        await carmen.close()


async def test_two_guests_cannot_hold_one_nick(world: All) -> None:
    first = await RawClient.connect(world.irc_port, "first")
    second = await RawClient.connect(world.irc_port, "second")
    try:
        await first.register("Wanderer")
        second.send("NICK wanderer", "USER guest 0 * :guest")
        await second.expect("433", "*", "wanderer", "Nickname is already in use")
        second.send("NICK Rover")
        await second.expect(REGISTERED)
        assert not second.inbox.seen("001", "wanderer")

        second.send("NICK Wanderer")  # a failed change: 433 alone, no NICK
        await second.expect("433", "Rover", "Wanderer")
        await second.settled()
        assert not second.inbox.seen("NICK")

        await world.site.person("Greta")  # nor may someone logged in take it
        greta = await raw_client(world.irc_port, "Greta")
        try:
            greta.send("NICK Wanderer")
            await greta.expect("433", "Greta", "Wanderer")
            await greta.settled()
            assert not greta.inbox.seen("NICK")
        finally:
            await greta.close()

        first.send("QUIT")  # once it is free, it may be taken
        await first.wait_closed()
        second.send("NICK Wanderer")
        await second.expect("NICK", "Wanderer", sender="Rover")
    finally:
        await first.close()
        await second.close()


async def test_of_two_guests_registering_one_nick_at_once_one_gets_it(world: All) -> None:
    one = await RawClient.connect(world.irc_port, "one")
    two = await RawClient.connect(world.irc_port, "two")
    try:
        one.send("NICK Twin", "USER twin 0 * :twin")
        two.send("NICK Twin", "USER twin 0 * :twin")
        one.send("PING one")
        two.send("PING two")
        await one.expect("PONG")
        await two.expect("PONG")
        welcomed = [c for c in (one, two) if c.inbox.seen("001", "Twin")]
        refused = [c for c in (one, two) if c.inbox.seen("433", "*", "Twin")]
        assert len(welcomed) == 1
        assert len(refused) == 1
        assert welcomed != refused
    finally:
        await one.close()
        await two.close()


async def test_nickserv_takes_the_rest_of_the_line_as_the_password(world: All) -> None:
    spaced = "my secret  with spaces and a quote's \\ backslash"
    await world.site.world.accounts.register("Pia", spaced, BORN, attest=True)
    guest = await RawClient.connect(world.irc_port, "Pia")
    try:
        await guest.register("Pia_")
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
