"""Guests' nicks (IRC clients not logged in): one namespace with characters, held one at a time."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.domain.errors import NameConfusable, NameRegistered, NameTaken
from boudoir.domain.ids import ConnectionId
from boudoir.testing.harness import PASSWORD, RecordingSession, TestWorld

GUEST = ConnectionId("irc-guest-1")
OTHER = ConnectionId("irc-guest-2")


async def test_a_nick_a_guest_holds_is_refused_to_another_guest_alike_and_look_alike() -> None:
    world = (await TestWorld.start()).world
    await world.claim_guest_nick(GUEST, "Wanderer")

    with pytest.raises(NameTaken) as taken:
        await world.claim_guest_nick(OTHER, "WANDERER")
    assert type(taken.value) is NameTaken
    with pytest.raises(NameConfusable, match="Wanderer"):
        await world.claim_guest_nick(OTHER, "Wander\u0435r")  # a Cyrillic e

    await world.claim_guest_nick(GUEST, "wanderer")  # its holder may change its case
    assert world.registry.users() == 1


async def test_a_guest_nick_is_free_again_once_its_guest_changes_it_or_leaves() -> None:
    world = (await TestWorld.start()).world
    await world.claim_guest_nick(GUEST, "Wanderer")
    await world.claim_guest_nick(GUEST, "Rover")
    await world.claim_guest_nick(OTHER, "Wanderer")

    world.release_guest_nick(GUEST)
    await world.claim_guest_nick(ConnectionId("irc-guest-3"), "Rover")
    assert world.registry.users() == 2


async def test_a_registered_name_is_refused_to_guests_whether_online_or_not() -> None:
    test = await TestWorld.start()
    await test.register("Bruno")  # offline
    await test.person("Carmen")  # online
    for name in ("bruno", "Carmen"):
        with pytest.raises(NameRegistered, match="log in"):
            await test.world.claim_guest_nick(GUEST, name)
    with pytest.raises(NameConfusable):
        await test.world.claim_guest_nick(GUEST, "Brun0")
    assert test.world.registry.users() == 1  # Carmen


async def test_of_two_guests_claiming_one_nick_at_once_exactly_one_holds_it() -> None:
    world = (await TestWorld.start()).world
    results = await asyncio.gather(
        world.claim_guest_nick(GUEST, "Twin"),
        world.claim_guest_nick(OTHER, "twin"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["NameTaken", "NoneType"]


async def test_logging_in_frees_the_guest_nick() -> None:
    test = await TestWorld.start()
    await test.register("Dora")
    await test.world.claim_guest_nick(GUEST, "Visitor")
    account = await test.world.accounts.authenticate("Dora", PASSWORD)
    await test.world.connect(RecordingSession(connection_id=GUEST), account)
    assert test.world.registry.users() == 1  # Dora, no longer a guest
    await test.world.claim_guest_nick(OTHER, "Visitor")


async def test_users_are_characters_online_and_guests_and_the_most_seen_is_kept() -> None:
    test = await TestWorld.start()
    dora = await test.person("Dora")
    await test.world.claim_guest_nick(GUEST, "Visitor")
    await test.world.claim_guest_nick(OTHER, "Rover")
    assert (test.world.registry.users(), test.world.registry.most_users) == (3, 3)

    test.world.release_guest_nick(GUEST)
    test.world.disconnect(dora.connection)
    assert (test.world.registry.users(), test.world.registry.most_users) == (1, 3)
