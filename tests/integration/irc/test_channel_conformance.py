"""Channel commands answered as Modern IRC, RFC 2812 and IRCv3 (and irctest) expect: one reply
per error, the standard numerics with their parameters, mode parameters checked, comma lists,
NAMES symbols and away-notify. Each test speaks through a raw socket, as irctest does."""

from __future__ import annotations

import pytest

from ..server import Servers
from .clients import RawClient, Received
from .conftest import Clients
from .harness import IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

NAMES = [
    "ada",
    "bea",
    "cal",
    "dov",
    "eli",
    "fay",
    "gus",
    "hal",
    "ivo",
    "jon",
    "kit",
    "lea",
    "mo",
    "ned",
    "oz",
    "pam",
    "rex",
    "sue",
    "tia",
    "uma",
    "vic",
    "wes",
]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(
        module_servers,
        tmp_path_factory.mktemp("conformance"),
        people=[Person(name) for name in NAMES],
    )


async def joined(client: RawClient, room: str) -> None:
    client.send(f"JOIN {room}")
    await client.expect("366", client.name, room)


async def replies_to(client: RawClient, line: str) -> list[Received]:
    """Everything the server answers to ``line``, up to the answer to a TIME sent after it."""
    client.inbox.mark()
    client.send(line)
    return [reply for reply in await client.settled() if reply.command != "391"]


async def test_a_refused_join_gets_the_numeric_alone(server: IrcServer, clients: Clients) -> None:
    ada = await clients.raw(server.port, "ada")
    bea = await clients.raw(server.port, "bea")
    await joined(ada, "#snug")
    ada.send("MODE #snug +l 2")
    await ada.expect("MODE", "#snug", "+l", "2")
    await joined(bea, "#snug")
    cal = await clients.raw(server.port, "cal")

    replies = await replies_to(cal, "JOIN #snug")

    assert [r.command for r in replies] == ["471"], replies  # ERR_CHANNELISFULL, no FAIL
    assert replies[0].params[:2] == ("cal", "#snug")
    # Not an operator: 482 alone; not in the channel: 442 alone.
    assert [r.command for r in await replies_to(bea, "MODE #snug +m")] == ["482"]
    assert [(r.command, r.params[1]) for r in await replies_to(cal, "PART #snug")] == [
        ("442", "#snug")
    ]


async def test_a_limit_of_one_holds_and_bad_limits_and_keys_get_696(
    server: IrcServer, clients: Clients
) -> None:
    dov = await clients.raw(server.port, "dov")
    eli = await clients.raw(server.port, "eli")
    await joined(dov, "#booth")

    # Modern IRC: the limit is any positive integer.
    dov.send("MODE #booth +l 1")
    await dov.expect("MODE", "#booth", "+l", "1")
    assert [r.command for r in await replies_to(eli, "JOIN #booth")] == ["471"]

    for bad in ("0", "-1", "abc", "10001"):
        replies = await replies_to(dov, f"MODE #booth +l :{bad}")
        assert [r.params[:4] for r in replies] == [("dov", "#booth", "l", bad)], replies
        assert replies[0].command == "696"  # ERR_INVALIDMODEPARAM
    for bad in ("passphrase with spaces", "", " ", "long" * 100):
        replies = await replies_to(dov, f"MODE #booth +k :{bad}")
        assert [(r.command, *r.params[:4]) for r in replies] == [
            ("696", "dov", "#booth", "k", "*")
        ], replies
    dov.send("MODE #booth")
    modes = await dov.expect("324", "dov", "#booth")
    assert modes.params[2:] == ("+lnt", "1")  # nothing bad was taken
