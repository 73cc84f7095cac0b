"""Direct messages: refusals that never reveal a block, and message requests from strangers."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import DirectMessagePolicy

from ..server import Servers
from .conftest import Clients
from .harness import PASSWORD, IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

ANYONE = DirectMessagePolicy.ANYONE
PEOPLE = [
    Person("alice"),
    Person("dana"),
    Person("erin", dm_policy=ANYONE),
    Person("frank", dm_policy=ANYONE),
    Person("gina"),
    Person("hana", dm_policy=ANYONE),
    Person("ivan"),
    Person("jade", dm_policy=ANYONE),
    Person("kara", dm_policy=ANYONE),
    Person("lena"),
    Person("mona", dm_policy=ANYONE),
    Person("nico"),
]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(module_servers, tmp_path_factory.mktemp("dm"), people=PEOPLE)


async def test_refusals_are_byte_identical_whether_policy_offline_or_block(
    server: IrcServer, clients: Clients
) -> None:
    dana = await clients.library(server.port, "dana", sasl=("dana", PASSWORD))
    await dana.message("NickServ", "SET DMPOLICY nobody")
    await dana.inbox.expect("NOTICE", "dana", sender="NickServ")
    frank = await clients.library(server.port, "frank", sasl=("frank", PASSWORD))
    await frank.message("NickServ", "BLOCK alice")
    await frank.inbox.expect("NOTICE", "frank", sender="NickServ")
    # erin has an account but is offline; "nobody-here" has none.
    alice = await clients.raw(server.port, "alice")

    replies = {}
    for target in ("dana", "erin", "frank", "nobody-here"):
        alice.inbox.mark()
        alice.send(f"PRIVMSG {target} :Hello there")
        lines = [line for line in await alice.settled() if line.command != "391"]
        replies[target] = [line.raw.replace(target, "<nick>") for line in lines]

    # One reply (the numeric alone), in the core's words.
    assert replies["dana"] == [
        ":boudoir.local 401 alice <nick> :They are not accepting that from you right now.",
    ]
    assert replies["erin"] == replies["dana"]
    assert replies["frank"] == replies["dana"]
    assert replies["nobody-here"] == replies["dana"]
    await dana.settled()
    await frank.settled()
    for recipient in (dana, frank):
        assert not [line for line in recipient.inbox.lines if "Hello there" in line.raw]


async def test_a_stranger_s_first_message_waits_as_a_request_until_accepted(
    server: IrcServer, clients: Clients
) -> None:
    hana = await clients.library(server.port, "hana", sasl=("hana", PASSWORD))
    gina = await clients.library(server.port, "gina", sasl=("gina", PASSWORD))
    mark = hana.inbox.mark()

    await gina.message("hana", "Hello, I loved your scene.")
    await gina.message("hana", "Are you free later?")
    # The sender is told nothing different from a delivered message.
    assert not [line for line in await gina.settled() if line.command in ("401", "FAIL")]

    await hana.settled()
    notices = [line.params[-1] for line in hana.inbox.since(mark) if line.nick == "NickServ"]
    assert any("Hello, I loved your scene." in text for text in notices), notices
    assert any("ACCEPT gina" in text and "DECLINE gina" in text for text in notices), notices
    assert not hana.inbox.seen("PRIVMSG", "hana")

    await hana.message("NickServ", "ACCEPT gina")
    # Once accepted, the first message and what waited behind it arrive in order in gina's
    # query, then messages flow.
    await hana.inbox.expect("PRIVMSG", "hana", "Hello, I loved your scene.", sender="gina")
    await hana.inbox.expect("PRIVMSG", "hana", "Are you free later?", sender="gina")
    await gina.message("hana", "Wonderful.")
    await hana.inbox.expect("PRIVMSG", "hana", "Wonderful.", sender="gina")
    await hana.message("gina", "See you at nine.")
    await gina.inbox.expect("PRIVMSG", "gina", "See you at nine.", sender="hana")


async def test_after_decline_the_stranger_is_silently_dropped(
    server: IrcServer, clients: Clients
) -> None:
    jade = await clients.library(server.port, "jade", sasl=("jade", PASSWORD))
    ivan = await clients.library(server.port, "ivan", sasl=("ivan", PASSWORD))
    await ivan.message("jade", "Hi!")
    await jade.inbox.expect("NOTICE", "jade", sender="NickServ")
    await jade.message("NickServ", "DECLINE ivan")
    await jade.settled()

    await ivan.message("jade", "Hello?")
    assert not [line for line in await ivan.settled() if line.command in ("401", "FAIL")]
    await jade.settled()
    assert not jade.inbox.seen("PRIVMSG", "jade")
    assert not [line for line in jade.inbox.lines if "Hello?" in line.raw]


async def test_writing_back_answers_a_request_with_the_first_message_in_the_query(
    server: IrcServer, clients: Clients
) -> None:
    kara = await clients.library(server.port, "kara", sasl=("kara", PASSWORD))
    lena = await clients.library(server.port, "lena", sasl=("lena", PASSWORD))
    await lena.message("kara", "Hello from lena.")
    await lena.message("kara", "Still there?")
    await kara.inbox.expect("NOTICE", "kara", sender="NickServ")
    await kara.message("lena", "Hi lena!")
    await kara.inbox.expect("PRIVMSG", "kara", "Hello from lena.", sender="lena")
    await kara.inbox.expect("PRIVMSG", "kara", "Still there?", sender="lena")
    await lena.inbox.expect("PRIVMSG", "lena", "Hi lena!", sender="kara")
    await kara.message("NickServ", "REQUESTS")
    await kara.inbox.expect("NOTICE", "kara", "No message requests are waiting.")


async def test_befriending_a_stranger_delivers_their_waiting_message(
    server: IrcServer, clients: Clients
) -> None:
    mona = await clients.library(server.port, "mona", sasl=("mona", PASSWORD))
    nico = await clients.library(server.port, "nico", sasl=("nico", PASSWORD))
    await nico.message("mona", "Hello from nico.")
    await mona.inbox.expect("NOTICE", "mona", sender="NickServ")
    await mona.message("NickServ", "FRIEND ADD nico")
    await mona.inbox.expect("PRIVMSG", "mona", "Hello from nico.", sender="nico")
    await mona.message("NickServ", "REQUESTS")
    await mona.inbox.expect("NOTICE", "mona", "No message requests are waiting.")
