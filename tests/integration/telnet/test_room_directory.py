"""Telnet's room list (``+channels``) is the room directory: how many people one can see in each
room, its rating and tags, never a room the consent module hides (above one's ratings, private,
or owned by someone on the other side of a block). ``@tags`` sets a room's tags."""

from __future__ import annotations

from ..web_socket.test_block_hides_authored_text import block
from .harness import All, TelnetPerson


async def room_list(person: TelnetPerson) -> dict[str, str]:
    """``+channels`` read as a screen reader hears it, up to the Tavern (last by name): room ->
    the rest of its sentence."""
    person.send("+channels")
    text = await person.expect("Tavern, ")
    text += await person.expect("\n")
    rooms = {}
    for line in text.splitlines():
        name, _, rest = line.strip().partition(", ")
        if rest:
            rooms[name] = rest
    return rooms


async def test_the_room_list_shows_counts_ratings_tags_and_only_rooms_one_may_see(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.adult_room("Vera", "Den")
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("@set me=screenreader:yes", "Screen reader mode is on.")
        await willow.call("join", room="Tavern", create=True)
        await willow.call("topic", room="Tavern", topic="Open late")
        await willow.call("join", room="Nook", create=True)
        await tess.command("jump Tavern", "Tavern")
        await tess.command("@tags here=ale", "You may not do that.")
        await willow.call(
            "room_setting", room="Tavern", setting="moderator", enabled=True, target="Tess"
        )
        await tess.command("@tags here=Ale, cozy", "Tess tagged the room: ale cozy.")
        await willow.expect("room_setting", setting="tags", value="ale cozy")
        await tess.command("@tags #Tavern=a b c d e f", "A room has at most 5 tags.")

        rooms = await room_list(tess)
        assert rooms["Tavern"] == "2 people, rated general, tagged ale, cozy, topic: Open late."
        assert rooms["Nook"] == "1 person, rated general."
        assert "Den" not in rooms  # adult: Tess has not opted in

        await block(everything.site, "Tess", "Willow")
        rooms = await room_list(tess)
        assert "Nook" not in rooms  # its owner is on the other side of a block
        # Tess is in the Tavern: listed, without the person she blocks.
        assert rooms["Tavern"].startswith("1 person, rated general, tagged ale, cozy")
    finally:
        await tess.close()
        await willow.socket.close()
