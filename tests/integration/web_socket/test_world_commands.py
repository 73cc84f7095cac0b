"""The walkable world over ``boudoir.v1``: each command stands in the room it names and gives
the core telnet's intent, so its rules hold the same (docs/websocket.md, "The walkable
world")."""

from __future__ import annotations

from .harness import Site


async def test_a_builder_digs_and_walks_while_others_keep_their_other_rooms(site: Site) -> None:
    ivy = await site.browser("Ivy")
    jon = await site.browser("Jon")
    await site.world.building.set_builder("Ivy", True)
    for room in ("hall", "attic"):
        await ivy.call("join", room=room, create=True)
    await jon.call("join", room="hall")

    looked = await ivy.call("look", room="hall")
    assert looked["builder"] is True
    assert [p["name"] for p in looked["view"]["people"]] == ["Jon"]
    described = await ivy.call("describe_room", room="hall", text="Tall windows.")
    assert (described["type"], described["cleared"]) == ("ok", False)
    dug = await ivy.call("dig", room="hall", name="garden", there="north;n", back="south")
    assert (dug["room"], dug["there"], dug["back"]) == ("garden", "north;n", "south")

    seen = await jon.call("look", room="hall")
    assert seen["builder"] is False
    assert seen["view"]["description"] == "Tall windows."
    assert seen["view"]["exits"] == [{"name": "north", "aliases": ["n"], "destination": "garden"}]

    walked = await ivy.call("go", room="hall", exit="n")
    assert walked["view"]["room"] == "garden"
    assert walked["joined"]["name"] == "garden"
    left = await jon.expect("left", room="hall")
    assert (left["name"], left["reason"]) == ("Ivy", "goes north")
    # Walking left the room walked from, and only that one.
    assert (await ivy.call("members", room="attic"))["type"] == "ok"
    gone = await ivy.call("members", room="hall")
    assert gone["type"] == "error"


async def test_refusals_are_the_cores(site: Site) -> None:
    kim = await site.browser("Kim")
    await kim.call("join", room="porch", create=True)
    nowhere = await kim.call("go", room="porch", exit="up")
    assert nowhere["code"] == "no_such_exit"
    refused = await kim.call("dig", room="porch", name="shed")
    assert refused["code"] == "not_builder"
    # A room one is not in is not one to stand in.
    outside = await kim.call("look", room="elsewhere")
    assert outside["type"] == "error"
