"""Rooms: joining and leaving, who is here, the directory, ratings, invitations, bans, limits
and topics."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.domain.consent import Reason
from boudoir.domain.entities import MAX_TOPIC, DirectMessagePolicy, Room, RoomVisibility
from boudoir.domain.errors import (
    AlreadyInRoom,
    ConsentRefused,
    InvalidInput,
    InvalidName,
    NameConfusable,
    NotFound,
    NotInRoom,
)
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import TestWorld

# --- joining, leaving, who is here ---------------------------------------------------------------


async def test_joining_creates_the_room_and_others_see_newcomers_arrive() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.enter("LOBBY")  # names compare without case
    assert alice.saw("bob joined lobby")
    assert bob.members("lobby") == ["alice", "bob"]
    assert await bob.directory() == ["lobby"]
    with pytest.raises(AlreadyInRoom):
        await bob.enter("lobby")


async def test_entering_a_room_that_does_not_exist_or_has_a_bad_name_fails() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    with pytest.raises(NotFound):
        await alice.enter("nowhere")
    with pytest.raises(InvalidName):
        await alice.join("no spaces allowed")


async def test_a_room_name_that_looks_like_another_is_refused_naming_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.create_room("Alice")  # rooms are their own namespace: named like a character
    for attempt in (bob.create_room, bob.join):
        for look_alike in ("AIice", "#AIice"):  # a capital I, with or without IRC's prefix
            with pytest.raises(NameConfusable) as refused:
                await attempt(look_alike)
            assert refused.value.message == (
                "The room name 'AIice' looks too much like 'Alice', in use."
            )
    assert await bob.directory() == ["Alice"]
    assert not alice.saw("bob joined")


async def test_leaving_is_seen_and_ends_speaking_there() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    bob.leave("lobby")
    assert alice.saw("bob left lobby")
    assert alice.members("lobby") == ["alice"]
    with pytest.raises(NotInRoom):
        bob.say("lobby", "still here?")
    with pytest.raises(NotInRoom):
        bob.leave("lobby")


async def test_an_emptied_room_stays_listed_and_can_be_entered_again() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.join("lobby")
    alice.leave("lobby")
    assert await alice.directory() == ["lobby"]
    await alice.enter("lobby")
    assert alice.members("lobby") == ["alice"]


async def test_who_is_here_hides_blocked_people_both_ways() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    carol = await world.person("carol")
    for person in (alice, bob, carol):
        await person.join("lobby")
    await alice.block("bob")
    assert alice.members("lobby") == ["alice", "carol"]
    assert bob.members("lobby") == ["bob", "carol"]
    assert carol.members("lobby") == ["alice", "bob", "carol"]


# --- the directory -------------------------------------------------------------------------------


async def test_the_directory_lists_public_rooms_of_chosen_ratings_and_ones_you_are_in() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("lobby")
    await alice.create_room("velvet", rating=Rating.MATURE)
    await alice.create_room("crimson", rating=Rating.ADULT)
    await alice.create_room("nook", visibility=RoomVisibility.UNLISTED)
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    dana = await world.person("dana", attested=False, adult_character=False)
    erin = await world.person("erin", ratings=(Rating.GENERAL, Rating.MATURE))

    assert await alice.directory() == ["crimson", "den", "lobby", "nook", "velvet"]
    assert await dana.directory() == ["lobby"]
    assert await erin.directory() == ["lobby", "velvet"]
    await erin.enter("nook")
    assert await erin.directory() == ["lobby", "nook", "velvet"]


# --- ratings -------------------------------------------------------------------------------------


async def test_each_unmet_condition_of_a_rated_room_gives_its_own_reason() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("velvet", rating=Rating.MATURE)
    unattested = await world.person("una", attested=False)
    not_opted_in = await world.person("otto", ratings=(Rating.GENERAL,))
    young_looking = await world.person("cora", adult_character=False)
    ready = await world.person("rhea")

    for person, reason in (
        (unattested, Reason.AGE_NOT_ATTESTED),
        (not_opted_in, Reason.RATING_NOT_OPTED_IN),
        (young_looking, Reason.CHARACTER_NOT_ADULT),
    ):
        with pytest.raises(ConsentRefused) as refused:
            await person.enter("velvet")
        assert refused.value.reason == reason.value
        assert refused.value.message == reason.message
        assert not alice.saw(f"{person.name} joined")
    await ready.enter("velvet")
    assert alice.saw("rhea joined velvet")


async def test_nobody_creates_a_room_above_what_they_may_enter() -> None:
    world = await TestWorld.start()
    otto = await world.person("otto", ratings=(Rating.GENERAL, Rating.MATURE))
    with pytest.raises(ConsentRefused) as refused:
        await otto.create_room("crimson", rating=Rating.ADULT)
    assert refused.value.reason == Reason.RATING_NOT_OPTED_IN.value
    assert await otto.directory() == []


# --- private rooms and invitations ---------------------------------------------------------------


async def test_a_private_room_takes_only_the_invited() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    carol = await world.person("carol")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refused.value.reason == Reason.INVITE_ONLY.value

    await alice.invite("den", "bob")
    assert bob.saw("alice invites you to den")
    await bob.enter("den")
    assert alice.saw("bob joined den")
    # Only the room's managers invite into a private room.
    with pytest.raises(ConsentRefused) as not_manager:
        await bob.invite("den", "carol")
    assert not_manager.value.reason == Reason.NOT_PERMITTED.value
    assert not carol.saw("invites you")


async def test_an_invitation_lets_you_in_once() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    await alice.invite("den", "bob")
    await bob.enter("den")
    bob.leave("den")
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refused.value.reason == Reason.INVITE_ONLY.value


async def test_an_invitation_lapses_when_the_room_empties() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    await alice.invite("den", "bob")
    alice.leave("den")
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refused.value.reason == Reason.INVITE_ONLY.value


async def test_an_invitation_refused_by_block_policy_rating_or_absence_looks_the_same() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("velvet", rating=Rating.MATURE)
    blocker = await world.person("bea")
    await blocker.block("alice")
    closed = await world.person("cleo", policy=DirectMessagePolicy.NOBODY)
    general_only = await world.person("gus", ratings=(Rating.GENERAL,))
    gone = await world.person("gail")
    gone.quit()

    refusals = []
    for name in ("bea", "cleo", "gus", "gail", "nobody-at-all"):
        with pytest.raises(ConsentRefused) as refused:
            await alice.invite("velvet", name)
        refusals.append((type(refused.value), refused.value.reason, refused.value.message))
    assert refusals == [refusals[0]] * len(refusals)
    assert refusals[0][1] == Reason.UNAVAILABLE.value
    for person in (blocker, closed, general_only):
        assert not person.saw("invites you")


# --- bans, limits, topics ------------------------------------------------------------------------


async def test_only_a_manager_bans() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    with pytest.raises(ConsentRefused) as refused:
        await bob.ban("lobby", "alice")
    assert refused.value.reason == Reason.NOT_PERMITTED.value
    assert bob.members("lobby") == ["alice", "bob"]
    with pytest.raises(InvalidInput):
        await alice.ban("lobby", "alice")


async def test_a_full_room_refuses_newcomers_until_someone_leaves() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    carol = await world.person("carol")
    await alice.create_room("booth", member_limit=2)
    await bob.enter("booth")
    with pytest.raises(ConsentRefused) as refused:
        await carol.enter("booth")
    assert refused.value.reason == Reason.ROOM_FULL.value
    bob.leave("booth")
    await carol.enter("booth")
    assert alice.members("booth") == ["alice", "carol"]


async def test_a_second_connection_of_a_character_does_not_fill_a_seat() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.create_room("booth", member_limit=2)
    await bob.enter("booth")
    bob_again = await world.login("bob")
    await bob_again.enter("booth")
    assert alice.members("booth") == ["alice", "bob"]
    assert alice.lines().count("bob joined booth") == 1


async def test_only_managers_change_the_topic_and_everyone_sees_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    with pytest.raises(ConsentRefused) as refused:
        await bob.set_topic("lobby", "bob was here")
    assert refused.value.reason == Reason.NOT_PERMITTED.value
    assert not alice.saw("topic")

    await alice.set_topic("lobby", "  tea\n and   cake ")
    assert bob.saw("topic of lobby: tea and cake")
    assert alice.saw("topic of lobby: tea and cake")
    listing = (await world.world.rooms.directory(bob.connection))[0]
    assert listing.room.topic == "tea and cake"
    with pytest.raises(InvalidInput):
        await alice.set_topic("lobby", "x" * (MAX_TOPIC + 1))
    with pytest.raises(InvalidInput):
        await alice.set_topic("lobby", "\x1b[2Jcleared your screen")


async def test_a_connection_closed_while_its_join_waits_is_not_left_behind_in_the_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await world.world.rooms.create(alice.connection, "den")  # stored, not live: joining asks
    rooms = world.world.store.rooms
    find = rooms.find_by_name
    asked, answer = asyncio.Event(), asyncio.Event()

    async def slow_find(name: str) -> Room | None:
        asked.set()
        await answer.wait()
        return await find(name)

    monkeypatch.setattr(rooms, "find_by_name", slow_find)
    joining = asyncio.create_task(bob.join("den"))
    await asked.wait()
    bob.quit()  # bob hangs up while the store looks the room up
    answer.set()
    with pytest.raises(NotFound):
        await joining
    assert not bob.connection.rooms
    await alice.join("den")
    assert alice.members("den") == ["alice"]
    # Alone, alice's proposal starts the log at once: it waits for no ghost.
    assert world.world.logs.propose(alice.connection, "den").on
