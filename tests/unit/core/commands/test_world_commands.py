"""Moving and building through the command layer: what a telnet user's commands answer."""

from __future__ import annotations

import pytest

from boudoir.domain.intents.building import AnswerHand, Dig, Hand, ListOffers, MakeThing
from boudoir.domain.intents.world import Arrive, Go, Jump, ListExits, Look
from boudoir.domain.places import NotBuilder
from boudoir.domain.replies.building import Dug, HandOffered, Offers, Waiting, WhichOffer
from boudoir.domain.replies.world import Arrived, Exits, LookedAround, NoExit
from boudoir.testing.harness import TestPerson, TestWorld


async def arrived(world: TestWorld, *names: str) -> list[TestPerson]:
    people = [await world.person(name) for name in names]
    for person in people:
        assert isinstance(await person.do(Arrive()), Arrived)
    return people


async def test_only_a_builder_digs_and_a_dug_way_is_walked_both_ways() -> None:
    world = await TestWorld.start()
    (ada,) = await arrived(world, "ada")
    with pytest.raises(NotBuilder):
        await ada.do(Dig("Garden", "North;n", "South;s"))
    await world.world.building.set_builder("ada", True)
    assert await ada.do(Dig("Garden", "North;n", "South;s")) == Dug("Garden", "North;n", "South;s")
    exits = await ada.do(ListExits())
    assert isinstance(exits, Exits)
    assert [(e.name, e.destination) for e in exits.exits] == [("North", "Garden")]
    walked = await ada.do(Go("n"))
    assert isinstance(walked, Arrived)
    assert walked.view.room.name == "Garden"
    assert await ada.do(Go("west")) == NoExit("west")


async def test_looking_around_shows_who_else_is_here() -> None:
    world = await TestWorld.start()
    ada, bo = await arrived(world, "ada", "bo")
    looked = await ada.do(Look())
    assert isinstance(looked, LookedAround)
    assert [p.character.name for p in looked.view.people] == ["bo"]
    jumped = await bo.do(Jump("lobby"))
    assert isinstance(jumped, Arrived)


async def test_a_hand_waits_for_the_yes_and_answering_needs_a_name_among_several() -> None:
    world = await TestWorld.start()
    ada, bo = await arrived(world, "ada", "bo")
    await world.world.building.set_builder("ada", True)
    await ada.do(MakeThing("lamp"))
    assert await bo.do(AnswerHand(None, accept=True)) == WhichOffer(())
    assert await ada.do(Hand("lamp", "bo")) == HandOffered("lamp", "bo")
    assert await bo.do(ListOffers()) == Offers((Waiting("ada", "lamp"),))
