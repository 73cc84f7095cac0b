"""Blocks: by account, both ways, on every character, never announced; and undoing them."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import ConsentRefused, InvalidInput, NotFound
from boudoir.testing.harness import TestPerson, TestWorld


async def in_lobby(world: TestWorld, *names: str) -> list[TestPerson]:
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join("lobby")
    for person in people:
        person.forget()
    return people


async def alt(world: TestWorld, owner: TestPerson, name: str) -> TestPerson:
    await world.world.characters.create(owner.account.id, name)
    return await world.login(owner.account.name, character=name)


async def test_blocked_people_do_not_hear_each_other_in_a_room_others_hear_both() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    await alice.block("bob")
    bob.say("lobby", "from bob")
    alice.say("lobby", "from alice")
    bob.pose("lobby", "waves at alice")
    assert carol.lines() == [
        "[lobby] bob says from bob",
        "[lobby] alice says from alice",
        "[lobby] bob waves at alice",
    ]
    assert not alice.saw("bob says")
    assert not alice.saw("waves")
    assert not bob.saw("alice says")


async def test_a_block_looks_like_leaving_and_going_offline_and_nothing_else() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    await alice.block("bob")
    # Exactly what anyone sees of someone who quits: they leave their rooms and go offline.
    assert bob.lines() == ["alice left lobby", "alice is offline"]
    assert alice.lines() == ["bob left lobby", "bob is offline"]
    assert carol.lines() == [], "nobody else learns of it"
    assert "alice (online)" not in bob.online()
    assert "bob (online)" not in alice.online()
    assert "alice (online)" in carol.online()


async def test_a_block_covers_every_character_of_both_accounts() -> None:
    world = await TestWorld.start()
    alice, bob = await in_lobby(world, "alice", "bob")
    wren = await alt(world, alice, "Wren")
    rook = await alt(world, bob, "Rook")
    await wren.join("lobby")
    await rook.join("lobby")
    await wren.block("Rook")
    for person in (alice, bob, wren, rook):
        person.forget()

    rook.say("lobby", "from rook")
    bob.say("lobby", "from bob")
    assert not alice.saw("from")
    assert not wren.saw("from")
    for sender, target in ((bob, "alice"), (rook, "Wren"), (rook, "alice"), (alice, "Rook")):
        with pytest.raises(ConsentRefused):
            await sender.message(target, "hello?")
    assert alice.members("lobby") == ["alice", "Wren"]
    assert rook.members("lobby") == ["bob", "Rook"]
    assert await wren.world.relations.blocks(alice.connection) == ["Rook"], "by the name used"


async def test_a_block_drops_waiting_requests_both_ways() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await bob.message("alice", "hello")
    await alice.message("bob", "hello you")
    await alice.block("bob")
    with pytest.raises(NotFound):
        await alice.accept("bob")
    with pytest.raises(NotFound):
        await bob.accept("alice")


async def test_a_block_holds_across_logins_and_against_someone_offline() -> None:
    world = await TestWorld.start()
    alice, carol = await in_lobby(world, "alice", "carol")
    bob = await world.person("bob")
    bob.quit()
    await alice.block("bob")  # bob is offline
    alice.forget()
    bob = await world.login("bob")
    await bob.join("lobby")
    assert not alice.saw("bob")
    assert carol.saw("bob joined lobby")
    assert bob.members("lobby") == ["bob", "carol"]
    assert not bob.saw("alice")

    alice.quit()
    alice = await world.login("alice")
    await alice.join("lobby")
    assert not bob.saw("alice joined")
    with pytest.raises(ConsentRefused):
        await bob.message("alice", "hello?")


async def test_unblocking_shows_each_to_the_other_again() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    await alice.block("bob")
    for person in (alice, bob, carol):
        person.forget()
    await alice.unblock("bob")
    assert "bob is online" in alice.lines()
    assert "alice is online" in bob.lines()
    assert "bob joined lobby" in alice.lines(), "back in the room, as far as alice can tell"
    assert "alice joined lobby" in bob.lines()
    assert carol.lines() == []
    assert alice.members("lobby") == ["alice", "bob", "carol"]
    bob.say("lobby", "welcome back")
    assert alice.saw("bob says welcome back")
    await bob.message("alice", "hello again")
    assert alice.saw("bob: hello again")


async def test_unblocking_does_not_undo_the_other_sides_block() -> None:
    world = await TestWorld.start()
    alice, bob = await in_lobby(world, "alice", "bob")
    await alice.block("bob")
    await bob.block("alice")
    alice.forget()
    bob.forget()
    await alice.unblock("bob")
    assert alice.lines() == []
    assert bob.lines() == []
    bob.say("lobby", "still hidden")
    assert not alice.saw("still hidden")


async def test_blocking_needs_someone_else_who_exists() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    with pytest.raises(InvalidInput):
        await alice.block("Wren")
    with pytest.raises(NotFound):
        await alice.block("nobody-by-that-name")
    with pytest.raises(NotFound):
        await alice.unblock("Wren")
