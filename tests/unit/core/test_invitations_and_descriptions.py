"""Who hears of an invitation besides the invitee, and of a changed description."""

from __future__ import annotations

from boudoir.domain.entities import RoomVisibility
from boudoir.testing.harness import TestWorld


async def test_the_rooms_managers_see_an_invitation_and_nobody_else_does() -> None:
    world = await TestWorld.start()
    owner = await world.person("Olive")
    moderator = await world.person("Maya")
    member = await world.person("Mira")
    inviter = owner
    guest = await world.person("Gus")
    await owner.create_room("parlour", visibility=RoomVisibility.PRIVATE)
    await owner.invite("parlour", "Maya")
    await moderator.enter("parlour")
    await world.world.rooms.set_moderator(owner.connection, "parlour", "Maya", True)
    await owner.invite("parlour", "Mira")
    await member.enter("parlour")
    for person in (owner, moderator, member):
        person.forget()

    await inviter.invite("parlour", "Gus")

    assert guest.saw("Olive invites you to parlour")
    assert moderator.saw("Olive invited Gus to parlour")
    assert not member.saw("Olive invited Gus to parlour"), "members who do not manage are not told"
    assert not owner.saw("Olive invited Gus to parlour"), "the inviter is answered, not told"


async def test_a_manager_across_a_block_does_not_hear_of_the_invitation() -> None:
    world = await TestWorld.start()
    owner = await world.person("Olive")
    moderator = await world.person("Maya")
    await world.person("Gus")
    await owner.create_room("parlour")
    await moderator.enter("parlour")
    await world.world.rooms.set_moderator(owner.connection, "parlour", "Maya", True)
    await moderator.block("Gus")
    moderator.forget()

    await owner.invite("parlour", "Gus")

    assert not moderator.saw("Olive invited Gus to parlour")


async def test_a_new_description_reaches_those_sharing_a_room_except_across_a_block() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob")
    carol = await world.person("Carol")
    dora = await world.person("Dora")
    await alice.join("lounge")
    await bob.join("lounge")
    await carol.join("lounge")
    await carol.block("Alice")
    for person in (alice, bob, carol, dora):
        person.forget()

    await world.world.describe(alice.connection, "tall, red scarf")

    assert bob.saw("Alice is now described as: tall, red scarf")
    assert not carol.saw("Alice is now described as: tall, red scarf")
    assert not dora.saw("Alice is now described as: tall, red scarf"), "no shared room"
    assert alice.connection.character.short_description == "tall, red scarf"
