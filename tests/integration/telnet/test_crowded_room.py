"""A crowded room over a real telnet socket: the look names some people and counts the rest,
``people`` lists everyone, and neither names nor counts someone across a block."""

from __future__ import annotations

import re

from boudoir.testing.harness import RecordingSession
from boudoir.wire.telnet.replies.world import ROOM_PEOPLE_SHOWN

from ..web_socket.harness import PASSWORD
from .harness import All


async def test_a_crowded_lobby_names_some_counts_the_rest_and_people_lists_everyone(
    world_of_three: All,
) -> None:
    everything = world_of_three
    world = everything.site.world
    crowd = [f"Guest{n:02d}" for n in range(ROOM_PEOPLE_SHOWN + 3)] + ["Zed"]
    await everything.site.person("Tess")
    for name in crowd:
        await everything.site.person(name)
        account = await world.accounts.authenticate(name, PASSWORD, address="127.0.0.1")
        connection = await world.connect(RecordingSession(), account)
        await world.places.arrive(connection)
        if name == "Zed":  # the last to arrive, so a look would name Zed first
            await world.relations.block(connection, "Tess")
    tess = await everything.telnet("Tess")
    try:
        await tess.expect("lobby (general)")
        look = await tess.expect('Type "people" to see everyone.')
        flat = " ".join(look.split())  # the look is wrapped to the window
        match = re.search(r"Here: (.*)\. \.\.\.and (\d+) others here\.", flat)
        assert match is not None, look
        named = match.group(1).split(", ")
        assert len(named) == ROOM_PEOPLE_SHOWN
        assert set(named) <= set(crowd) - {"Zed"}
        # 33 others Tess may see: Zed, who blocks her, is neither named nor counted.
        assert int(match.group(2)) == 3
        assert "Zed" not in look

        await tess.command("people", "On lobby")
        listed = "On lobby " + " ".join((await tess.expect(".\n")).split())  # its last line
        match = re.search(r"On lobby \((\d+)\): (.*)\.$", listed)
        assert match is not None, listed
        names = match.group(2).split(", ")
        assert int(match.group(1)) == len(names) == len(crowd)  # everyone but Zed, Tess too
        assert "Zed" not in names
        assert "Tess" in names
    finally:
        await tess.close()
