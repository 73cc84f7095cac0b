"""The replay on IRC over loopback: a second client of the same person joining a channel is
sent what was said there while the person was in it, in a ``chathistory`` batch; a client
with ``draft/chathistory`` gets it only when it asks, merged with the logs."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import raw_client
from .conftest import Clients

REPLAY_CAPS = ("batch", "server-time", "message-tags")
HISTORY_CAPS = ("draft/chathistory", *REPLAY_CAPS)


async def test_a_second_client_joining_gets_what_it_missed_in_a_batch(
    world: All, clients: Clients
) -> None:
    await world.site.person("Ivy")
    laptop = clients.keep(await raw_client(world.irc_port, "Ivy", caps=REPLAY_CAPS))
    web = await world.site.browser("Willow")
    await web.call("join", room="den", create=True)
    web_said = await web.call("say", room="den", text="before Ivy came")
    assert web_said["type"] == "ok"
    laptop.send("JOIN #den")
    await laptop.expect("JOIN", "#den")
    await laptop.expect("366")
    await web.call("say", room="den", text="hello Ivy")
    await web.call("say", room="den", text="how are you?", kind="pose")
    await laptop.expect("PRIVMSG", "#den", "\x01ACTION how are you?\x01")

    phone = clients.keep(await raw_client(world.irc_port, "Ivy", caps=REPLAY_CAPS))
    phone.send("JOIN #den")
    await phone.expect("366")
    start = await phone.expect("BATCH")
    reference = start.params[0][1:]
    assert start.params[1:] == ("chathistory", "#den")
    lines = await phone.inbox.until("BATCH", "-" + reference)
    said = [(x.nick, x.params[1]) for x in lines if x.command == "PRIVMSG"]
    assert said == [("Willow", "hello Ivy"), ("Willow", "\x01ACTION how are you?\x01")]
    for line in lines[:-1]:
        assert line.tags["batch"] == reference
        assert line.tags["time"].endswith("Z")
        assert "msgid" in line.tags


async def test_a_chathistory_client_asks_and_gets_the_same_lines(
    world: All, clients: Clients
) -> None:
    await world.site.person("Iris")
    first = clients.keep(await raw_client(world.irc_port, "Iris", caps=REPLAY_CAPS))
    web = await world.site.browser("Wren")
    await web.call("join", room="nook", create=True)
    first.send("JOIN #nook")
    await first.expect("366")
    await web.call("say", room="nook", text="not logged, still replayed")
    await first.expect("PRIVMSG", "#nook", "not logged, still replayed")

    asking = clients.keep(await raw_client(world.irc_port, "Iris", caps=HISTORY_CAPS))
    asking.send("JOIN #nook")
    await asking.expect("366")
    assert not [x for x in await asking.settled() if x.command in ("BATCH", "PRIVMSG")]
    asking.send("CHATHISTORY LATEST #nook * 10")
    start = await asking.expect("BATCH")
    assert start.params[1:] == ("chathistory", "#nook")
    lines = await asking.inbox.until("BATCH", "-" + start.params[0][1:])
    assert [x.params[1] for x in lines if x.command == "PRIVMSG"] == ["not logged, still replayed"]
