"""Meeting requests (MUCK meetme): asked, never forced; refused like a direct message."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.meetings import (
    MAX_MEET_REQUESTS_PER_RECIPIENT,
    MEET_RATE_WINDOW,
    MEET_REQUEST_LIFETIME,
    MEET_REQUESTS_PER_WINDOW,
    NoMeetRequest,
)
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import ConsentRefused, Throttled
from boudoir.domain.events import MeetDeclined, MeetRequestReceived
from boudoir.testing.harness import TestPerson, TestWorld


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def meet_requests(person: TestPerson) -> list[str]:
    return [e.requester.name for e in person.session.events if isinstance(e, MeetRequestReceived)]


async def test_alice_asks_bob_to_meet_and_bob_joins_her() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")

    world.world.meetings.request(alice.connection, "bob")

    assert bob.saw("Alice asks to meet you")
    assert [r.requester.name for r in world.world.meetings.pending(bob.connection)] == ["Alice"]
    asker = world.world.meetings.take(bob.connection, "ALICE", summon=False)
    assert alice.is_behind(asker)
    # Used up: a second yes finds nothing.
    with pytest.raises(NoMeetRequest):
        world.world.meetings.take(bob.connection, "Alice", summon=True)


async def test_bob_summons_alice_and_the_request_is_gone() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    world.world.meetings.request(alice.connection, "Bob")

    assert alice.is_behind(world.world.meetings.take(bob.connection, "Alice", summon=True))
    assert world.world.meetings.pending(bob.connection) == []


async def test_nobody_can_answer_a_request_that_was_never_made() -> None:
    world = await TestWorld.start()
    alice, _bob = await world.person("Alice"), await world.person("Bob")
    world.world.meetings.request(alice.connection, "Bob")

    with pytest.raises(NoMeetRequest) as caught:
        world.world.meetings.take(alice.connection, "Bob", summon=False)
    assert caught.value.code == "no_meet_request"


async def test_carol_blocked_by_bob_is_refused_exactly_like_dave_whose_policy_refuses() -> None:
    world = await TestWorld.start()
    bob = await world.person("Bob")
    carol = await world.person("Carol")
    erin = await world.person("Erin", policy=DirectMessagePolicy.NOBODY)
    dave = await world.person("Dave")
    await bob.block("Carol")

    with pytest.raises(ConsentRefused) as blocked:
        world.world.meetings.request(carol.connection, "Bob")
    with pytest.raises(ConsentRefused) as policy:
        world.world.meetings.request(dave.connection, "Erin")
    with pytest.raises(ConsentRefused) as offline:
        world.world.meetings.request(dave.connection, "Nobody")

    assert (blocked.value.reason, blocked.value.message) == (
        policy.value.reason,
        policy.value.message,
    )
    assert (offline.value.reason, offline.value.message) == (
        policy.value.reason,
        policy.value.message,
    )
    assert meet_requests(bob) == []
    assert meet_requests(erin) == []


async def test_a_request_expires_after_its_lifetime() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    world.world.meetings.request(alice.connection, "Bob")

    clock.now += MEET_REQUEST_LIFETIME

    assert world.world.meetings.pending(bob.connection) == []
    with pytest.raises(NoMeetRequest):
        world.world.meetings.take(bob.connection, "Alice", summon=False)


async def test_asking_twice_tells_once_and_keeps_one_request() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")

    world.world.meetings.request(alice.connection, "Bob")
    clock.now += dt.timedelta(minutes=5)
    world.world.meetings.request(alice.connection, "Bob")
    clock.now += dt.timedelta(minutes=6)  # past the first request's lifetime, not the second's

    assert meet_requests(bob) == ["Alice"]
    assert len(world.world.meetings.pending(bob.connection)) == 1
    assert alice.is_behind(world.world.meetings.take(bob.connection, "Alice", summon=False))


async def test_asking_again_after_expiry_tells_again() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    world.world.meetings.request(alice.connection, "Bob")
    clock.now += MEET_REQUEST_LIFETIME

    world.world.meetings.request(alice.connection, "Bob")

    assert meet_requests(bob) == ["Alice", "Alice"]


async def test_declining_tells_the_asker_the_same_whether_or_not_bob_blocks() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    world.world.meetings.request(alice.connection, "Bob")
    world.world.meetings.request(carol.connection, "Bob")

    await world.world.meetings.decline(bob.connection, "Alice")
    await world.world.meetings.decline(bob.connection, "Carol", block=True)

    said_to_alice = [e for e in alice.session.events if isinstance(e, MeetDeclined)]
    said_to_carol = [e for e in carol.session.events if isinstance(e, MeetDeclined)]
    assert [e.by.name for e in said_to_alice] == [e.by.name for e in said_to_carol] == ["Bob"]
    # The block holds: Carol cannot ask again, and is refused like anyone unavailable.
    with pytest.raises(ConsentRefused) as caught:
        world.world.meetings.request(carol.connection, "Bob")
    assert caught.value.reason == "recipient_unavailable"
    # Alice, only declined, may ask again.
    world.world.meetings.request(alice.connection, "Bob")


async def test_a_request_from_someone_blocked_since_cannot_be_taken() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    world.world.meetings.request(alice.connection, "Bob")

    await alice.block("Bob")

    assert world.world.meetings.pending(bob.connection) == []
    with pytest.raises(NoMeetRequest):
        world.world.meetings.take(bob.connection, "Alice", summon=True)


async def test_logging_out_drops_requests_to_and_from_the_character() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    carol = await world.person("Carol")
    world.world.meetings.request(alice.connection, "Bob")
    world.world.meetings.request(bob.connection, "Carol")

    bob.quit()
    bob_again = await world.login("Bob")

    assert world.world.meetings.pending(bob_again.connection) == []
    assert world.world.meetings.pending(carol.connection) == []


async def test_a_crowd_of_askers_keeps_only_the_newest_requests() -> None:
    world = await TestWorld.start()
    bob = await world.person("Bob")
    askers = [await world.person(f"Asker{n}") for n in range(MAX_MEET_REQUESTS_PER_RECIPIENT + 2)]
    for asker in askers:
        world.world.meetings.request(asker.connection, "Bob")

    names = [r.requester.name for r in world.world.meetings.pending(bob.connection)]
    assert names == [a.name for a in askers[2:]]


async def test_asking_too_often_is_throttled_per_account_until_the_window_passes() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice = await world.person("Alice")
    others = [await world.person(f"Other{n}") for n in range(MEET_REQUESTS_PER_WINDOW + 1)]
    for other in others[:MEET_REQUESTS_PER_WINDOW]:
        world.world.meetings.request(alice.connection, other.name)

    with pytest.raises(Throttled):
        world.world.meetings.request(alice.connection, others[-1].name)
    assert meet_requests(others[-1]) == []

    clock.now += MEET_RATE_WINDOW
    world.world.meetings.request(alice.connection, others[-1].name)
    assert meet_requests(others[-1]) == ["Alice"]


async def test_nobody_asks_themselves() -> None:
    world = await TestWorld.start()
    alice = await world.person("Alice")

    with pytest.raises(ConsentRefused) as caught:
        world.world.meetings.request(alice.connection, "Alice")
    assert caught.value.reason == "self_target"
