"""WHOIS, WHO, ISON and USERHOST: what they show (never an address) and whom they hide; and
IRCv3 labeled-response with batch."""

from __future__ import annotations

import pytest

from ..server import Servers
from .conftest import Clients
from .harness import PASSWORD, IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

PEOPLE = [Person(name) for name in ("kate", "leo", "mina", "nora", "owen", "pia", "quin")]
LABELS = ["labeled-response", "batch", "echo-message", "message-tags", "server-time"]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(module_servers, tmp_path_factory.mktemp("queries"), people=PEOPLE)


async def test_whois_and_who_show_a_cloaked_host_never_an_address(
    server: IrcServer, clients: Clients
) -> None:
    leo = await clients.library(server.port, "leo", sasl=("leo", PASSWORD))
    kate = await clients.raw(server.port, "kate")
    await leo.enter("#terrace")
    kate.send("JOIN #terrace")
    await kate.expect("366", "kate", "#terrace")

    kate.send("WHOIS leo")
    whois = await kate.inbox.until("318", "kate", "leo")
    user = next(line for line in whois if line.command == "311")
    assert user.params[1:4] == ("leo", "rp", "cloaked")
    kate.send("WHO leo")
    who = await kate.expect("352", "kate")
    assert who.params[2:6] == ("rp", "cloaked", "boudoir.local", "leo")
    kate.send("WHO #terrace %tuihnf,7")  # WHOX, asking for the IP field too
    await kate.inbox.until("315", "kate")
    kate.send("USERHOST leo")
    assert (await kate.expect("302", "kate")).params[-1] == "leo=+rp@cloaked"
    kate.send("NAMES #terrace")
    await kate.expect("366", "kate", "#terrace")

    await leo.settled()
    everything = kate.inbox.lines + leo.inbox.lines
    assert not [line.raw for line in everything if "127.0.0.1" in line.raw]


async def test_presence_nobody_hides_a_character_from_who_whois_and_ison(
    server: IrcServer, clients: Clients
) -> None:
    mina = await clients.library(server.port, "mina", sasl=("mina", PASSWORD))
    kate = await clients.raw(server.port, "kate")
    kate.send("WHOIS mina")
    await kate.expect("311", "kate", "mina")  # seen, before she hides

    await mina.message("NickServ", "SET PRESENCE nobody")
    await mina.inbox.expect("NOTICE", "mina", sender="NickServ")

    kate.send("WHO mina")
    assert not [line for line in await kate.inbox.until("315", "kate") if line.command == "352"]
    kate.send("WHOIS mina")
    whois = await kate.inbox.until("318", "kate", "mina")
    assert [line.command for line in whois] == ["401", "318"]
    kate.send("ISON mina kate")
    assert (await kate.expect("303", "kate")).params[-1] == "kate"
    kate.send("USERHOST mina")
    assert (await kate.expect("302", "kate")).params[-1] == ""


async def test_a_labeled_whois_comes_back_as_one_labeled_batch(
    server: IrcServer, clients: Clients
) -> None:
    await clients.library(server.port, "owen", sasl=("owen", PASSWORD))
    nora = await clients.raw(server.port, "nora", caps=LABELS)
    nora.inbox.mark()

    nora.send("@label=who-1 WHOIS owen")
    start = await nora.expect("BATCH")
    assert start.tags.get("label") == "who-1"
    reference, kind = start.params[0], start.params[1]
    assert reference.startswith("+")
    assert kind == "labeled-response"
    body = await nora.inbox.until("BATCH", "-" + reference[1:])
    inside = body[:-1]
    assert inside[0].command == "311"  # RPL_WHOISUSER
    assert inside[-1].command == "318"  # RPL_ENDOFWHOIS
    assert all(line.tags.get("batch") == reference[1:] for line in inside), body
    assert all("label" not in line.tags for line in body), "only the batch start is labeled"


async def test_a_labeled_privmsg_is_echoed_with_its_label(
    server: IrcServer, clients: Clients
) -> None:
    owen = await clients.library(server.port, "owen", sasl=("owen", PASSWORD))
    nora = await clients.raw(server.port, "nora", caps=LABELS)
    await owen.enter("#quiet")
    nora.send("JOIN #quiet")
    await nora.expect("366", "nora", "#quiet")

    nora.send("@label=say-1 PRIVMSG #quiet :Hello, quietly.")
    echo = await nora.expect("PRIVMSG", "#quiet", "Hello, quietly.", sender="nora")
    assert echo.tags["label"] == "say-1"
    assert echo.tags["msgid"]
    heard = await owen.inbox.expect("PRIVMSG", "#quiet", "Hello, quietly.", sender="nora")
    assert "label" not in heard.tags, "a label is for its sender only"
    assert heard.tags["msgid"] == echo.tags["msgid"]


async def test_a_labeled_topic_is_answered_by_the_labeled_topic_line(
    server: IrcServer, clients: Clients
) -> None:
    nora = await clients.raw(server.port, "nora", caps=LABELS)
    nora.send("JOIN #attic")
    await nora.expect("366", "nora", "#attic")

    nora.send("@label=topic-1 TOPIC #attic :Dust and lace")
    topic = await nora.expect("TOPIC", "#attic", "Dust and lace", sender="nora")
    await nora.settled()
    assert topic.tags.get("label") == "topic-1"
    assert not nora.inbox.seen("ACK")


async def test_client_tags_and_typing_reach_clients_that_read_tags(
    server: IrcServer, clients: Clients
) -> None:
    mina = await clients.raw(server.port, "mina", caps=["message-tags", "echo-message"])
    owen = await clients.raw(server.port, "owen", caps=["message-tags"])
    kate = await clients.raw(server.port, "kate")  # no message-tags: sees no tags at all
    for person in (mina, owen, kate):
        person.send("JOIN #typing")
        await person.expect("366", person.name, "#typing")

    mina.send("@+typing=active TAGMSG #typing")
    typing = await owen.expect("TAGMSG", "#typing", sender="mina")
    assert typing.tags["+typing"] == "active"
    echo = await mina.expect("TAGMSG", "#typing", sender="mina")
    assert echo.tags["msgid"] == typing.tags["msgid"]

    mina.send("@+draft/reply=abc PRIVMSG #typing :with a tag")
    said = await owen.expect("PRIVMSG", "#typing", "with a tag", sender="mina")
    assert said.tags["+draft/reply"] == "abc"
    plain = await kate.expect("PRIVMSG", "#typing", "with a tag", sender="mina")
    assert not plain.tags
    await kate.settled()
    assert not kate.inbox.seen("TAGMSG", "#typing")


async def test_a_second_character_is_created_and_switched_to_from_irc(
    server: IrcServer, clients: Clients
) -> None:
    leo = await clients.raw(server.port, "leo")
    leo.send("JOIN #foyer")
    await leo.expect("366", "leo", "#foyer")
    leo.send("PRIVMSG NickServ :CHARACTER CREATE Leona")
    await leo.expect("NOTICE", "leo", sender="NickServ")

    leo.send("NICK Leona")
    # The old character leaves its rooms (another person, to the others), then the nick changes.
    await leo.expect("PART", "#foyer", sender="leo")
    await leo.expect("NICK", "Leona", sender="leo")
    leo.send("PRIVMSG NickServ :SWITCH leo")
    await leo.expect("NICK", "leo", sender="Leona")
    leo.send("WHOIS Leona")
    await leo.expect("401", "leo", "Leona")  # offline now: nobody is acting as her


async def test_whowas_remembers_who_left_except_for_those_they_block(
    server: IrcServer, clients: Clients
) -> None:
    owen = await clients.raw(server.port, "owen")
    mina = await clients.raw(server.port, "mina")
    leo = await clients.raw(server.port, "leo")
    owen.send("PRIVMSG NickServ :BLOCK mina")
    await owen.expect("NOTICE", "owen", sender="NickServ")
    owen.send("QUIT :bye")
    await owen.wait_closed()

    leo.send("WHOWAS owen")
    was = await leo.expect("314", "leo", "owen")  # RPL_WHOWASUSER
    assert was.params[3] == "cloaked"
    mina.send("WHOWAS owen")
    await mina.expect("406", "mina", "owen")  # ERR_WASNOSUCHNICK: the block is not shown


async def test_whowas_names_the_server_with_its_description_as_whois_does(
    server: IrcServer, clients: Clients
) -> None:
    pia = await clients.raw(server.port, "pia")
    quin = await clients.raw(server.port, "quin")
    quin.send("WHOIS pia")
    whois = next(r for r in await quin.inbox.until("318", "quin") if r.command == "312")
    pia.send("QUIT :bye")
    await pia.wait_closed()

    # RFC 2812 3.6.3 (irctest whowas.py::testWhowasNumerics): "312 <nick> <server> :<info>".
    quin.send("WHOWAS pia")
    whowas = next(r for r in await quin.inbox.until("369", "quin") if r.command == "312")
    assert whowas.params == ("quin", "pia", "boudoir.local", whois.params[3])
    assert whowas.params[3]
