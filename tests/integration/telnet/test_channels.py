"""Channels over telnet: public rooms heard from anywhere, the same rooms IRC and the browser
use."""

from __future__ import annotations

from ..irc.clients import raw_client
from .harness import All


async def test_a_public_channel_line_reaches_irc_and_back(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    tess = await everything.telnet("Tess")
    try:
        irc.send("JOIN #public")
        await irc.expect("JOIN", "#public")
        await tess.command("+pub hello from the MUCK", '[public] You say, "hello from the MUCK"')
        await irc.expect("PRIVMSG", "#public", "hello from the MUCK", sender="Tess")
        irc.send("PRIVMSG #public :hello from IRC")
        await tess.expect('[public] Ivy says, "hello from IRC"')
        tess.send("pub :waves.")
        await irc.expect("PRIVMSG", "#public", "\x01ACTION waves.\x01", sender="Tess")
        await tess.command("comlist", "pub")
    finally:
        await irc.close()
        await tess.close()


async def test_addcom_follows_a_room_from_elsewhere_and_delcom_leaves_it(
    world_of_three: All,
) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await willow.call("join", room="Tavern", create=True)
        await tess.command("addcom rp=Tavern", 'Channel Tavern added as "rp"')
        await willow.expect("joined", room="Tavern", name="Tess")
        tess.send("rp Anyone for a scene?")
        heard = await willow.expect("message", **{"from": "Tess"})
        assert (heard["room"], heard["text"]) == ("Tavern", "Anyone for a scene?")
        await willow.call("say", room="Tavern", text="Me!")
        await tess.expect('[Tavern] Willow says, "Me!"')
        await tess.command("rp who", "On Tavern (2): Tess, Willow.")
        await tess.command("delcom rp", 'Channel alias "rp" removed')
        await willow.expect("left", room="Tavern", name="Tess")
        await tess.command("rp hello?", "Huh?")
    finally:
        await tess.close()
        await willow.socket.close()


async def test_an_alias_cannot_shadow_a_command_nor_a_missing_room(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    try:
        await tess.command("addcom page=lobby", '"page" is already a command')
        await tess.command("addcom x=Nowhere", "There is no room named")
        await tess.command("comlist", "You have no channels.")
    finally:
        await tess.close()


async def test_channels_lists_public_rooms_but_not_private_ones(world_of_three: All) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await willow.call("join", room="Tavern", create=True)
        await willow.call("join", room="Hideaway", create=True)
        await willow.call(
            "room_setting", room="Hideaway", setting="visibility", enabled=True, value="private"
        )
        tess.send("+channels")
        table = await tess.expect("Tavern")
        table += await tess.expect("\n")
        assert "Hideaway" not in table
        assert "lobby" in table
    finally:
        await tess.close()
        await willow.socket.close()


async def test_a_screen_reader_hears_channel_lines_without_brackets(world_of_three: All) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("@set me=screenreader:yes", "Screen reader mode is on.")
        await willow.call("join", room="Tavern", create=True)
        await tess.command("addcom rp=Tavern", 'Channel Tavern added as "rp"')
        await willow.call("say", room="Tavern", text="Welcome")
        line = await tess.expect('Willow says, "Welcome"')
        assert "Tavern: Willow says" in line
        assert "[Tavern]" not in line
    finally:
        await tess.close()
        await willow.socket.close()
