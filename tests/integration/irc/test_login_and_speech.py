"""Logging in (SASL PLAIN, PASS, NickServ) and speaking in a room, as IRC users see it."""

from __future__ import annotations

import base64
import re

import pytest

from ..server import Servers
from .clients import REGISTERED, RawClient
from .conftest import Clients
from .harness import PASSWORD, IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

SERVER_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
"""IRCv3 server-time: ``YYYY-MM-DDThh:mm:ss.sssZ``."""

UNTAGGED = ("server-time", "message-tags", "account-tag", "echo-message")

PEOPLE = ["alice", "bob", "carol", "amy", "ben", "erin", "sasha", "nell", "finn"]
"""Each test has its own people (and rooms) on the module's one server."""


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    scratch = tmp_path_factory.mktemp("login")
    return start_irc_server(module_servers, scratch, people=[Person(name) for name in PEOPLE])


async def test_speech_pose_and_out_of_character_arrive_as_sent(
    server: IrcServer, clients: Clients
) -> None:
    # bob logs in with PASS and asks for no tags; carol with SASL and every tag.
    bob = await clients.library(server.port, "bob", password=f"bob:{PASSWORD}", declined=UNTAGGED)
    carol = await clients.library(server.port, "carol", sasl=("carol", PASSWORD))
    await bob.enter("#parlour")
    await carol.enter("#parlour")
    alice = await clients.library(server.port, "alice", sasl=("alice", PASSWORD))
    assert alice.inbox.seen("900", "alice")  # RPL_LOGGEDIN, as her character

    await alice.enter("#parlour")
    joined = await bob.inbox.expect("JOIN", "#parlour", sender="alice")
    assert joined.source == "alice!rp@cloaked"
    await alice.message("#parlour", "Good evening, everyone.")
    await alice.ctcp("#parlour", "ACTION", "bows to the room.")
    await alice.message("#parlour", "((brb, the kettle))")

    sent = ["Good evening, everyone.", "\x01ACTION bows to the room.\x01", "((brb, the kettle))"]
    for text in sent:
        line = await bob.inbox.expect("PRIVMSG", "#parlour", text, sender="alice")
        assert line.tags == {}, "bob asked for no tags"
    seen_by_carol = [
        await carol.inbox.expect("PRIVMSG", "#parlour", text, sender="alice") for text in sent
    ]
    echoed = [
        await alice.inbox.expect("PRIVMSG", "#parlour", text, sender="alice") for text in sent
    ]
    for echo, other in zip(echoed, seen_by_carol, strict=True):
        assert SERVER_TIME.fullmatch(echo.tags["time"])
        assert SERVER_TIME.fullmatch(other.tags["time"])
        # IRCv3 message-ids: the echo and every copy of one message carry the same msgid.
        assert echo.tags["msgid"] == other.tags["msgid"]
        assert echo.tags["account"] == "alice"
    assert len({line.tags["msgid"] for line in echoed}) == len(sent)


async def test_without_echo_message_the_sender_gets_no_copy(
    server: IrcServer, clients: Clients
) -> None:
    amy = await clients.library(
        server.port, "amy", sasl=("amy", PASSWORD), declined=["echo-message"]
    )
    ben = await clients.library(server.port, "ben", sasl=("ben", PASSWORD))
    await amy.enter("#salon")
    await ben.enter("#salon")
    await amy.inbox.expect("JOIN", "#salon", sender="ben")

    await amy.message("#salon", "once")
    await ben.inbox.expect("PRIVMSG", "#salon", "once", sender="amy")
    # An echo would have been written to amy before ben's answer: her stream is in order.
    await ben.message("#salon", "after yours")
    await amy.inbox.expect("PRIVMSG", "#salon", "after yours", sender="ben")
    assert not amy.inbox.seen("PRIVMSG", "#salon", "once")


async def test_a_guest_is_welcomed_but_may_not_join_until_registered(
    server: IrcServer, clients: Clients
) -> None:
    guest = await clients.library(server.port, "dora")
    assert guest.inbox.seen("001", "dora")

    await guest.rawmsg("JOIN", "#foyer")
    await guest.inbox.expect_all(("477",), ("FAIL", "JOIN", "ACCOUNT_REQUIRED"))

    await guest.message("NickServ", f"REGISTER {PASSWORD} 1990-01-01")
    await guest.inbox.expect("900", "dora")
    await guest.rawmsg("JOIN", "#foyer")
    await guest.inbox.expect("JOIN", "#foyer", sender="dora")
    await guest.inbox.expect("366", "dora", "#foyer")


async def test_identify_with_a_wrong_password_is_refused(
    server: IrcServer, clients: Clients
) -> None:
    guest = await clients.library(server.port, "erin_")  # "erin" is registered, so held

    await guest.message("NickServ", "IDENTIFY erin not-the-password")
    refusal = await guest.inbox.expect("NOTICE", "erin_", sender="NickServ")
    assert "password" in refusal.params[-1].lower()
    await guest.rawmsg("JOIN", "#study")
    await guest.inbox.expect_all(("477",), ("FAIL", "JOIN", "ACCOUNT_REQUIRED"))
    assert not guest.inbox.seen("900")

    await guest.message("NickServ", f"IDENTIFY erin {PASSWORD}")
    await guest.inbox.expect("900", "erin")
    await guest.rawmsg("JOIN", "#study")
    await guest.inbox.expect("JOIN", "#study", sender="erin")


async def test_sasl_with_a_wrong_password_fails_with_904(
    server: IrcServer, clients: Clients
) -> None:
    client = clients.keep(await RawClient.connect(server.port, "sasha?"))
    client.send("CAP LS 302", "NICK sasha", "USER sasha 0 * :sasha", "CAP REQ :sasl")
    await client.expect("CAP", "*", "ACK")
    client.send("AUTHENTICATE PLAIN")
    await client.expect("AUTHENTICATE", "+")
    token = base64.b64encode(b"\0sasha\0not the password").decode()
    client.send(f"AUTHENTICATE {token}")
    await client.expect("904")
    # sasl-3.1: after a failure the client may end negotiation and go on as a guest.
    client.send("CAP END")
    await client.expect("433", "*", "sasha")  # a guest may not hold a registered name
    client.send("NICK sasha_")
    await client.expect(REGISTERED)
    client.send("JOIN #porch")
    await client.expect("FAIL", "JOIN", "ACCOUNT_REQUIRED")
    assert not client.inbox.seen("900")
    assert not client.inbox.seen("903")


async def test_room_members_see_someone_quit_as_a_quit(server: IrcServer, clients: Clients) -> None:
    nell = await clients.raw(server.port, "nell")
    finn = await clients.raw(server.port, "finn")
    for client in (nell, finn):
        client.send("JOIN #porch")
        await client.expect("366", client.name, "#porch")

    finn.send("QUIT :Good night")
    await finn.expect("ERROR")
    await nell.settled()  # what finn's leaving sent nell has arrived by now
    assert [line.params[-1] for line in nell.inbox.seen("QUIT", sender="finn")] == [
        "Quit: Good night"
    ]
