"""Three real nodes, three gateways: a browser on node a, an IRC client on node b and a MU*
client on node c meet as if they shared one process. They share a room; a stranger's direct
message waits as a message request until accepted; a block holds on every node; a scene ends
for everyone at a safeword; a node killed with -9 takes its people out of every presence list.

Replication takes a round trip through Redis: each test waits for something visible (someone's
arrival shown on the other node) before it expects a line to cross, never for a time."""

from __future__ import annotations

import signal

import pytest

from ..irc.clients import RawClient, raw_client
from ..irc.harness import PASSWORD
from ..telnet.harness import TelnetPerson
from ..web_socket.harness import Browser
from .harness import (
    NODE_TIMEOUT,
    Cluster,
    browser,
    close,
    irc_names,
    open_to_anyone,
    port,
    register,
    until_listed,
    until_listed_in,
    until_named,
    until_online,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

NEUTRAL = "They are not accepting that from you right now."


async def test_a_browser_an_irc_client_and_a_mu_client_on_three_nodes_share_a_room(
    nodes: Cluster,
) -> None:
    a, b, c = nodes.start("a", "b", "c")
    register(a, "Willow", "Ivy", "Tess")
    tess = await TelnetPerson.log_in(port(c, "telnet"), "Tess", PASSWORD)  # in the lobby
    web: Browser | None = None
    irc: RawClient | None = None
    try:
        web = await browser(a, "Willow")
        await until_listed_in(web, "lobby", "Tess")
        assert (await web.call("join", room="lobby", create=True))["type"] == "ok"
        await tess.expect("Willow has arrived.")
        irc = await raw_client(port(b, "irc"), "Ivy")
        await until_named(irc, "#lobby", "Willow", "Tess")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby", sender="Ivy")
        await web.expect("joined", room="lobby", name="Ivy")
        await tess.expect("Ivy has arrived.")
        names = await irc_names(irc, "#lobby")
        assert names == {"Willow", "Ivy", "Tess"}

        assert (await web.call("say", room="lobby", text="hello from a"))["type"] == "ok"
        await irc.expect("PRIVMSG", "#lobby", "hello from a", sender="Willow")
        await tess.expect('Willow says, "hello from a"')
        irc.send("PRIVMSG #lobby :hello from b")
        await web.expect("message", room="lobby", text="hello from b", **{"from": "Ivy"})
        await tess.expect('Ivy says, "hello from b"')
        tess.send('"hello from c')
        await web.expect("message", room="lobby", text="hello from c", **{"from": "Tess"})
        await irc.expect("PRIVMSG", "#lobby", "hello from c", sender="Tess")

        # Tess blocks Willow: on node a Willow sees her go, as if she had left.
        await tess.command("block Willow", "You block Willow")
        left = await web.expect("left", room="lobby", name="Tess")
        assert "block" not in str(left)
        assert (await web.call("say", room="lobby", text="still here?"))["type"] == "ok"
        await irc.expect("PRIVMSG", "#lobby", "still here?", sender="Willow")
        irc.send("PRIVMSG #lobby :after the block")
        heard = await tess.expect('Ivy says, "after the block"')
        assert "still here?" not in heard
        refused = await web.call("direct", to="Tess", text="are you there?")
        assert (refused["type"], refused["message"]) == ("error", NEUTRAL)
        tess.send('"only Ivy hears this')
        await irc.expect("PRIVMSG", "#lobby", "only Ivy hears this", sender="Tess")
        people = await web.call("members", room="lobby")
        assert sorted(m["name"] for m in people["members"]) == ["Ivy", "Willow"]
        assert not [m for m in web.received if m.get("text") == "only Ivy hears this"]
    finally:
        await close(web, irc, tess)


async def test_a_direct_message_from_another_node_waits_as_a_request_until_accepted(
    nodes: Cluster,
) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Willow", "Ivy")
    open_to_anyone(a, "Ivy")
    irc = await raw_client(port(b, "irc"), "Ivy")
    web: Browser | None = None
    try:
        web = await browser(a, "Willow")
        # Each node's picture of the other's person.
        await until_online(irc, "Willow")
        await until_listed(web, "Ivy")

        sent = await web.call("direct", to="Ivy", text="I loved your story.")
        assert sent["type"] == "ok", sent
        told = [(await irc.expect("NOTICE", "Ivy", sender="NickServ")).params[1]]
        while "I loved your story." not in told[-1]:
            told.append((await irc.expect("NOTICE", "Ivy", sender="NickServ")).params[1])
        assert told[0].startswith("Willow would like to message you")
        assert not irc.inbox.seen("PRIVMSG", "Ivy")
        assert (await web.call("direct", to="Ivy", text="Tea later?"))["type"] == "ok"

        irc.send("PRIVMSG NickServ :ACCEPT Willow")
        await irc.expect("PRIVMSG", "Ivy", "I loved your story.", sender="Willow")
        await irc.expect("PRIVMSG", "Ivy", "Tea later?", sender="Willow")
        irc.send("PRIVMSG Willow :Gladly.")
        await web.expect("direct", text="Gladly.", **{"from": "Ivy"})
        assert not [m for m in web.received if m["type"] == "request_answered"]  # hers only
        assert (await web.call("direct", to="Ivy", text="At nine."))["type"] == "ok"
        await irc.expect("PRIVMSG", "Ivy", "At nine.", sender="Willow")
        irc.send("PRIVMSG NickServ :REQUESTS")
        await irc.expect("NOTICE", "Ivy", "No message requests are waiting.")
    finally:
        await close(web, irc)


async def test_a_safeword_on_one_node_ends_the_scene_on_the_other(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Willow", "Ivy", "Tess")
    open_to_anyone(a, "Ivy")
    irc = await raw_client(port(b, "irc"), "Ivy")
    web: Browser | None = None
    tess: TelnetPerson | None = None
    try:
        web = await browser(a, "Willow")
        tess = await TelnetPerson.log_in(port(a, "telnet"), "Tess", PASSWORD)  # node a
        await until_online(irc, "Tess")  # node b knows of both
        await until_listed(web, "Ivy")

        sent = await web.call("scene_invite", to="Ivy", rating="general", tags=["tea"])
        assert sent["type"] == "ok", sent
        invited = await irc.expect("NOTICE", "Ivy", sender="SceneServ")
        assert "Willow invites you to a scene" in invited.params[1]
        irc.send(f"SCENE ACCEPT {sent['invitation']}")
        joined = await irc.expect("JOIN", sender="Ivy")
        scene = joined.params[0]
        started = await web.expect("scene_started")
        assert started["scene"] == scene[1:]
        assert sorted(m["name"] for m in started["members"]) == ["Ivy", "Willow"]

        irc.send(f"PRIVMSG {scene} :hello from node b")
        await web.expect("message", room=scene[1:], text="hello from node b")
        assert (await web.call("say", room=scene[1:], text="and a"))["type"] == "ok"
        await irc.expect("PRIVMSG", scene, "and a", sender="Willow")

        irc.send("SAFEWORD BLOCK ALL")
        ended = await web.expect("scene_ended", scene=scene[1:])
        assert ended["reason"] == "safeword"
        assert "Ivy" not in ended["text"]
        await irc.expect("PART", scene, sender="Ivy")
        refused = await web.call("say", room=scene[1:], text="still there?")
        assert refused["type"] == "error"
        # Node a has applied the block once it shows Tess what Ivy did after it.
        irc.send("JOIN #lobby")
        await tess.expect("Ivy has arrived.")
        again = await web.call("scene_invite", to="Ivy", rating="general")
        assert (again["type"], again["message"]) == ("error", NEUTRAL)
        assert (await web.call("direct", to="Ivy", text="sorry?"))["message"] == NEUTRAL
    finally:
        await close(web, irc, tess)


async def test_a_node_killed_with_9_leaves_every_presence_list(nodes: Cluster) -> None:
    a, b, c = nodes.start("a", "b", "c")
    register(a, "Willow", "Ivy", "Tess")
    tess = await TelnetPerson.log_in(port(c, "telnet"), "Tess", PASSWORD)  # in the lobby
    web: Browser | None = None
    irc: RawClient | None = None
    try:
        web = await browser(a, "Willow")
        await until_listed_in(web, "lobby", "Tess")
        await web.call("join", room="lobby", create=True)
        await tess.expect("Willow has arrived.")
        irc = await raw_client(port(b, "irc"), "Ivy")
        await until_named(irc, "#lobby", "Willow", "Tess")
        irc.send("JOIN #lobby")
        await web.expect("joined", room="lobby", name="Ivy")
        assert "Tess" in {p["name"] for p in (await web.call("who"))["people"]}

        c.stop(signal.SIGKILL)  # a crash: no goodbye
        within = NODE_TIMEOUT + 5
        quit_ = await irc.expect("QUIT", sender="Tess", within=within)
        assert quit_.params[0] == "Connection closed"
        left = await web.expect("left", room="lobby", name="Tess")
        assert (left["quit"], left["reason"]) == (True, "Connection closed")

        assert "Tess" not in {p["name"] for p in (await web.call("who"))["people"]}
        members = await web.call("members", room="lobby")
        assert sorted(m["name"] for m in members["members"]) == ["Ivy", "Willow"]
        assert await irc_names(irc, "#lobby") == {"Willow", "Ivy"}
        irc.send("WHOIS Tess")
        await irc.expect("401", "Ivy", "Tess")
        # The two nodes left still talk.
        irc.send("PRIVMSG #lobby :still here")
        await web.expect("message", room="lobby", text="still here")
    finally:
        await close(web, irc, tess)
