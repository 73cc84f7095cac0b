"""Markup and dice as IRC users see them: formatting codes for F-Chat's BBCode, the text as
sent in the seal, and rolls as NOTICEs from the server that no user can send, through the
consent rules of speech. Raw sockets on loopback."""

from __future__ import annotations

import re

import pytest

from ..server import Servers
from .clients import RawClient
from .conftest import Clients
from .harness import IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

NAMES = ["ana", "ben", "cat", "dan", "eve", "fin", "gil", "hal"]
ROLLED = re.compile(r"^\[dice\] (\w+) rolls \x02(\d+d\d+(?:[+-]\d+)?): ([\d +-]+) = (-?\d+)\x02$")


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(
        module_servers, tmp_path_factory.mktemp("markup"), people=[Person(n) for n in NAMES]
    )


async def joined(client: RawClient, room: str) -> None:
    client.send(f"JOIN {room}")
    await client.expect("366")


async def test_markup_arrives_as_irc_formatting_and_links_as_addresses(
    server: IrcServer, clients: Clients
) -> None:
    ana = await clients.raw(server.port, "ana")
    ben = await clients.raw(server.port, "ben", caps=["message-tags"])
    await joined(ana, "#salon")
    await joined(ben, "#salon")

    ana.send("PRIVMSG #salon :[b]Bold[/b] [color=green]leaf[/color] [spoiler]twist[/spoiler]")
    line = await ben.expect("PRIVMSG", "#salon", sender="ana")
    assert line.params[1] == "\x02Bold\x0f \x0303leaf\x0f \x0301,01twist\x0f"
    assert "boudoir.chat/seal" in line.tags  # sealed as sent: the codes are only how it shows

    ana.send("PRIVMSG #salon :[url=https://example.org/wiki]our wiki[/url] [icon]ana[/icon]")
    line = await ben.expect("PRIVMSG", "#salon", sender="ana")
    assert line.params[1] == "our wiki (https://example.org/wiki) [icon]ana[/icon]"
    ana.send("PRIVMSG #salon :[url=javascript:alert(1)]gift[/url]")
    line = await ben.expect("PRIVMSG", "#salon", sender="ana")
    assert line.params[1] == "[url=javascript:alert(1)]gift[/url]"


async def test_a_roll_is_a_notice_from_the_server_to_the_room_and_the_roller(
    server: IrcServer, clients: Clients
) -> None:
    cat = await clients.raw(server.port, "cat")
    dan = await clients.raw(server.port, "dan", caps=["server-time", "message-tags"])
    await joined(cat, "#dice")
    await joined(dan, "#dice")

    cat.send("ROLL #dice 2d6+1")  # a client's /roll, with the room named
    seen = [await c.expect("NOTICE", "#dice") for c in (cat, dan)]
    for line in seen:
        assert line.source is not None
        assert "!" not in line.source  # the server's name, never a user's nick!user@host
        match = ROLLED.match(line.params[1])
        assert match is not None, line.raw
        name, dice, parts, total = match.groups()
        rolls = [int(p) for p in parts.split(" + ")]
        assert (name, dice, rolls[-1]) == ("cat", "2d6+1", 1)
        assert all(1 <= r <= 6 for r in rolls[:2])
        assert int(total) == sum(rolls)
    assert seen[0].params[1] == seen[1].params[1]  # one roll, the same for everyone
    assert {"msgid", "time"} <= set(seen[1].tags)

    cat.send("ROLL d20")  # in the one room cat is in
    for client in (cat, dan):
        line = await client.expect("NOTICE", "#dice")
        assert ROLLED.match(line.params[1]) is not None
        assert "1d20:" in line.params[1]

    # No user can send a line from the server: a NOTICE that says the same comes from them.
    dan.send("NOTICE #dice :[dice] cat rolls 2d6+1: 6 + 6 + 1 = 13")
    forged = await cat.expect("NOTICE", "#dice")
    assert forged.source is not None
    assert forged.source.startswith("dan!")


async def test_bad_dice_and_a_roll_without_a_room_get_a_fail_saying_why(
    server: IrcServer, clients: Clients
) -> None:
    eve = await clients.raw(server.port, "eve")
    eve.send("ROLL 2d6")
    fail = await eve.expect("FAIL", "ROLL")
    assert "Say which room to roll in" in fail.params[-1]
    await joined(eve, "#one")
    await joined(eve, "#two")
    for bad, why in (("#one 21d6", "Roll from 1 to 20 dice"), ("#one 2d6*3", "NdS+M")):
        eve.send(f"ROLL {bad}")
        fail = await eve.expect("FAIL", "ROLL")
        assert why in fail.params[-1], fail.raw
    eve.send("ROLL #elsewhere 1d6")
    refused = await eve.expect("403")  # ERR_NOSUCHCHANNEL, as for speech there
    assert refused.params[1] == "#elsewhere"


async def test_someone_who_blocks_the_roller_does_not_see_the_roll(
    server: IrcServer, clients: Clients
) -> None:
    fin, gil, hal = [await clients.raw(server.port, name) for name in ("fin", "gil", "hal")]
    hal.send("PRIVMSG NickServ :BLOCK fin")
    await hal.expect("NOTICE", "hal", sender="NickServ")
    for client in (fin, gil, hal):
        await joined(client, "#den")
    fin.send("ROLL #den 1d6")
    await gil.expect("NOTICE", "#den")
    gil.send("ROLL #den 1d4")
    # Rolls reach each client in order: hal's first roll notice is gil's, fin's never came.
    line = await hal.expect("NOTICE", "#den")
    assert "gil rolls" in line.params[1]
    assert not any("fin rolls" in r.raw for r in hal.inbox.seen("NOTICE"))
    rolls = [(await fin.expect("NOTICE", "#den")).params[1] for _ in range(2)]
    assert ["fin rolls" in rolls[0], "gil rolls" in rolls[1]] == [True, True]
