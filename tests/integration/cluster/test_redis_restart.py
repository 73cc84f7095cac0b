"""Redis restarted in the middle of a conversation between two real nodes: each node tells its
own people the others are unreachable, they keep talking with everyone on their own node, and
once Redis is back the nodes find each other again and the conversation crosses once more; and
what changed on one side meanwhile (a safeword, someone leaving a room) is caught up by the
other, each person told once.

The Redis is the test's own (``OwnRedis``), never the machine's."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..irc.clients import RawClient, raw_client
from ..irc.harness import PASSWORD
from ..server import Servers
from ..telnet.harness import TelnetPerson
from ..web_socket.harness import Browser
from .conftest import OwnRedis
from .harness import (
    Cluster,
    browser,
    close,
    open_to_anyone,
    port,
    register,
    until_listed,
    until_named,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

UNREACHABLE = "The other nodes of this server are unreachable for now"
REACHABLE = "The other nodes of this server are reachable again."


async def test_redis_restarted_mid_conversation(
    postgres_database: str,
    own_redis: OwnRedis,
    cluster_name: str,
    servers: Servers,  # after the database and Redis: the nodes stop before they go
    tmp_path: Path,
) -> None:
    own_redis.start()
    cluster = Cluster(servers, tmp_path, postgres_database, own_redis.url, cluster_name)
    a, b = cluster.start("a", "b")
    register(a, "Willow", "Ivy", "Tess")
    tess = await TelnetPerson.log_in(port(a, "telnet"), "Tess", PASSWORD)  # node a, the lobby
    web: Browser | None = None
    irc: RawClient | None = None
    try:
        web = await browser(a, "Willow")
        await web.call("join", room="lobby", create=True)
        await tess.expect("Willow has arrived.")
        irc = await raw_client(port(b, "irc"), "Ivy")
        await until_named(irc, "#lobby", "Willow", "Tess")
        irc.send("JOIN #lobby")
        await web.expect("joined", room="lobby", name="Ivy")
        await tess.expect("Ivy has arrived.")
        assert (await web.call("say", room="lobby", text="before"))["type"] == "ok"
        await irc.expect("PRIVMSG", "#lobby", "before", sender="Willow")
        await tess.expect('Willow says, "before"')

        own_redis.stop()
        await irc_notice(irc, UNREACHABLE)
        await browser_notice(web, UNREACHABLE)
        await tess.expect(UNREACHABLE)

        # People on one node keep talking.
        assert (await web.call("say", room="lobby", text="while away"))["type"] == "ok"
        await tess.expect('Willow says, "while away"')
        tess.send('"me too')
        await web.expect("message", room="lobby", text="me too", **{"from": "Tess"})
        irc.send("PRIVMSG #lobby :anyone?")
        await irc.settled()

        own_redis.start()
        await irc_notice(irc, REACHABLE)
        await browser_notice(web, REACHABLE)
        heard = await tess.expect(REACHABLE)

        # Nothing said meanwhile crosses late; everything said now crosses.
        assert (await web.call("say", room="lobby", text="back again"))["type"] == "ok"
        await irc.expect("PRIVMSG", "#lobby", "back again", sender="Willow")
        irc.send("PRIVMSG #lobby :welcome back")
        await web.expect("message", room="lobby", text="welcome back", **{"from": "Ivy"})
        heard += await tess.expect('Ivy says, "welcome back"')
        assert not irc.inbox.seen("PRIVMSG", "#lobby", "while away")
        assert not irc.inbox.seen("PRIVMSG", "#lobby", "me too")
        assert not [m for m in web.received if m.get("text") == "anyone?"]
        assert "anyone?" not in heard
        assert not [m for m in web.received if m["type"] == "left"], "nobody left"
        assert not irc.inbox.seen("QUIT")
        assert not irc.inbox.seen("PART")
        # Both pictures are whole again: each node still lists the other's people.
        members = await web.call("members", room="lobby")
        assert sorted(m["name"] for m in members["members"]) == ["Ivy", "Tess", "Willow"]
    finally:
        await close(web, irc, tess)


async def test_what_changed_during_a_redis_restart_is_caught_up_once(
    postgres_database: str,
    own_redis: OwnRedis,
    cluster_name: str,
    servers: Servers,
    tmp_path: Path,
) -> None:
    """While Redis is down, Willow (node a) calls the safeword in her scene with Ivy (node b),
    and Ivy leaves the lobby. Once Redis is back the scene is over on node b too, and node a
    shows Ivy leaving the lobby: each told once."""
    own_redis.start()
    cluster = Cluster(servers, tmp_path, postgres_database, own_redis.url, cluster_name)
    a, b = cluster.start("a", "b")
    register(a, "Willow", "Ivy", "Tess")
    open_to_anyone(a, "Ivy")
    tess = await TelnetPerson.log_in(port(a, "telnet"), "Tess", PASSWORD)  # node a, the lobby
    web: Browser | None = None
    irc: RawClient | None = None
    try:
        web = await browser(a, "Willow")
        await web.call("join", room="lobby", create=True)
        irc = await raw_client(port(b, "irc"), "Ivy")
        await until_named(irc, "#lobby", "Willow", "Tess")
        await until_listed(web, "Ivy")
        irc.send("JOIN #lobby")
        await web.expect("joined", room="lobby", name="Ivy")
        await tess.expect("Ivy has arrived.")
        sent = await web.call("scene_invite", to="Ivy", rating="general")
        assert sent["type"] == "ok", sent
        await irc.expect("NOTICE", "Ivy", sender="SceneServ")
        irc.send(f"SCENE ACCEPT {sent['invitation']}")
        scene = (await irc.expect("JOIN", sender="Ivy")).params[0]
        await web.expect("scene_started")

        own_redis.stop()
        await irc_notice(irc, UNREACHABLE)
        await browser_notice(web, UNREACHABLE)
        await tess.expect(UNREACHABLE)
        assert (await web.call("safeword"))["type"] == "ok"  # told before the reply
        assert [m["scene"] for m in web.received if m["type"] == "scene_ended"] == [scene[1:]]
        irc.send("PART #lobby")
        await irc.expect("PART", "#lobby", sender="Ivy")
        await irc.settled()
        assert not irc.inbox.seen("PART", scene)  # node b could not be told

        own_redis.start()
        await irc_notice(irc, REACHABLE)
        await browser_notice(web, REACHABLE)
        await tess.expect(REACHABLE)
        await irc.expect("PART", scene, sender="Ivy")  # ended on node b too
        await web.expect("left", room="lobby", name="Ivy")
        await tess.expect("Ivy has left.")

        # Ivy comes back to the lobby: everything node b said before has reached node a.
        irc.send("JOIN #lobby")
        await web.expect("joined", room="lobby", name="Ivy")
        heard = await tess.expect("Ivy has arrived.")
        irc.send(f"PRIVMSG {scene} :still there?")
        await irc.expect("404", "Ivy", scene)  # not in it any more
        assert len(irc.inbox.seen("PART", scene)) == 1
        left = [m for m in web.received if m["type"] == "left" and m.get("name") == "Ivy"]
        assert len(left) == 1
        assert len([m for m in web.received if m["type"] == "scene_ended"]) == 1
        assert "Ivy has left." not in heard  # told once, before
        members = await web.call("members", room="lobby")
        assert sorted(m["name"] for m in members["members"]) == ["Ivy", "Tess", "Willow"]
    finally:
        await close(web, irc, tess)


async def irc_notice(irc: RawClient, text: str) -> None:
    """The next notice to ``irc`` that begins with ``text`` (within a reconnection's time)."""
    while not (await irc.expect("NOTICE", irc.name, within=15)).params[1].startswith(text):
        pass


async def browser_notice(web: Browser, text: str) -> None:
    while not (await web.expect("notice"))["text"].startswith(text):
        pass
