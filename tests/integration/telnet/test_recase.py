"""A name shown in another case ("tess" as "Tess"): from telnet's ``@name me=`` or IRC's NICK,
seen at once by the telnet, IRC and browser users who see that person."""

from __future__ import annotations

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import Browser
from .harness import All, TelnetPerson


async def three_in_the_lobby(
    everything: All,
) -> tuple[RawClient, Browser, TelnetPerson]:
    """Ivy on IRC, Willow in a browser and tess on telnet, all in the lobby."""
    await everything.site.person("ivy")
    irc = await raw_client(everything.irc_port, "ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("tess")
    await web.call("join", room="lobby")
    irc.send("JOIN #lobby")
    await irc.expect("366", "ivy", "#lobby")
    await tess.expect("ivy has arrived.")
    return irc, web, tess


async def test_name_me_in_another_case_is_seen_on_every_gateway(world_of_three: All) -> None:
    irc, web, tess = await three_in_the_lobby(world_of_three)
    try:
        tess.send("@name me=Tess")
        await tess.expect("You are now known as Tess.")
        renamed = await web.expect("renamed")
        assert (renamed["old_name"], renamed["name"]) == ("tess", "Tess")
        await irc.expect("NICK", "Tess", sender="tess")
        members = await web.call("members", room="lobby")
        assert "Tess" in [member["name"] for member in members["members"]]
        who = await web.call("who")
        assert "Tess" in [person["name"] for person in who["people"]]

        tess.send('"hello')
        await irc.expect("PRIVMSG", "#lobby", "hello", sender="Tess")
    finally:
        await irc.close()
        await tess.close()


async def test_a_case_change_on_irc_is_told_to_telnet_and_the_browser(
    world_of_three: All,
) -> None:
    irc, web, tess = await three_in_the_lobby(world_of_three)
    try:
        irc.send("NICK IVY")
        await irc.expect("NICK", "IVY", sender="ivy")
        await tess.expect("ivy is now known as IVY.")
        renamed = await web.expect("renamed")
        assert (renamed["old_name"], renamed["name"]) == ("ivy", "IVY")
    finally:
        await irc.close()
        await tess.close()


async def test_name_me_to_another_name_is_refused_saying_only_the_case_may_change(
    world_of_three: All,
) -> None:
    tess = await world_of_three.telnet("tess")
    try:
        tess.send("@name me=Tessa")
        await tess.expect("only the case of its letters may change")
        tess.send("@name tess=TESS")  # one's own name works as "me" does
        await tess.expect("You are now known as TESS.")
    finally:
        await tess.close()
