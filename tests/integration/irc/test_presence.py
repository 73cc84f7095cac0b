"""Presence seen from IRC across gateways: WHOWAS remembers characters that left from the
web and telnet too, and MONITOR reports who comes and goes; both as presence rules allow."""

from __future__ import annotations

from boudoir.domain.entities import PresenceVisibility

from ..telnet.harness import All
from .clients import RawClient, raw_client


async def _in_lobby(world: All, name: str) -> RawClient:
    """``name`` registered, on IRC and in #lobby."""
    await world.site.person(name)
    client = await raw_client(world.irc_port, name)
    client.send("JOIN #lobby")
    await client.expect("366", name, "#lobby")
    return client


async def test_whowas_remembers_characters_who_left_from_the_web_and_telnet(world: All) -> None:
    kai = await _in_lobby(world, "Kai")
    web = await world.site.browser("Willow")
    tess = await world.telnet("Tess")
    try:
        await web.call("join", room="lobby")
        await kai.expect("JOIN", "#lobby", sender="Willow")
        await web.socket.close()
        await kai.expect("QUIT", sender="Willow")
        tess.send("QUIT")
        await kai.expect("QUIT", sender="Tess")

        kai.send("WHOWAS Willow")
        await kai.expect("314", "Kai", "Willow", "rp", "cloaked")  # RPL_WHOWASUSER
        await kai.expect("369", "Kai", "Willow")
        kai.send("WHOWAS tess")
        await kai.expect("314", "Kai", "Tess")
    finally:
        await kai.close()
        await tess.close()


async def test_whowas_never_shows_a_departure_across_a_block_or_hidden_presence(
    world: All,
) -> None:
    site = world.site
    await site.person("Hana", presence_visibility=PresenceVisibility.NOBODY)
    ivy = await _in_lobby(world, "Ivy")
    kai = await _in_lobby(world, "Kai")
    bo = await world.telnet("Bo")
    cy = await site.browser("Cy")
    hana = await site.browser("Hana")
    try:
        await bo.command("block Ivy", "You block Ivy")  # blocks the asker, by telnet
        ivy.send("PRIVMSG NickServ :BLOCK Cy")  # blocked by the asker, on the web
        await ivy.expect("NOTICE", "Ivy", sender="NickServ")
        await cy.call("join", room="lobby")
        await hana.call("join", room="lobby")
        await kai.expect("JOIN", "#lobby", sender="Hana")
        bo.send("QUIT")
        await cy.socket.close()
        await hana.socket.close()
        for name in ("Bo", "Cy", "Hana"):
            await kai.expect("QUIT", sender=name)

        for name in ("Bo", "Cy", "Hana"):
            ivy.send(f"WHOWAS {name}")
            await ivy.expect("406", "Ivy", name)  # ERR_WASNOSUCHNICK
        kai.send("WHOWAS Bo")
        await kai.expect("314", "Kai", "Bo")
        kai.send("WHOWAS Cy")
        await kai.expect("314", "Kai", "Cy")
        kai.send("WHOWAS Hana")
        await kai.expect("406", "Kai", "Hana")
    finally:
        await ivy.close()
        await kai.close()
        await bo.close()


async def test_monitor_is_advertised_and_reports_arrivals_and_departures_from_every_gateway(
    world: All,
) -> None:
    await world.site.person("Kai")
    kai = await raw_client(world.irc_port, "Kai")
    web = await world.site.browser("Willow")
    await world.site.person("Tess")
    try:
        assert any("MONITOR=100" in line.params for line in kai.inbox.seen("005"))
        kai.send("MONITOR + Willow,Tess,Nosuch")
        await kai.expect("730", "Kai", "Willow!rp@cloaked")  # RPL_MONONLINE
        await kai.expect("731", "Kai", "Tess,Nosuch")  # RPL_MONOFFLINE

        tess = await world.telnet("Tess")
        await kai.expect("730", "Kai", "Tess!rp@cloaked")
        tess.send("QUIT")
        await kai.expect("731", "Kai", "Tess")
        await tess.close()
        await web.socket.close()
        await kai.expect("731", "Kai", "Willow")

        kai.send("MONITOR - Nosuch")
        kai.send("MONITOR L")
        assert (await kai.expect("732", "Kai")).params[1] == "Willow,Tess"  # RPL_MONLIST
        await kai.expect("733", "Kai")  # RPL_ENDOFMONLIST
        kai.send("MONITOR S")
        await kai.expect("731", "Kai", "Willow,Tess")
        kai.send("MONITOR C", "MONITOR L")
        assert [line.command for line in await kai.inbox.until("733", "Kai")] == ["733"]

        kai.send("MONITOR + " + ",".join(f"m{i}" for i in range(100)))
        await kai.expect("731", "Kai")
        kai.send("MONITOR + Extra,More")
        full = await kai.expect("734", "Kai")  # ERR_MONLISTFULL
        assert full.params[1:3] == ("100", "Extra,More")
    finally:
        await kai.close()


async def test_monitor_never_shows_a_blocked_or_hidden_person_online_nor_their_comings(
    world: All,
) -> None:
    site = world.site
    await site.person("Kai")
    await site.person("Hana", presence_visibility=PresenceVisibility.NOBODY)
    kai = await raw_client(world.irc_port, "Kai")
    bo = await world.telnet("Bo")
    cy = await site.browser("Cy")
    hana = await site.browser("Hana")
    try:
        await bo.command("block Kai", "You block Kai")  # blocks the watcher, by telnet
        kai.send("PRIVMSG NickServ :BLOCK Cy")  # blocked by the watcher, on the web
        await kai.expect("NOTICE", "Kai", sender="NickServ")
        kai.send("MONITOR + Bo,Cy,Hana")
        await kai.expect("731", "Kai", "Bo,Cy,Hana")

        bo.send("QUIT")
        assert await bo.closed()
        await bo.close()
        await cy.socket.close()
        await hana.socket.close()
        bo = await world.telnet("Bo")
        cy = await site.browser("Cy")
        hana = await site.browser("Hana")
        kai.send("MONITOR S")
        await kai.expect("731", "Kai", "Bo,Cy,Hana")
        await kai.settled()
        reported = [line.params for line in kai.inbox.lines if line.command in ("730", "731")]
        assert reported == [("Kai", "Bo,Cy,Hana"), ("Kai", "Bo,Cy,Hana")]
    finally:
        await kai.close()
        await bo.close()
        await cy.socket.close()
        await hana.socket.close()


async def test_monitor_reads_a_later_block_or_hiding_as_going_offline(world: All) -> None:
    site = world.site
    await site.person("Kai")
    kai = await raw_client(world.irc_port, "Kai")
    dee = await site.browser("Dee")
    eli = await world.telnet("Eli")
    try:
        kai.send("MONITOR + Dee,Eli")
        await kai.expect("730", "Kai", "Dee!rp@cloaked,Eli!rp@cloaked")

        await eli.command("block Kai", "You block Kai")
        await kai.expect("731", "Kai", "Eli")
        dee_account = await site.world.accounts.find("Dee")
        await site.world.accounts.update_settings(
            dee_account.id, presence_visibility=PresenceVisibility.NOBODY
        )
        await kai.expect("731", "Kai", "Dee")
    finally:
        await kai.close()
        await eli.close()
        await dee.socket.close()
