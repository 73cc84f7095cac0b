"""Scenes from telnet, with browser and IRC members: invitations, standing in the scene,
and the safeword that ends it for everyone at once."""

from __future__ import annotations

import re

from boudoir.domain.entities import DirectMessagePolicy

from ..irc.clients import raw_client
from .harness import All, TelnetPerson
from .test_consent import telnet_client


async def invitation_id(person: TelnetPerson) -> str:
    card = await person.expect(r'scene/accept (\w+)"', regex=True)
    found = re.search(r'scene/accept (\w+)"', card)
    assert found is not None
    return found.group(1)


async def test_an_accepted_scene_is_where_both_stand_until_they_leave(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await tess.expect("Bob has arrived.")
        await tess.command("scene invite Bob=general slow / a rainy night", "You invited Bob")
        invitation = await invitation_id(bob)
        bob.send(f"scene accept {invitation}")
        await bob.expect("has started")
        await tess.expect("has started")
        scene = telnet_client(everything, "Tess").location
        assert scene is not None
        assert scene == telnet_client(everything, "Bob").location
        bob.send('"just us here')
        await tess.expect('\nBob says, "just us here"')  # here, not a channel line
        await bob.command("scene leave", "You left the scene.")
        await tess.expect("Bob has left.")
        assert telnet_client(everything, "Bob").location != scene
        await bob.command('"back in the lobby', 'You say, "back in the lobby"')
    finally:
        await tess.close()
        await bob.close()


async def test_safeword_from_telnet_ends_the_scene_for_browser_and_irc_at_once(
    world_of_three: All,
) -> None:
    everything = world_of_three
    world = everything.site.world
    # Neither shares a room with Tess: they take invitations from anyone.
    await everything.site.person("Ivy", dm_policy=DirectMessagePolicy.ANYONE)
    await everything.site.person("Willow", dm_policy=DirectMessagePolicy.ANYONE)
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("scene invite Willow=general", "You invited Willow")
        invited = await web.expect("scene_invitation")
        assert (await web.call("scene_accept", invitation=invited["invitation"]))["type"] == "ok"
        await tess.expect("has started")
        scene = telnet_client(everything, "Tess").location
        assert scene is not None
        scene_name = world.registry.rooms[scene].room.name
        # Willow says yes to adding Ivy, and Ivy accepts (through the core, as their own
        # gateways' commands would).
        await tess.command("scene add Ivy", "proposes adding Ivy")
        willow = next(iter(world.registry.find_character("Willow") or ()))
        world.scenes.vote(willow, scene_name, "Ivy", True)
        ivy = next(iter(world.registry.find_character("Ivy") or ()))
        world.scenes.accept(ivy, world.scenes.invitations(ivy)[0].id)
        await irc.expect("JOIN", f"#{scene_name}")
        await tess.expect("Ivy")

        tess.send("safeword")
        await tess.expect("SAFEWORD: the scene has ended.")
        await web.expect("scene_ended", reason="safeword")
        await irc.expect("PART", f"#{scene_name}")
        assert world.registry.rooms.get(scene) is None
        assert telnet_client(everything, "Tess").location != scene
        await tess.command('"safe now', 'You say, "safe now"')
    finally:
        await irc.close()
        await tess.close()
        await web.socket.close()


async def test_pause_lets_only_ooc_through(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await tess.expect("Bob has arrived.")
        await tess.command("scene invite Bob=general", "You invited Bob")
        bob.send(f"scene accept {await invitation_id(bob)}")
        await tess.expect("has started")
        tess.send("pause")
        await bob.expect("PAUSED")
        await bob.command('"in character', "paused")
        await bob.command("ooc ok?", "ok?")
        await tess.expect("ok?")
        tess.send("resume")
        await bob.expect("The scene has resumed.")
    finally:
        await tess.close()
        await bob.close()
