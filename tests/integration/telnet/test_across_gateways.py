"""A telnet user, a browser user and an IRC user in one room hear each other."""

from __future__ import annotations

import re

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.gateways.telnet.errors import NEUTRAL_REFUSAL

from ..irc.clients import raw_client
from .harness import All

SGR = re.compile(r"\x1b\[[0-9;]*m")


async def test_telnet_say_and_pose_reach_browser_and_irc(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await web.call("join", room="lobby")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await tess.expect("Ivy has arrived.")
        tess.send('"hello from a MUCK')
        await tess.expect('You say, "hello from a MUCK"')
        await irc.expect("PRIVMSG", "#lobby", "hello from a MUCK", sender="Tess")
        heard = await web.expect("message", **{"from": "Tess"})
        assert (heard["kind"], heard["text"]) == ("say", "hello from a MUCK")
        tess.send(":waves to everyone.")
        await irc.expect("PRIVMSG", "#lobby", "\x01ACTION waves to everyone.\x01", sender="Tess")
        posed = await web.expect("message", **{"from": "Tess"})
        assert (posed["kind"], posed["text"]) == ("pose", "waves to everyone.")
    finally:
        await irc.close()
        await tess.close()


async def test_browser_and_irc_speech_reach_telnet(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await web.call("join", room="lobby")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await web.call("say", room="lobby", text="hi from the browser")
        await tess.expect('Willow says, "hi from the browser"')
        irc.send("PRIVMSG #lobby :\x01ACTION grins.\x01")
        await tess.expect("Ivy grins.")
        irc.send("PRIVMSG #lobby :((back in five))")
        await tess.expect("Ivy", regex=False)
        await tess.expect("back in five")
    finally:
        await irc.close()
        await tess.close()


async def test_a_refused_page_is_refused_neutrally(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Nora", dm_policy=DirectMessagePolicy.NOBODY)
    await everything.site.person("Bea")
    nora = await everything.site.browser("Nora")
    bea = await everything.site.browser("Bea")
    tess = await everything.telnet("Tess")
    try:
        world = everything.site.world
        await world.relations.block_account((await world.accounts.find("Bea")).id, "Tess")
        tess.send("page Nora=hello?")
        refused_policy = (await tess.expect(NEUTRAL_REFUSAL + "\n")).splitlines()[-1]
        tess.send("page Bea=hello?")
        refused_block = (await tess.expect(NEUTRAL_REFUSAL + "\n")).splitlines()[-1]
        assert refused_policy == refused_block == NEUTRAL_REFUSAL
    finally:
        await tess.close()
        await nora.socket.close()
        await bea.socket.close()


async def test_a_semipose_joins_the_name_in_colour_and_for_a_screen_reader(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    uma = await everything.telnet("Uma")
    vic = await everything.telnet("Vic")
    try:
        await web.call("join", room="lobby")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await uma.command("@set me=colour:yes", "Colour is on.")
        await vic.command("@set me=screenreader:yes", "Screen reader mode is on.")
        tess.send(";'s eyes glint.")
        coloured = await uma.expect("eyes glint.")
        assert "\x1b[" in coloured
        assert "Tess's eyes glint." in SGR.sub("", coloured)
        await vic.expect("Tess's eyes glint.")
        # IRC and the browser get the pose's text as it is, to join the same way.
        await irc.expect("PRIVMSG", "#lobby", "\x01ACTION 's eyes glint.\x01", sender="Tess")
        posed = await web.expect("message", **{"from": "Tess"})
        assert (posed["kind"], posed["text"]) == ("pose", "'s eyes glint.")
    finally:
        await irc.close()
        for person in (tess, uma, vic):
            await person.close()
