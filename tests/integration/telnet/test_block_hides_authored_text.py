"""Over telnet, what someone you block wrote into a room (its description, its topic, things
left there, an exit's description) is shown as hidden by your block, and ``reveal`` (or
``look/reveal``) reads it; emits from someone blocked never arrive, on any gateway."""

from __future__ import annotations

from ..irc.clients import raw_client
from ..web_socket.test_block_hides_authored_text import block
from .harness import All
from .test_building import builder
from .test_consent import stand_in, telnet_client


async def set_topic(everything: All, name: str, room: str, topic: str) -> None:
    """``name`` sets the topic (telnet has no topic command; IRC and the browser do)."""
    conn = telnet_client(everything, name).conn
    assert conn is not None
    await everything.site.world.rooms.set_topic(conn, room, topic)


async def test_a_blocked_builders_room_text_shows_as_hidden_until_revealed(
    world_of_three: All,
) -> None:
    everything = world_of_three
    bob = await builder(everything, "Bob")
    tess = await everything.telnet("Tess")
    await tess.expect("Nobody else is here.")  # the lobby, on arrival
    try:
        await bob.command("@describe here=Bob's cosy workshop.", "Room described.")
        await bob.command("@open Hatch", "leads nowhere")
        await bob.command("@describe hatch=A trapdoor Bob painted red.", "hatch described.")
        await bob.command("@create lantern", "You made lantern")
        await bob.command("drop lantern", "You drop lantern.")
        await set_topic(everything, "Bob", "BobWorkshop", "Bob's words")
        await block(everything.site, "Tess", "Bob")

        await stand_in(everything, "Tess", "BobWorkshop")
        seen = await tess.command("look", "Nobody else is here.")
        assert '[hidden: written by someone you block] ("reveal" shows it)' in seen
        assert 'Topic: [hidden: set by someone you block] ("reveal topic" shows it)' in seen
        assert "You see: [hidden: 1 thing left by someone you block]" in seen
        assert not [text for text in ("cosy", "Bob's words", "lantern") if text in seen]
        seen = await tess.command("look hatch", "[hidden: written by someone you block]")
        assert "painted red" not in seen

        await tess.command("reveal topic", "Topic of BobWorkshop: Bob's words")
        seen = await tess.command("reveal", "Nobody else is here.")
        assert "Bob's cosy workshop." in seen
        assert "Topic: Bob's words" in seen
        assert "You see: lantern." in seen
        await tess.command("look/reveal hatch", "A trapdoor Bob painted red.")

        await set_topic(everything, "Bob", "BobWorkshop", "more words")
        await tess.expect('The topic changed: [hidden: set by someone you block] ("reveal topic')
    finally:
        await bob.close()
        await tess.close()


async def test_the_blocked_side_sees_the_blockers_room_as_anyone_does(world_of_three: All) -> None:
    everything = world_of_three
    bob = await builder(everything, "Bob")
    tess = await everything.telnet("Tess")
    await tess.expect("Nobody else is here.")  # the lobby, on arrival
    try:
        await bob.command("@describe here=Bob's cosy workshop.", "Room described.")
        await set_topic(everything, "Bob", "BobWorkshop", "Bob's words")
        await block(everything.site, "Bob", "Tess")
        await stand_in(everything, "Tess", "BobWorkshop")
        seen = await tess.command("look", "Nobody else is here.")
        assert "Bob's cosy workshop." in seen
        assert "Topic: Bob's words" in seen
        assert "hidden" not in seen
    finally:
        await bob.close()
        await tess.close()


async def test_an_emit_from_someone_blocked_reaches_nobody_who_blocks(world_of_three: All) -> None:
    # Emits are room speech: the hot path's set lookup keeps them from anyone across a block,
    # on every gateway, while the rest of the room reads them.
    everything = world_of_three
    for name in ("Ivy", "Willow", "Hana"):
        await everything.site.person(name)
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    onlooker = await everything.site.browser("Hana")
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        for browser in (web, onlooker):
            await browser.call("join", room="lobby")
        irc.send("JOIN #lobby")
        await irc.expect("366", "Ivy", "#lobby")
        await bob.expect("Hana has arrived.")
        for blocker in ("Ivy", "Willow", "Bob"):
            await block(everything.site, blocker, "Tess")
        tess.send("@emit The wind howls.")
        heard = await onlooker.expect("message", kind="emit")
        assert (heard["from"], heard["text"]) == ("Tess", "The wind howls.")
        # Then something everyone hears, to know the emit had its chance to arrive.
        await onlooker.call("say", room="lobby", text="after the wind")
        await irc.expect("PRIVMSG", "#lobby", "after the wind", sender="Hana")
        await web.expect("message", text="after the wind")
        before = await bob.expect('Hana says, "after the wind"')
        assert not irc.inbox.seen("PRIVMSG", "#lobby", "[emit] The wind howls.")
        assert not [m for m in web.received if m.get("kind") == "emit"]
        assert "The wind howls." not in before
    finally:
        await irc.close()
        await tess.close()
        await bob.close()
