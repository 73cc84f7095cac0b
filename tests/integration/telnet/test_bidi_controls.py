"""Bidi controls in what people write reach every gateway balanced: a right-to-left override
left open would reorder whatever a client shows after the text ("Trojan Source")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import Browser
from .harness import All, TelnetPerson

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@asynccontextmanager
async def in_den(
    everything: All, *, owner: str
) -> AsyncIterator[tuple[Browser, RawClient, TelnetPerson]]:
    """Willow (web), Ivy (IRC) and Tess (telnet) in the room den, which ``owner`` ("web" or
    "irc") makes, so that it may set its topic."""
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        if owner == "web":
            await web.call("join", room="den", create=True)
        irc.send("JOIN #den")
        await irc.expect("366", "Ivy", "#den")
        if owner == "irc":
            await web.call("join", room="den")
        await tess.command("jump den", "den")
        yield web, irc, tess
    finally:
        await irc.close()
        await tess.close()


async def test_a_browser_message_and_topic_reach_irc_and_telnet_balanced(
    world_of_three: All,
) -> None:
    async with in_den(world_of_three, owner="web") as (web, irc, tess):
        await web.call("say", room="den", text=f"invoice{RLO}fdp.exe")
        await irc.expect("PRIVMSG", "#den", f"invoice{RLO}fdp.exe{PDF}", sender="Willow")
        await tess.expect('Willow says, "invoicefdp.exe"')  # a terminal gets none at all
        await web.call("topic", room="den", topic=f"{RLI}tonight{PDI}{PDI} at nine")
        await irc.expect("TOPIC", "#den", f"{RLI}tonight{PDI} at nine", sender="Willow")
        await tess.expect("tonight at nine")


async def test_irc_and_telnet_speech_and_an_irc_topic_reach_the_browser_balanced(
    world_of_three: All,
) -> None:
    async with in_den(world_of_three, owner="irc") as (web, irc, tess):
        irc.send(f"PRIVMSG #den :{PDF}pay {RLO}gnp.exe")
        heard = await web.expect("message", **{"from": "Ivy"})
        assert heard["text"] == f"pay {RLO}gnp.exe{PDF}"
        irc.send(f"TOPIC #den :{RLO}closed")
        changed = await web.expect("topic", room="den")
        assert changed["topic"] == f"{RLO}closed{PDF}"
        tess.send(f'"hello {RLI}there')
        heard = await web.expect("message", **{"from": "Tess"})
        assert heard["text"] == f"hello {RLI}there{PDI}"
