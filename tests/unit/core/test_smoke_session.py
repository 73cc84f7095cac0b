"""A first session through the core harness: the shape every core test follows."""

import pytest

from boudoir.domain.errors import ConsentRefused
from boudoir.testing.harness import TestWorld


async def test_alice_says_hi_and_bob_hears_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    assert alice.saw("bob joined lobby")
    alice.say("lobby", "hi")
    alice.pose("lobby", "waves")
    assert bob.saw("[lobby] alice says hi")
    assert bob.saw("[lobby] alice waves")
    assert not alice.saw("alice says hi"), "the sender's gateway echoes, not the core"


async def test_block_hides_both_ways_and_refuses_like_offline() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    carol = await world.person("carol")
    for person in (alice, bob, carol):
        await person.join("lobby")
    await alice.block("bob")
    bob.say("lobby", "can you hear me")
    assert carol.saw("bob says can you hear me")
    assert not alice.saw("can you hear me")
    assert bob.saw("alice left lobby")
    with pytest.raises(ConsentRefused) as blocked:
        await bob.message("alice", "hello?")
    carol.quit()
    with pytest.raises(ConsentRefused) as offline:
        await bob.message("carol", "hello?")
    assert (blocked.value.reason, blocked.value.message) == (
        offline.value.reason,
        offline.value.message,
    )
