"""Dice rolled by the server: the room sees the roll, the roller too, under the rules of
speech (a moderated room, a mute, a block)."""

from __future__ import annotations

import pytest

from boudoir.core.moderation import Actor
from boudoir.domain.consent import Reason
from boudoir.domain.dice import MAX_DICE, MAX_SIDES
from boudoir.domain.entities import Role
from boudoir.domain.errors import ConsentRefused, InvalidInput, Muted, NotInRoom
from boudoir.domain.events import DiceRolled
from boudoir.domain.intents import RollDice
from boudoir.domain.replies import Rolled
from boudoir.testing.harness import TestPerson, TestWorld


async def gathered(world: TestWorld, *names: str, room: str = "lobby") -> list[TestPerson]:
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join(room)
    for person in people:
        person.forget()
    return people


def rolls(person: TestPerson) -> list[DiceRolled]:
    return [e for e in person.session.events if isinstance(e, DiceRolled)]


async def test_a_roll_reaches_everyone_in_the_room_and_the_roller_with_the_same_dice() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol")
    outsider = await world.person("dana")
    rolled = alice.roll("lobby", "2d6+1")
    assert len(rolled.rolls) == 2
    assert all(1 <= die <= 6 for die in rolled.rolls)
    assert rolled.total == sum(rolled.rolls) + 1
    for person in (alice, bob, carol):
        (seen,) = rolls(person)
        assert (seen.roller.name, str(seen.dice), seen.rolls) == ("alice", "2d6+1", rolled.rolls)
    assert rolls(outsider) == []


async def test_rolls_come_through_the_one_command_handler() -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    reply = await alice.do(RollDice("lobby", "d20"))
    assert isinstance(reply, Rolled)
    assert 1 <= reply.event.total <= 20
    assert bob.lines() == [f"[lobby] alice rolls {reply.event.summary()}"]


async def test_someone_who_blocks_the_roller_does_not_see_the_roll_nor_the_roller_theirs() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol")
    await carol.block("alice")
    for person in (alice, bob, carol):
        person.forget()
    alice.roll("lobby", "1d6")
    carol.roll("lobby", "1d8")
    assert [str(r.dice) for r in rolls(bob)] == ["1d6", "1d8"]
    assert [str(r.dice) for r in rolls(carol)] == ["1d8"]
    assert [str(r.dice) for r in rolls(alice)] == ["1d6"]


async def test_a_moderated_room_lets_only_managers_and_the_voiced_roll() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol", room="stage")
    rooms = world.world.rooms
    await rooms.set_moderated(alice.connection, "stage", True)
    carol.forget()
    with pytest.raises(ConsentRefused) as refused:
        bob.roll("stage", "1d6")
    assert refused.value.reason == Reason.MODERATED.value
    assert rolls(carol) == []
    alice.roll("stage", "1d6")
    await rooms.set_voice(alice.connection, "stage", "bob", True)
    bob.roll("stage", "1d4")
    assert [r.roller.name for r in rolls(carol)] == ["alice", "bob"]


async def test_a_muted_person_cannot_roll_there() -> None:
    world = await TestWorld.start()
    mallory, bob = await gathered(world, "Mallory", "Bob")
    sage = await world.person("Sage")
    await world.world.accounts.set_role(sage.account.id, Role.MODERATOR)
    sage = await world.login("Sage")
    moderator = Actor(sage.name, Actor.of(sage.connection.account).person)
    await world.world.moderation.act(moderator, "mute", "Mallory", "lobby")
    bob.forget()
    with pytest.raises(Muted):
        mallory.roll("lobby", "1d6")
    assert rolls(bob) == []


async def test_only_members_roll_in_a_room() -> None:
    world = await TestWorld.start()
    (alice,) = await gathered(world, "alice")
    bob = await world.person("bob")
    with pytest.raises(NotInRoom):
        bob.roll("lobby", "1d6")
    assert rolls(alice) == []


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "Roll dice as NdS+M"),
        ("2d", "Roll dice as NdS+M"),
        ("d6+", "Roll dice as NdS+M"),
        ("2x6", "Roll dice as NdS+M"),
        ("2d6*2", "Roll dice as NdS+M"),
        ("1d6+1d6", "Roll dice as NdS+M"),
        ("-1d6", "Roll dice as NdS+M"),
        ("9" * 50 + "d6", "Roll dice as NdS+M"),
        ("0d6", f"Roll from 1 to {MAX_DICE} dice"),
        (f"{MAX_DICE + 1}d6", f"Roll from 1 to {MAX_DICE} dice"),
        ("1d1", f"A die has from 2 to {MAX_SIDES} sides"),
        (f"1d{MAX_SIDES + 1}", f"A die has from 2 to {MAX_SIDES} sides"),
        ("1d6+1001", "Add or take away at most 1000"),
        ("1d6-1001", "Add or take away at most 1000"),
    ],
)
async def test_bad_expressions_are_refused_saying_what_is_wrong(
    expression: str, message: str
) -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    with pytest.raises(InvalidInput) as refused:
        alice.roll("lobby", expression)
    assert refused.value.message.startswith(message)
    assert rolls(bob) == []


@pytest.mark.parametrize(
    ("expression", "shown", "count", "sides", "modifier"),
    [
        ("2d6+1", "2d6+1", 2, 6, 1),
        ("d20", "1d20", 1, 20, 0),
        (" 3D8 - 2 ", "3d8-2", 3, 8, -2),
        (f"{MAX_DICE}d{MAX_SIDES}+1000", f"{MAX_DICE}d{MAX_SIDES}+1000", MAX_DICE, MAX_SIDES, 1000),
        ("1d2-1000", "1d2-1000", 1, 2, -1000),
    ],
)
async def test_good_expressions_roll_the_dice_they_name(
    expression: str, shown: str, count: int, sides: int, modifier: int
) -> None:
    world = await TestWorld.start()
    (alice,) = await gathered(world, "alice")
    rolled = alice.roll("lobby", expression)
    assert (str(rolled.dice), len(rolled.rolls), rolled.dice.modifier) == (shown, count, modifier)
    assert all(1 <= die <= sides for die in rolled.rolls)
    assert rolled.total == sum(rolled.rolls) + modifier
