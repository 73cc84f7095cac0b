"""Logging by consent through both gateways: a browser member and an IRC member."""

from __future__ import annotations

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import Browser
from .conftest import Both

HISTORY_CAPS = ("draft/chathistory", "batch", "server-time", "message-tags")


async def den(both: Both) -> tuple[Browser, RawClient]:
    """Willow in a browser and Ivy on IRC, both in #den."""
    await both.site.person("Ivy")
    irc = await raw_client(both.irc_port, "Ivy", caps=HISTORY_CAPS)
    web = await both.site.browser("Willow")
    await web.call("join", room="den", create=True)
    irc.send("JOIN #den")
    await irc.expect("JOIN", "#den")
    await web.expect("joined", name="Ivy")
    return web, irc


async def start_logging(web: Browser, irc: RawClient) -> None:
    reply = await web.call("log_propose", room="den")
    assert reply["type"] == "ok"
    assert reply["logging"]["missing"] == ["Ivy"]
    assert not reply["logging"]["on"]
    await irc.expect("NOTICE", "#den", sender="LogServ")
    irc.send("LOG YES #den")
    on = await web.expect("log_state", on=True)
    assert (on["change"], on["agreed"], on["missing"]) == ("started", ["Ivy", "Willow"], [])
    topic = await irc.expect("TOPIC", "#den")
    assert topic.params[1].startswith("[logged]")


async def test_a_unanimous_yes_turns_logging_on_and_an_arrival_stops_it(both: Both) -> None:
    web, irc = await den(both)
    try:
        await start_logging(web, irc)
        irc.send("TOPIC #den")
        assert (await irc.expect("332", "Ivy", "#den")).params[2] == "[logged]"
        await both.site.person("Newt")
        newcomer = await both.site.browser("Newt")
        joined = await newcomer.call("join", room="den")
        assert joined["room"]["logging"]["on"] is False
        stopped = await web.expect("log_state", on=False)
        assert stopped["change"] == "stopped_arrival"
        notice = await irc.expect("NOTICE", "#den", sender="LogServ")
        assert "someone new arrived" in notice.params[1]
        assert (await irc.expect("TOPIC", "#den")).params[1] == ""
        assert not both.site.world.logs.is_on(
            both.site.world.registry.rooms[next(iter(both.site.world.registry.rooms))].room.id
        )
    finally:
        await irc.close()


async def test_chathistory_serves_the_logged_lines_and_the_replay_each_once(both: Both) -> None:
    # Logged lines are on disk; the others come from the replay in memory (what reached Ivy
    # while in the room): a line in both is served once, with its one msgid.
    web, irc = await den(both)
    outsider = None
    try:
        await web.call("say", room="den", text="before the log")
        await irc.expect("PRIVMSG", "#den", "before the log")
        await start_logging(web, irc)
        await web.call("say", room="den", text="logged from the browser")
        irc.send("PRIVMSG #den :logged from IRC")
        await web.expect("message", text="logged from IRC")
        irc.send("LOG WITHDRAW #den")
        await web.expect("log_state", change="stopped_withdrawal")
        await web.call("say", room="den", text="after the log")

        irc.send("CHATHISTORY LATEST #den * 50")
        start = await irc.expect("BATCH")
        assert start.params[1:] == ("chathistory", "#den")
        lines = await irc.inbox.until("BATCH", "-" + start.params[0][1:])
        said = [(x.nick, x.params[1]) for x in lines if x.command == "PRIVMSG"]
        assert said == [
            ("Willow", "before the log"),
            ("Willow", "logged from the browser"),
            ("Ivy", "logged from IRC"),
            ("Willow", "after the log"),
        ]
        assert all("time" in x.tags and "msgid" in x.tags for x in lines if x.command == "PRIVMSG")

        first = next(x for x in lines if x.command == "PRIVMSG")
        irc.send(f"CHATHISTORY AFTER #den msgid={first.tags['msgid']} 10")
        opened = await irc.expect("BATCH")
        after = await irc.inbox.until("BATCH", "-" + opened.params[0][1:])
        assert [x.params[1] for x in after if x.command == "PRIVMSG"] == [
            "logged from the browser",
            "logged from IRC",
            "after the log",
        ]

        # Someone who was not there gets an empty batch, whatever they ask.
        await both.site.person("Otto")
        outsider = await raw_client(both.irc_port, "Otto", caps=HISTORY_CAPS)
        outsider.send("CHATHISTORY LATEST #den * 50")
        opened = await outsider.expect("BATCH")
        nothing = await outsider.inbox.until("BATCH", "-" + opened.params[0][1:])
        assert [x for x in nothing if x.command == "PRIVMSG"] == []

        world = both.site.world
        willow = await world.store.accounts.find_by_name("Willow")
        assert willow is not None
        exported = await world.accounts.export(willow.id)
        texts = [line["text"] for log in exported["logs"] for line in log["lines"]]
        assert texts == ["logged from the browser", "logged from IRC"]

        ivy = await world.store.accounts.find_by_name("Ivy")
        assert ivy is not None
        await world.accounts.erase(ivy.id)
        exported = await world.accounts.export(willow.id)
        texts = [line["text"] for log in exported["logs"] for line in log["lines"]]
        assert texts == ["logged from the browser"]
    finally:
        await irc.close()
        if outsider is not None:
            await outsider.close()


async def test_rolls_are_logged_and_read_back_as_the_servers_lines(both: Both) -> None:
    # A roll is part of the conversation: kept by the log while it is on, served by
    # CHATHISTORY (from the log, and from the replay outside it) as the server's NOTICE, and
    # sent to a second browser tab in its replay, never as anyone's speech.
    web, irc = await den(both)
    try:
        await web.call("roll", room="den", dice="d6")
        before = await irc.expect(
            "NOTICE",
            "#den",
        )
        await start_logging(web, irc)
        irc.send("ROLL #den 2d8+1")
        logged = await web.expect("roll", **{"from": "Ivy"})
        irc.send("LOG WITHDRAW #den")
        await web.expect("log_state", change="stopped_withdrawal")

        world = both.site.world
        await world.logs.flush()  # nobody waits for a roll's line: the writer takes it in a second
        willow = await world.store.accounts.find_by_name("Willow")
        assert willow is not None
        exported = await world.accounts.export(willow.id)
        kept = [(line["kind"], line["text"]) for log in exported["logs"] for line in log["lines"]]
        rolls = " + ".join(str(roll) for roll in logged["rolls"])
        assert kept == [("roll", f"2d8+1: {rolls} + 1 = {logged['total']}")]

        irc.send("CHATHISTORY LATEST #den * 50")
        start = await irc.expect("BATCH")
        lines = await irc.inbox.until("BATCH", "-" + start.params[0][1:])
        notices = [x for x in lines if x.command == "NOTICE"]
        assert [x.params[1] for x in notices] == [
            before.params[1],
            f"[dice] Ivy rolls \x022d8+1: {rolls} + 1 = {logged['total']}\x02",
        ]
        assert {x.source for x in notices} == {"boudoir.local"}
        assert notices[1].tags["msgid"] == logged["id"]

        tab = await both.site.browser("Willow")
        await tab.call("join", room="den")
        replay = next(m for m in tab.received if m["type"] == "replay" and m["room"] == "den")
        assert [(line["type"], line["from"], line["total"]) for line in replay["lines"]] == [
            ("roll", "Willow", int(before.params[1].rsplit(" ", 1)[1].strip("\x02"))),
            ("roll", "Ivy", logged["total"]),
        ]
    finally:
        await irc.close()
