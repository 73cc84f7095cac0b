"""A crowded room's look, for a gateway that names only some of its people (telnet): the
latest arrivals, in name order, with a count of the others; blocks hide people from both."""

from __future__ import annotations

from boudoir.core.commands import Context, run
from boudoir.core.places import RoomView
from boudoir.domain.intents.world import Look
from boudoir.domain.replies.world import LookedAround
from boudoir.testing.harness import TestPerson, TestWorld


async def lobby_of(world: TestWorld, *names: str) -> list[TestPerson]:
    """Each logged in and standing in the lobby, in this order of arrival."""
    people = []
    for name in names:
        person = await world.person(name)
        await world.world.places.arrive(person.connection)
        people.append(person)
    return people


async def look(person: TestPerson, shown: int | None) -> RoomView:
    view = await person.world.places.look(person.connection, people_shown=shown)
    assert isinstance(view, RoomView)
    return view


def names(view: RoomView) -> list[str]:
    return [p.character.name for p in view.people]


CROWD = [f"p{n:02d}" for n in range(12)]


async def test_a_crowded_look_names_the_latest_arrivals_in_name_order_and_counts_the_rest() -> None:
    world = await TestWorld.start()
    viewer, *_ = await lobby_of(world, "viewer", *CROWD)

    view = await look(viewer, 5)
    # The last five to arrive (p07..p11), not the first five by name.
    assert names(view) == ["p07", "p08", "p09", "p10", "p11"]
    assert view.others == 12
    assert view.people_here == 12

    everyone = await look(viewer, None)
    assert names(everyone) == CROWD
    assert everyone.others is None
    assert everyone.people_here == 12


async def test_a_room_within_the_limit_is_named_whole_with_no_count() -> None:
    world = await TestWorld.start()
    viewer, *_ = await lobby_of(world, "viewer", "bob", "alice")
    view = await look(viewer, 5)
    assert names(view) == ["alice", "bob"]
    assert view.others is None
    assert view == await look(viewer, None)


async def test_people_on_either_side_of_a_block_are_neither_named_nor_counted() -> None:
    world = await TestWorld.start()
    viewer, *crowd = await lobby_of(world, "viewer", *CROWD)
    by_name = {p.account.name: p for p in crowd}
    # The latest arrivals are the blocked ones: the look names the next latest instead.
    await viewer.block("p11")
    await by_name["p10"].block("viewer")

    view = await look(viewer, 5)
    assert names(view) == ["p05", "p06", "p07", "p08", "p09"]
    assert view.others == 10
    assert names(await look(viewer, None)) == [n for n in CROWD if n not in ("p10", "p11")]

    # The other side sees no trace of the viewer either.
    seen = await look(by_name["p11"], 5)
    assert "viewer" not in names(seen)
    assert seen.others == 11


async def test_more_blocks_than_people_here_count_right_too() -> None:
    world = await TestWorld.start()
    elsewhere = [f"x{n}" for n in range(6)]
    for name in elsewhere:
        await world.person(name)  # online, never in the lobby
    viewer, *_ = await lobby_of(world, "viewer", "p00", "p01", "p02")
    for name in (*elsewhere, "p01"):
        await viewer.block(name)
    view = await look(viewer, 1)
    assert names(view) == ["p02"]
    assert view.others == 2


async def test_a_gateway_asks_through_its_context_and_the_web_still_gets_everyone() -> None:
    world = await TestWorld.start()
    viewer, *_ = await lobby_of(world, "viewer", *CROWD)
    telnet = await run(Context.of(world.world, viewer.connection, people_shown=3), Look())
    assert isinstance(telnet, LookedAround)
    assert names(telnet.view) == ["p09", "p10", "p11"]
    assert telnet.view.others == 12
    web = await run(Context.of(world.world, viewer.connection), Look())
    assert isinstance(web, LookedAround)
    assert names(web.view) == CROWD
