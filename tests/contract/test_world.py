"""The walkable world's store: exits, things, homes, builders and last seen, with the cascades
that recycling rooms, deleting characters and erasing accounts promise."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import Account, Room
from boudoir.domain.errors import NotFound
from boudoir.domain.ids import CharacterId, RoomId
from boudoir.domain.places import Exit, Thing, new_exit_id, new_thing_id

from .builders import Make

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def an_exit(owner: Account, source: Room, name: str, to: Room | None, minute: int = 0) -> Exit:
    return Exit(
        new_exit_id(), source.id, name, owner.id, T0 + dt.timedelta(minutes=minute),
        aliases=("n", "north"), destination=None if to is None else to.id,
    )  # fmt: skip


def a_thing(owner: Account, name: str, minute: int = 0, **where: object) -> Thing:
    return Thing(
        new_thing_id(), name, owner.id, T0 + dt.timedelta(minutes=minute),
        **where,  # type: ignore[arg-type]
    )  # fmt: skip


async def test_exits_round_trip_oldest_first_and_update(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    hall = await make.stored_room(alice, "Hall")
    garden = await make.stored_room(alice, "Garden")
    late = an_exit(alice, hall, "North", garden, minute=5)
    early = an_exit(alice, hall, "Door", None, minute=1)
    await store.world.add_exit(late)
    await store.world.add_exit(early)
    assert await store.world.exits_from(hall.id) == [early, late]
    assert await store.world.get_exit(late.id) == late
    assert await store.world.exits_owned_by(alice.id) == [early, late]

    changed = dataclasses.replace(
        early, name="Gate", aliases=("g",), destination=garden.id, lock="alice|bob",
        description="An iron gate.",
    )  # fmt: skip
    await store.world.update_exit(changed)
    assert await store.world.get_exit(early.id) == changed

    await store.world.delete_exit(late.id)
    assert await store.world.exits_from(hall.id) == [changed]


async def test_an_exit_needs_its_rooms_and_owner(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    hall = await make.stored_room(alice, "Hall")
    ghost = make.room(alice, "Ghost")  # never stored
    with pytest.raises(NotFound):
        await store.world.add_exit(an_exit(alice, hall, "North", ghost))
    with pytest.raises(NotFound):
        await store.world.add_exit(an_exit(alice, ghost, "North", hall))


async def test_recycling_a_room_takes_its_exits_and_unlinks_those_into_it(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    hall = await make.stored_room(alice, "Hall")
    garden = await make.stored_room(alice, "Garden")
    out_of_garden = an_exit(alice, garden, "South", hall)
    into_garden = an_exit(alice, hall, "North", garden)
    await store.world.add_exit(out_of_garden)
    await store.world.add_exit(into_garden)
    lamp = a_thing(alice, "lamp", room=garden.id)
    await store.world.add_thing(lamp)
    character = await make.stored_character(alice, "Ally")
    await store.world.set_home(character.id, garden.id)

    await store.rooms.delete(garden.id)

    assert await store.world.get_exit(out_of_garden.id) is None
    assert await store.world.get_exit(into_garden.id) == dataclasses.replace(
        into_garden, destination=None
    )
    assert await store.world.get_thing(lamp.id) == dataclasses.replace(lamp, room=None)
    assert await store.world.home(character.id) is None


async def test_things_are_carried_or_lie_in_a_room(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")
    hall = await make.stored_room(alice, "Hall")
    lamp = a_thing(alice, "lamp", minute=1, carrier=ally.id)
    rope = a_thing(alice, "rope", minute=2, room=hall.id)
    await store.world.add_thing(lamp)
    await store.world.add_thing(rope)
    assert await store.world.things_carried(ally.id) == [lamp]
    assert await store.world.things_in(hall.id) == [rope]
    assert await store.world.things_owned_by(alice.id) == [lamp, rope]

    dropped = dataclasses.replace(lamp, carrier=None, room=hall.id, lock="me", description="Lit.")
    await store.world.update_thing(dropped)
    assert await store.world.things_in(hall.id) == [dropped, rope]
    assert await store.world.things_carried(ally.id) == []

    await store.world.delete_thing(rope.id)
    assert await store.world.get_thing(rope.id) is None
    with pytest.raises(NotFound):
        await store.world.update_thing(
            dataclasses.replace(dropped, carrier=CharacterId("cx"), room=None)
        )


async def test_a_deleted_carrier_leaves_the_thing_with_its_owner(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    bobby = await make.stored_character(bob, "Bobby")
    lamp = a_thing(alice, "lamp", carrier=bobby.id)
    await store.world.add_thing(lamp)
    await store.characters.delete(bobby.id)
    assert await store.world.get_thing(lamp.id) == dataclasses.replace(lamp, carrier=None)


async def test_homes_builders_and_last_seen(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")
    hall = await make.stored_room(alice, "Hall")
    garden = await make.stored_room(alice, "Garden")
    assert await store.world.home(ally.id) is None
    await store.world.set_home(ally.id, hall.id)
    await store.world.set_home(ally.id, garden.id)
    assert await store.world.home(ally.id) == garden.id
    await store.world.set_home(ally.id, None)
    assert await store.world.home(ally.id) is None
    with pytest.raises(NotFound):
        await store.world.set_home(ally.id, RoomId("r-gone"))

    assert not await store.world.is_builder(alice.id)
    await store.world.set_builder(alice.id, True, T0)
    await store.world.set_builder(alice.id, True, T0)  # twice is no error
    assert await store.world.is_builder(alice.id)
    await store.world.set_builder(alice.id, False, T0)
    assert not await store.world.is_builder(alice.id)

    assert await store.world.last_seen(ally.id) is None
    await store.world.set_last_seen({ally.id: T0, CharacterId("c-gone"): T0})
    await store.world.set_last_seen({ally.id: T0 + dt.timedelta(hours=1)})
    assert await store.world.last_seen(ally.id) == T0 + dt.timedelta(hours=1)
    # Written late by another node, an earlier time does not go back.
    await store.world.set_last_seen({ally.id: T0 + dt.timedelta(minutes=30)})
    assert await store.world.last_seen(ally.id) == T0 + dt.timedelta(hours=1)


async def test_erasing_an_account_removes_its_world_and_keeps_others(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    ally = await make.stored_character(alice, "Ally")
    bobby = await make.stored_character(bob, "Bobby")
    alices_room = await make.stored_room(alice, "Den")
    bobs_room = await make.stored_room(bob, "Bar")
    alices_exit = an_exit(alice, bobs_room, "Den", alices_room)
    bobs_exit = an_exit(bob, bobs_room, "Out", None)
    bobs_exit_to_den = an_exit(bob, bobs_room, "Back", alices_room)
    for exit in (alices_exit, bobs_exit, bobs_exit_to_den):
        await store.world.add_exit(exit)
    alices_lamp = a_thing(alice, "lamp", carrier=bobby.id)
    bobs_rope = a_thing(bob, "rope", carrier=ally.id)
    await store.world.add_thing(alices_lamp)
    await store.world.add_thing(bobs_rope)
    await store.world.set_builder(alice.id, True, T0)
    await store.world.set_home(ally.id, bobs_room.id)
    await store.world.set_last_seen({ally.id: T0, bobby.id: T0})

    await store.accounts.erase(alice.id)

    assert await store.world.exits_owned_by(alice.id) == []
    assert await store.world.get_exit(alices_exit.id) is None
    assert await store.world.get_exit(bobs_exit.id) == bobs_exit
    assert await store.world.get_exit(bobs_exit_to_den.id) == dataclasses.replace(
        bobs_exit_to_den, destination=None
    )
    assert await store.world.things_owned_by(alice.id) == []
    assert await store.world.get_thing(bobs_rope.id) == dataclasses.replace(bobs_rope, carrier=None)
    assert not await store.world.is_builder(alice.id)
    assert await store.world.home(ally.id) is None
    assert await store.world.last_seen(ally.id) is None
    assert await store.world.last_seen(bobby.id) == T0
