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
