"""Direct messages: each policy, message requests (accept, decline, the waiting queue), replies,
and refusals that never say why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from boudoir.core.messaging import MAX_WAITING_PER_REQUEST
from boudoir.domain.consent import Reason
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import ConsentRefused, NotFound
from boudoir.testing.harness import TestPerson, TestWorld

ANYONE = DirectMessagePolicy.ANYONE
SHARED_ROOM = DirectMessagePolicy.SHARED_ROOM
FRIENDS = DirectMessagePolicy.FRIENDS
NOBODY = DirectMessagePolicy.NOBODY


async def pair(world: TestWorld, policy: DirectMessagePolicy = ANYONE) -> tuple[TestPerson, ...]:
    """alice (whose policy is ``policy``) and bob, a stranger to her; both have seen nothing."""
    alice = await world.person("alice", policy=policy)
    bob = await world.person("bob")
    alice.forget()
    bob.forget()
    return alice, bob


# --- policies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "tie", "outcome"),
    [
        (ANYONE, "stranger", "request"),
        (ANYONE, "shares a room", "request"),
        (ANYONE, "friend", "delivered"),
        (SHARED_ROOM, "stranger", "refused"),
        (SHARED_ROOM, "shares a room", "request"),
        (SHARED_ROOM, "friend", "delivered"),
        (FRIENDS, "stranger", "refused"),
        (FRIENDS, "shares a room", "refused"),
        (FRIENDS, "friend", "delivered"),
        (NOBODY, "stranger", "refused"),
        (NOBODY, "shares a room", "refused"),
        (NOBODY, "friend", "refused"),
    ],
)
async def test_who_may_message_whom(policy: DirectMessagePolicy, tie: str, outcome: str) -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world, policy)
    if tie == "shares a room":
        await alice.join("lobby")
        await bob.join("lobby")
    if tie == "friend":
        await alice.befriend("bob")
    alice.forget()
    if outcome == "refused":
        with pytest.raises(ConsentRefused) as refused:
            await bob.message("alice", "hello")
        assert refused.value.reason == Reason.UNAVAILABLE.value
        assert alice.lines() == []
        return
    await bob.message("alice", "hello")
    expected = "request from bob: hello" if outcome == "request" else "bob -> alice: hello"
    assert alice.lines() == [expected]


async def test_refusals_for_offline_blocked_and_unwilling_people_look_the_same() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    blocker = await world.person("bea")
    await blocker.block("bob")
    await world.person("nell", policy=NOBODY)
    await world.person("fran", policy=FRIENDS)
    await world.person("sam", policy=SHARED_ROOM)
    gone = await world.person("gail")
    gone.quit()

    refusals = set()
    for name in ("bea", "nell", "fran", "sam", "gail", "never-registered"):
        with pytest.raises(ConsentRefused) as refused:
            await bob.message(name, "hello?")
        refusals.add(
            (type(refused.value), refused.value.code, refused.value.reason, str(refused.value))
        )
    assert refusals == {
        (ConsentRefused, "consent_refused", Reason.UNAVAILABLE.value, Reason.UNAVAILABLE.message)
    }


async def test_nobody_means_nobody_even_for_someone_accepted_before() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await bob.message("alice", "hi")
    await alice.accept("bob")
    await alice.set_policy(NOBODY)
    with pytest.raises(ConsentRefused):
        await bob.message("alice", "still there?")
    assert not alice.saw("still there?")


async def test_nobody_messages_their_own_other_character() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    wren = await world.login("alice", character="Wren")
    with pytest.raises(ConsentRefused) as refused:
        await alice.message("Wren", "hello me")
    assert refused.value.reason == Reason.SELF.value
    assert not wren.saw("hello me")


async def test_a_note_to_self_reaches_the_characters_other_connections_and_nobody_else() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice", policy=NOBODY)  # no policy stands between her and her
    alice_phone = await world.login("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    wren = await world.login("alice", character="Wren")
    for person in (alice, alice_phone, wren):
        person.forget()
    sent = await alice.message("ALICE", "buy milk")
    assert sent.recipient.id == sent.sender.id == alice.connection.character.id
    assert alice_phone.saw("buy milk")
    assert not alice.saw("buy milk"), "the sending connection shows it as sent, as any message"
    assert not wren.saw("buy milk")
    assert world.world.messages.requests(alice.connection) == []
    assert alice.account.id not in world.world.registry.contacts.get(alice.account.id, set())


# --- requests ------------------------------------------------------------------------------------


async def test_a_strangers_messages_wait_behind_the_first_until_accepted_in_order() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    first = await bob.message("alice", "hello, I liked your scene")
    assert first.text == "hello, I liked your scene", "the sender is told nothing different"
    await bob.message("alice", "second")
    await bob.message("alice", "third")
    assert alice.lines() == ["request from bob: hello, I liked your scene"]
    assert [r.sender.name for r in world.world.messages.requests(alice.connection)] == ["bob"]

    await alice.accept("bob")
    assert alice.lines()[1:] == [
        "request from bob accepted",
        "bob -> alice: hello, I liked your scene",
        "bob -> alice: second",
        "bob -> alice: third",
    ], "the first message joins the conversation, then the rest in order"
    await bob.message("alice", "fourth")
    assert alice.lines()[-1] == "bob -> alice: fourth"
    assert world.world.messages.requests(alice.connection) == []


async def test_the_waiting_queue_is_bounded() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await bob.message("alice", "first")
    for number in range(MAX_WAITING_PER_REQUEST + 5):
        await bob.message("alice", f"more {number}")
    await alice.accept("bob")
    delivered = alice.lines()[3:]
    assert delivered == [f"bob -> alice: more {n}" for n in range(MAX_WAITING_PER_REQUEST)]


async def test_a_declined_stranger_is_dropped_silently_now_and_later() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await bob.message("alice", "hello")
    await bob.message("alice", "waiting")
    alice.decline("bob")
    await bob.message("alice", "did you get my message?")  # returns normally
    await bob.message("alice", "hello again")
    assert alice.lines() == ["request from bob: hello", "request from bob declined"]
    assert world.world.messages.requests(alice.connection) == []
    with pytest.raises(NotFound):
        await alice.accept("bob")
    assert bob.lines() == []


async def test_every_connection_of_the_recipient_sees_the_request() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await world.world.characters.create(alice.account.id, "Wren")
    wren = await world.login("alice", character="Wren")
    wren.forget()
    await bob.message("alice", "hi")
    assert wren.lines() == ["request from bob: hi"]


async def test_an_answer_to_someone_you_wrote_first_is_not_a_request() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await alice.message("bob", "hi bob")
    assert bob.lines() == ["request from alice: hi bob"]
    await bob.message("alice", "hi alice")
    assert alice.lines() == ["bob -> alice: hi alice"]


async def _answer_by_writing(alice: TestPerson) -> None:
    await alice.message("bob", "hello bob")


async def _answer_by_befriending(alice: TestPerson) -> None:
    await alice.befriend("bob")


@pytest.mark.parametrize(
    "answer",
    [_answer_by_writing, _answer_by_befriending],
    ids=["writing back", "making a friend"],
)
async def test_answering_a_request_accepts_it_and_keeps_the_order(
    answer: Callable[[TestPerson], Awaitable[None]],
) -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await bob.message("alice", "one")
    await bob.message("alice", "two")
    await answer(alice)  # instead of pressing accept
    await bob.message("alice", "three")
    assert alice.lines() == [
        "request from bob: one",
        "request from bob accepted",
        "bob -> alice: one",
        "bob -> alice: two",
        "bob -> alice: three",
    ]
    assert world.world.messages.requests(alice.connection) == []


async def test_an_answered_request_is_cleared_on_every_connection_of_the_recipient() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    alice_phone = await world.login("alice")
    await bob.message("alice", "hi")
    await bob.message("alice", "anyone?")
    alice_phone.forget()
    await alice.accept("bob")
    assert alice_phone.lines() == [
        "request from bob accepted",
        "bob -> alice: hi",
        "bob -> alice: anyone?",
    ]


async def test_an_accepted_stranger_stays_accepted_after_logging_in_again() -> None:
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await bob.message("alice", "hi")
    await alice.accept("bob")
    alice.quit()
    bob.quit()
    alice = await world.login("alice")
    bob = await world.login("bob")
    alice.forget()
    await bob.message("alice", "back again")
    assert alice.lines() == ["bob -> alice: back again"]


# --- delivery ------------------------------------------------------------------------------------


async def test_a_message_reaches_the_character_and_echoes_to_the_senders_other_connections() -> (
    None
):
    world = await TestWorld.start()
    alice, bob = await pair(world)
    await alice.befriend("bob")
    await world.world.characters.create(alice.account.id, "Wren")
    wren = await world.login("alice", character="Wren")
    alice_phone = await world.login("alice")
    bob_phone = await world.login("bob")
    for person in (alice, bob, wren, alice_phone, bob_phone):
        person.forget()
    await bob.message("alice", "for alice")
    assert alice.lines() == ["bob -> alice: for alice"]
    assert alice_phone.lines() == ["bob -> alice: for alice"]
    assert bob_phone.lines() == ["bob -> alice: for alice"]
    assert bob.lines() == []
    assert wren.lines() == [], "a message is for the character it names"
