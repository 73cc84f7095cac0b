"""Client tags (typing indicators, reactions): relayed with messages and on their own, only
where a message would go, never as a message request and never across a block."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import ConsentRefused, InvalidInput
from boudoir.domain.events import DirectMessageSent, RoomMessageSent
from boudoir.testing.harness import TestWorld

TYPING = (("+typing", "active"),)


async def test_room_speech_carries_the_senders_client_tags() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob")
    await alice.join("lounge")
    await bob.join("lounge")

    world.world.messages.say(alice.connection, "lounge", "hi", client_tags=(("+draft/react", "x"),))

    heard = [e for e in bob.session.events if isinstance(e, RoomMessageSent)]
    assert heard[-1].client_tags == (("+draft/react", "x"),)


async def test_typing_reaches_the_room_but_not_across_a_block() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob")
    carol = await world.person("Carol")
    for person in (alice, bob, carol):
        await person.join("lounge")
    await carol.block("Alice")
    for person in (alice, bob, carol):
        person.forget()

    world.world.messages.signal(alice.connection, "#lounge", TYPING)

    assert bob.saw("Alice signals +typing=active to lounge")
    assert not carol.saw("signals")
    assert not alice.saw("signals"), "the sender is answered by its gateway, not told"


async def test_typing_to_a_stranger_is_dropped_and_to_a_refuser_refused_like_a_message() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob")
    await alice.join("lounge")
    await bob.join("lounge")
    await world.world.accounts.update_settings(
        bob.account.id, dm_policy=DirectMessagePolicy.SHARED_ROOM
    )
    bob.forget()

    world.world.messages.signal(alice.connection, "Bob", TYPING)
    assert not bob.saw("signals"), "a stranger's typing is not a message request"

    await world.world.accounts.update_settings(bob.account.id, dm_policy=DirectMessagePolicy.NOBODY)
    with pytest.raises(ConsentRefused) as refused:
        world.world.messages.signal(alice.connection, "Bob", TYPING)
    with pytest.raises(ConsentRefused) as offline:
        world.world.messages.signal(alice.connection, "Nobody", TYPING)
    assert refused.value.message == offline.value.message


async def test_typing_between_people_in_touch_arrives_and_direct_messages_carry_tags() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    bob = await world.person("Bob")
    await bob.befriend("Alice")
    await alice.message("Bob", "hello")
    bob.forget()

    world.world.messages.signal(alice.connection, "Bob", TYPING)
    await world.world.messages.direct(alice.connection, "Bob", "again", client_tags=TYPING)

    assert bob.saw("Alice signals +typing=active to you")
    sent = [e for e in bob.session.events if isinstance(e, DirectMessageSent)]
    assert sent[-1].client_tags == TYPING


async def test_client_tags_must_be_client_only_and_small() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")
    await alice.join("lounge")
    for bad in (
        (("typing", "x"),),
        (("+x", "a" * 5000),),
        tuple((f"+t{i}", "") for i in range(17)),
    ):
        with pytest.raises(InvalidInput):
            world.world.messages.signal(alice.connection, "#lounge", bad)
