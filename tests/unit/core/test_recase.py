"""Showing one's character's name in another case ("alice" as "Alice"): the same name, so the
same person, told to whoever may see them and to nobody across a block."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import PresenceVisibility
from boudoir.domain.errors import InvalidName, NameConfusable
from boudoir.testing.harness import TestWorld


async def test_a_case_variant_of_ones_own_name_is_taken_everywhere_at_once() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    phone = await world.login("alice")
    bob = await world.person("bob")
    await alice.join("tea")
    await bob.join("tea")
    for person in (alice, phone, bob):
        person.forget()

    await alice.recase("Alice")

    assert alice.lines() == ["alice is now known as Alice"]
    assert phone.lines() == ["alice is now known as Alice"], "their other connections follow"
    assert bob.lines() == ["alice is now known as Alice"]
    assert phone.name == "Alice"
    assert sorted(bob.members("tea")) == ["Alice", "bob"]
    assert "Alice (online)" in bob.online()
    stored = await world.world.characters.find("ALICE")
    assert stored.name == "Alice"
    bob.say("tea", "hi")
    assert alice.lines()[-1] == "[tea] bob says hi"
    assert alice.say("tea", "hello").sender.name == "Alice"


async def test_the_name_it_has_already_changes_nothing_and_tells_no_one() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("bob")
    await alice.join("tea")
    await bob.join("tea")
    alice.forget()
    bob.forget()
    await alice.recase("Alice")
    assert alice.lines() == []
    assert bob.lines() == []


async def test_another_name_is_refused_saying_only_the_case_may_change() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    with pytest.raises(InvalidName, match="only the case of its letters may change"):
        await alice.recase("Alicia")
    with pytest.raises(InvalidName):
        await alice.recase("Al ice")
    with pytest.raises(InvalidName, match="only the case"):
        await alice.recase("\uff21lice")  # a fullwidth A: the same name key, not a case change
    assert alice.name == "Alice"
    assert (await world.world.characters.find("alice")).name == "Alice"


async def test_a_case_variant_that_looks_like_someone_elses_name_is_refused() -> None:
    # "ALICE" reads as "ALlCE" with a lower-case L: its skeleton is that of "Allce".
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("Allce")
    with pytest.raises(NameConfusable, match="Allce"):
        await alice.recase("ALICE")
    assert alice.name == "alice"


async def test_someone_blocked_either_way_is_not_told() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    blocked = await world.person("blocked")
    blocker = await world.person("blocker")
    await alice.block("blocked")
    await blocker.block("alice")
    for person in (alice, blocked, blocker):
        await person.join("tea")
    for person in (alice, blocked, blocker):
        person.forget()

    await alice.recase("Alice")

    assert alice.lines() == ["alice is now known as Alice"]
    assert blocked.lines() == []
    assert blocker.lines() == []


async def test_those_who_may_see_presence_are_told_and_room_members_even_when_it_is_hidden() -> (
    None
):
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.set_presence(PresenceVisibility.NOBODY)
    roommate = await world.person("roommate")
    stranger = await world.person("stranger")
    dana = await world.person("dana")
    await dana.recase("Dana")  # everyone may see dana's presence
    await alice.join("tea")
    await roommate.join("tea")
    for person in (alice, roommate, stranger, dana):
        person.forget()

    await alice.recase("Alice")
    await dana.recase("DANA")

    assert roommate.lines() == ["alice is now known as Alice", "Dana is now known as DANA"]
    assert stranger.lines() == ["Dana is now known as DANA"], "alice's presence is hidden"
