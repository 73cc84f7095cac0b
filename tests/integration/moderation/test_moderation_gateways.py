"""Reports, mutes, suspensions and privacy through both gateways at once: browsers over the
WebSocket and IRC clients over TCP, in one world."""

from __future__ import annotations

import base64
import json

from boudoir.core.moderation import Actor
from boudoir.domain.entities import DirectMessagePolicy, Role
from boudoir.wire.irc import escape_tag_value

from ..irc.clients import RawClient, raw_client
from ..telnet.harness import serve_all
from .conftest import Both


async def test_a_report_from_a_browser_tells_a_genuine_line_from_a_forged_one(
    both: Both,
) -> None:
    site = both.site
    await site.person("Mallory")
    mallory = await raw_client(both.irc_port, "Mallory")
    try:
        bob = await site.browser("Bob")
        await bob.call("join", room="lobby", create=True)
        mallory.send("JOIN #lobby")
        await mallory.expect("JOIN", "#lobby")
        mallory.send("PRIVMSG #lobby :send 50 on venmo for a scene")
        heard = await bob.expect("message", **{"from": "Mallory"})
        assert heard["seal"]
        forged = {**heard, "text": "send 500 on venmo for a scene"}
        reply = await bob.call(
            "report", subject="Mallory", reason="money", evidence=[heard, forged]
        )
        assert reply["type"] == "ok"
        assert reply["genuine"] == [True, False]
        [item] = await site.world.moderation.queue(Actor.operator())
        assert item.id == reply["report"]
        assert item.evidence["reporter"] == "Bob"
    finally:
        await mallory.close()


async def test_an_irc_report_verifies_the_tagged_lines_it_attaches(both: Both) -> None:
    site = both.site
    await site.person("Ivy")
    ivy = await raw_client(both.irc_port, "Ivy", caps=["message-tags", "server-time"])
    try:
        mallory = await site.browser("Mallory")
        await mallory.call("join", room="lobby", create=True)
        ivy.send("JOIN #lobby")
        await ivy.expect("JOIN", "#lobby")
        await mallory.call("say", room="lobby", text="tribute first, then we talk")
        line = await ivy.expect("PRIVMSG", "#lobby", sender="Mallory")
        seal = line.tags["boudoir.chat/seal"]
        received = {
            "id": line.tags["msgid"],
            "at": line.tags["time"],
            "room": "#lobby",
            "from": "Mallory",
            "kind": "say",
            "text": line.params[1],
            "seal": seal,
        }
        evidence = escape_tag_value(json.dumps([received, {**received, "text": "edited"}]))
        ivy.send(f"@boudoir.chat/evidence={evidence} REPORT Mallory :asks for tribute")
        filed = await ivy.expect("NOTICE", "Ivy", sender="ModServ")
        assert "1 line(s) verified" in filed.params[1]
        ivy.send(f"REPORT Mallory {line.tags['msgid']} :again, ids only")
        again = await ivy.expect("NOTICE", "Ivy", sender="ModServ")
        assert "0 line(s) verified" in again.params[1]
        items = await site.world.moderation.queue(Actor.operator())
        assert [len(i.evidence["lines"]) for i in items] == [2, 1]  # type: ignore[arg-type]
    finally:
        await ivy.close()


async def test_a_mute_silences_one_room_only_on_both_gateways(both: Both) -> None:
    site = both.site
    await site.person("Ivy")
    ivy = await raw_client(both.irc_port, "Ivy")
    try:
        web = await site.browser("Willow")
        for room in ("lobby", "garden"):
            await web.call("join", room=room, create=True)
            ivy.send(f"JOIN #{room}")
            await ivy.expect("JOIN", f"#{room}")
        for name in ("Ivy", "Willow"):
            await site.world.moderation.act(Actor.operator(), "mute", name, "lobby", "cool off")
        ivy.send("PRIVMSG #lobby :can you hear me")
        await ivy.expect("404", "Ivy", "#lobby")
        refused = await web.call("say", room="lobby", text="hello?")
        assert (refused["type"], refused["code"]) == ("error", "muted")
        ivy.send("PRIVMSG #garden :over here")
        heard = await web.expect("message", **{"from": "Ivy"})
        assert (heard["room"], heard["text"]) == ("garden", "over here")
        assert (await web.call("say", room="garden", text="yes"))["type"] == "ok"
        await ivy.expect("PRIVMSG", "#garden", "yes", sender="Willow")
    finally:
        await ivy.close()


async def test_a_suspension_ends_sessions_on_both_gateways_and_refuses_login(
    both: Both,
) -> None:
    site = both.site
    await site.person("Mallory")
    irc = await raw_client(both.irc_port, "Mallory")
    try:
        web = await site.browser("Mallory")
        await site.world.moderation.act(Actor.operator(), "suspend", "Mallory", reason="abuse")
        await irc.wait_closed()
        assert await web.closed_with() is not None
        assert any("suspended" in line.raw for line in irc.inbox.since(0))
    finally:
        await irc.close()
    again = await RawClient.connect(both.irc_port, "Mallory")
    try:
        again.send("CAP LS 302", "NICK Mallory", "USER Mallory 0 * :Mallory")
        await again.expect("CAP", "*", "LS")
        again.send("CAP REQ :sasl")
        await again.expect("CAP", "*", "ACK")
        again.send("AUTHENTICATE PLAIN")
        await again.expect("AUTHENTICATE", "+")
        token = base64.b64encode(b"\0Mallory\0correct-horse-battery").decode()
        again.send(f"AUTHENTICATE {token}")
        await again.expect("904")
    finally:
        await again.close()


async def test_staff_receive_nothing_of_a_direct_conversation(both: Both) -> None:
    site = both.site
    await both.staff("Sage", Role.OPERATOR)
    await site.person("Ivy")
    ivy = await raw_client(both.irc_port, "Ivy")
    try:
        sage = await site.browser("Sage")
        await site.person("Willow", dm_policy=DirectMessagePolicy.ANYONE)
        willow = await site.browser("Willow")
        ivy.send("PRIVMSG Willow :just between us")
        got = await willow.expect_any("request", "direct")
        assert got["text"] == "just between us"
        await sage.call("ping")
        assert not any(m.get("text") == "just between us" for m in sage.received)
        assert await site.world.moderation.queue(Actor.operator()) == []
    finally:
        await ivy.close()


async def test_bystanders_see_a_suspended_person_leave_as_if_their_connection_dropped() -> None:
    async with serve_all() as everything:
        site = everything.site
        await site.person("Mallory")
        await site.person("Ivy")
        mallory = await raw_client(everything.irc_port, "Mallory")
        ivy = await raw_client(everything.irc_port, "Ivy")
        tess = await everything.telnet("Tess")
        try:
            web = await site.browser("Willow")
            await web.call("join", room="lobby")
            for client in (mallory, ivy):
                client.send("JOIN #lobby")
                await client.expect("JOIN", "#lobby")
            await tess.expect("Mallory has arrived.")
            await site.world.moderation.act(
                Actor.operator(), "suspend", "Mallory", reason="selling photos"
            )
            await mallory.wait_closed()
            # Mallory is told why; nobody else is.
            assert any("selling photos" in line.raw for line in mallory.inbox.since(0))
            quit = await ivy.expect("QUIT", sender="Mallory")
            assert quit.params == ("Connection closed",)
            left = await web.expect("left", name="Mallory")
            assert left["reason"] == "Connection closed"
            await tess.expect("Mallory has disconnected.")
            await tess.command("look", "lobby (")
            assert "selling photos" not in tess.seen
            assert not any("selling photos" in m.get("reason", "") for m in web.received)
            assert not any("selling photos" in line.raw for line in ivy.inbox.since(0))
        finally:
            await mallory.close()
            await ivy.close()
            await tess.close()
