"""Bidi controls in what people write reach every gateway balanced: a right-to-left override
left open would reorder whatever a client shows after the text ("Trojan Source")."""

from __future__ import annotations

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import Browser
from .harness import All, TelnetPerson

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


async def in_den(web: Browser, irc: RawClient, tess: TelnetPerson, *, owner: str) -> None:
    """All three in the room den, which ``owner`` ("web" or "irc") makes, to set its topic."""
    if owner == "web":
        await web.call("join", room="den", create=True)
    irc.send("JOIN #den")
    await irc.expect("366", "Ivy", "#den")
    if owner == "irc":
        await web.call("join", room="den")
    await tess.command("jump den", "den")


async def test_a_browser_message_and_topic_reach_irc_and_telnet_balanced(
    world_of_three: All,
) -> None:
    await world_of_three.site.person("Ivy")
    irc = await raw_client(world_of_three.irc_port, "Ivy")
    web = await world_of_three.site.browser("Willow")
    tess = await world_of_three.telnet("Tess")
    try:
        await in_den(web, irc, tess, owner="web")
        await web.call("say", room="den", text=f"invoice{RLO}fdp.exe")
        await irc.expect("PRIVMSG", "#den", f"invoice{RLO}fdp.exe{PDF}", sender="Willow")
        await tess.expect('Willow says, "invoicefdp.exe"')  # a terminal gets none at all
        await web.call("topic", room="den", topic=f"{RLI}tonight{PDI}{PDI} at nine")
        await irc.expect("TOPIC", "#den", f"{RLI}tonight{PDI} at nine", sender="Willow")
        await tess.expect("tonight at nine")
    finally:
        await irc.close()
        await tess.close()


async def test_irc_and_telnet_speech_and_an_irc_topic_reach_the_browser_balanced(
    world_of_three: All,
) -> None:
    await world_of_three.site.person("Ivy")
    irc = await raw_client(world_of_three.irc_port, "Ivy")
    web = await world_of_three.site.browser("Willow")
    tess = await world_of_three.telnet("Tess")
    try:
        await in_den(web, irc, tess, owner="irc")
        irc.send(f"PRIVMSG #den :{PDF}pay {RLO}gnp.exe")
        heard = await web.expect("message", **{"from": "Ivy"})
        assert heard["text"] == f"pay {RLO}gnp.exe{PDF}"
        irc.send(f"TOPIC #den :{RLO}closed")
        changed = await web.expect("topic", room="den")
        assert changed["topic"] == f"{RLO}closed{PDF}"
        tess.send(f'"hello {RLI}there')
        heard = await web.expect("message", **{"from": "Tess"})
        assert heard["text"] == f"hello {RLI}there{PDI}"
    finally:
        await irc.close()
        await tess.close()
