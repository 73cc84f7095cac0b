"""Who may see what of a character's profile, connected or not: only_me / friends / everyone
against a stranger, a friend, someone blocked (either way) and the owner."""

from __future__ import annotations

import pytest

from boudoir.core.characters import Profile
from boudoir.domain.entities import Audience, Interest, InterestLevel, PresenceVisibility, Status
from boudoir.domain.errors import NotFound
from boudoir.testing.harness import TestWorld


async def world_with_wren(audience: Audience) -> TestWorld:
    """alice owns Wren (interests private to ``audience``); bob is her friend, carol a
    stranger, mallory blocked by alice, and eve blocks alice."""
    world = await TestWorld.start()
    for name in ("alice", "bob", "carol", "mallory", "eve"):
        await world.register(name)
    alice = await world.world.accounts.find("alice")
    wren = await world.world.characters.create(alice.id, "Wren")
    await world.world.characters.update_profile(
        wren,
        pronouns="she/her",
        interests=[Interest("slow burn", InterestLevel.FAVOURITE)],
        hard_limits=["gore"],
        profile_audience=audience,
    )
    relations = world.world.relations
    await relations.befriend(alice.id, "bob")
    await relations.block_account(alice.id, "mallory")
    eve = await world.world.accounts.find("eve")
    await relations.block_account(eve.id, "alice")
    return world


async def look(world: TestWorld, viewer: str, name: str = "Wren") -> Profile:
    account = await world.world.accounts.find(viewer)
    return await world.world.profile(account, name)


DETAILS = {
    # audience -> viewers who see interests and hard limits
    Audience.ONLY_ME: {"alice"},
    Audience.FRIENDS: {"alice", "bob"},
    Audience.EVERYONE: {"alice", "bob", "carol"},
}


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("viewer", ["alice", "bob", "carol"])
async def test_details_follow_the_audience(audience: Audience, viewer: str) -> None:
    world = await world_with_wren(audience)
    profile = await look(world, viewer)
    assert profile.character.name == "Wren"
    assert profile.character.pronouns == "she/her"
    assert profile.details == (viewer in DETAILS[audience])


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("viewer", ["mallory", "eve"])
async def test_a_block_either_way_looks_like_no_such_character(
    audience: Audience, viewer: str
) -> None:
    world = await world_with_wren(audience)
    with pytest.raises(NotFound) as blocked:
        await look(world, viewer)
    with pytest.raises(NotFound) as missing:
        await look(world, viewer, "Nobody")
    assert blocked.value.message == missing.value.message.replace("Nobody", "Wren")


async def test_friends_means_the_owners_friends_not_the_viewers() -> None:
    world = await world_with_wren(Audience.FRIENDS)
    carol = await world.world.accounts.find("carol")
    await world.world.relations.befriend(carol.id, "Wren")
    assert not (await look(world, "carol")).details


async def test_presence_shows_only_to_those_who_may_see_it() -> None:
    world = await world_with_wren(Audience.EVERYONE)
    assert (await look(world, "carol")).online is False, "offline"
    wren = await world.login("alice", character="Wren")
    wren.set_status(Status.LOOKING)
    seen = await look(world, "carol")
    assert (seen.online, seen.status) == (True, Status.LOOKING)
    await wren.set_presence(PresenceVisibility.FRIENDS)
    hidden = await look(world, "carol")
    assert (hidden.online, hidden.status) == (False, None)
    friend = await look(world, "bob")
    assert (friend.online, friend.status) == (True, Status.LOOKING)
