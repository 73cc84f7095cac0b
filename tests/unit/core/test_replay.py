"""The replay: what a reload, a second tab or a phone gets back of what was said while it was
away, from memory only, and only what reached that person."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.replay import ReplayLimits
from boudoir.core.world import World
from boudoir.domain.errors import ConsentRefused, InvalidInput
from boudoir.domain.events import DiceRolled
from boudoir.domain.intents import Recall
from boudoir.domain.replies import Recalled
from boudoir.testing.harness import FAST_HASHING, TestPerson, TestWorld


class Clock:
    """A second passes each time anyone reads it: every event happens at its own time."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


async def start() -> tuple[TestWorld, Clock]:
    clock = Clock()
    return await TestWorld.start(clock), clock


def replay(person: TestPerson, room: str = "lobby", limit: int | None = None) -> list[str]:
    live = next(r for r in person.world.registry.rooms.values() if r.room.name == room)
    lines = person.world.replay.room_lines(person.account.id, live.room.id, limit)
    return [
        f"{line.roller.name} rolls {line.summary()}"
        if isinstance(line, DiceRolled)
        else f"{line.sender.name}: {line.text}"
        for line in lines
    ]


def conversations(person: TestPerson) -> list[str]:
    lines = person.world.replay.conversations(person.connection)
    return [f"{line.sender.name}>{line.recipient.name}: {line.text}" for line in lines]


async def in_lobby(world: TestWorld, *names: str) -> list[TestPerson]:
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join("lobby")
    return people


async def test_a_second_tab_gets_what_was_said_while_the_person_was_there() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    alice.say("lobby", "hello")
    bob.pose("lobby", "waves")
    tab = await world.login("bob")
    await tab.join("lobby")
    assert replay(tab) == ["alice: hello", "bob: waves"]


async def test_a_roll_is_replayed_and_recalled_among_the_lines_but_not_across_a_block() -> None:
    world, _ = await start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    await carol.block("alice")
    alice.say("lobby", "let fate decide")
    rolled = alice.roll("lobby", "2d6")
    bob.say("lobby", "ouch")
    tab = await world.login("bob")
    await tab.join("lobby")
    expected = ["alice: let fate decide", f"alice rolls {rolled.summary()}", "bob: ouch"]
    assert replay(tab) == expected
    recalled = await tab.do(Recall("lobby", None))
    assert isinstance(recalled, Recalled)
    assert [line.id for line in recalled.lines][1] == rolled.id
    assert replay(carol) == ["bob: ouch"]  # who blocks the roller never saw it, nor sees it now


async def test_nothing_said_before_someone_came_nor_while_they_were_away() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    alice.say("lobby", "before carol")
    carol = await world.person("carol")
    await carol.join("lobby")
    alice.say("lobby", "while carol is here")
    carol.leave("lobby")
    alice.say("lobby", "after carol left")
    await carol.join("lobby")
    alice.say("lobby", "carol is back")
    assert replay(carol) == ["alice: while carol is here", "alice: carol is back"]
    assert replay(bob) == [
        "alice: before carol",
        "alice: while carol is here",
        "alice: after carol left",
        "alice: carol is back",
    ]


async def test_present_on_any_connection_counts() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    phone = await world.login("bob")
    await phone.join("lobby")
    bob.leave("lobby")  # the laptop leaves; the phone stays
    alice.say("lobby", "still heard on the phone")
    phone.quit()  # and now nobody of bob's is there
    alice.say("lobby", "said to nobody of bob's")
    await bob.join("lobby")
    assert replay(bob) == ["alice: still heard on the phone"]


async def test_blocks_hide_lines_both_ways_even_lines_said_before_the_block() -> None:
    world, _ = await start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    alice.say("lobby", "from alice")
    bob.say("lobby", "from bob")
    carol.say("lobby", "from carol")
    await alice.block("bob")
    assert replay(alice) == ["alice: from alice", "carol: from carol"]
    assert replay(bob) == ["bob: from bob", "carol: from carol"]
    assert len(replay(carol)) == 3


async def test_a_line_said_across_a_block_stays_hidden_once_the_block_is_lifted() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    await alice.block("bob")
    bob.say("lobby", "unheard by alice")
    await alice.unblock("bob")
    assert "bob: unheard by alice" not in replay(alice)
    bob.say("lobby", "heard by alice")
    assert replay(alice)[-1] == "bob: heard by alice"


async def test_a_whisper_comes_back_to_its_two_ends_only() -> None:
    world, _ = await start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    alice.whisper("lobby", "bob", "psst")
    assert replay(bob) == ["alice: psst"]
    assert replay(alice) == ["alice: psst"]
    assert replay(carol) == []


async def test_direct_messages_come_back_to_both_sides_and_not_across_a_later_block() -> None:
    world, _ = await start()
    alice, bob, carol = await in_lobby(world, "alice", "bob", "carol")
    await alice.message("bob", "hi bob")
    await bob.accept("alice")
    await bob.message("alice", "hi alice")
    await carol.message("alice", "a request, not yet accepted")
    bob_phone = await world.login("bob")
    assert conversations(bob_phone) == ["alice>bob: hi bob", "bob>alice: hi alice"]
    assert conversations(alice) == ["alice>bob: hi bob", "bob>alice: hi alice"]
    assert conversations(carol) == []  # a request waiting is not delivered yet
    await bob.block("alice")
    assert conversations(bob_phone) == ["bob>alice: hi alice"]
    assert conversations(alice) == ["alice>bob: hi bob"]


async def test_erasing_an_account_removes_its_lines_from_every_buffer() -> None:
    world, _ = await start()
    bob, alice = await in_lobby(world, "bob", "alice")  # bob's room outlives alice
    alice.say("lobby", "from alice")
    bob.say("lobby", "from bob")
    alice.whisper("lobby", "bob", "whispered")
    await alice.message("bob", "written")
    await world.world.accounts.erase(alice.account.id)
    assert replay(bob) == ["bob: from bob"]
    assert conversations(bob) == []


async def test_a_buffer_keeps_its_last_lines_and_none_older_than_the_age_limit() -> None:
    world, clock = await start()
    world.world.replay.limits = ReplayLimits(lines=3, age=dt.timedelta(minutes=5))
    alice, bob = await in_lobby(world, "alice", "bob")
    for number in range(5):
        alice.say("lobby", f"line {number}")
    assert replay(bob) == ["alice: line 2", "alice: line 3", "alice: line 4"]
    assert replay(bob, limit=1) == ["alice: line 4"]
    clock.now += dt.timedelta(minutes=5)
    alice.say("lobby", "fresh")
    assert replay(bob) == ["alice: fresh"]


async def test_a_busy_room_with_many_speakers_replays_each_line_by_its_speaker() -> None:
    world, _ = await start()
    world.world.replay.limits = ReplayLimits(lines=3)
    names = ("amy", "ben", "cat", "dan", "eve", "fay", "gus")
    bob, *speakers = await in_lobby(world, "bob", *names)
    for person in speakers:
        person.say("lobby", f"hi from {person.name}")
    await bob.block("fay")
    # Many more speakers than the buffer holds lines: each kept line still knows its
    # speaker, so bob's block hides fay's line and the others come back by name.
    assert replay(bob) == ["eve: hi from eve", "gus: hi from gus"]
    assert replay(speakers[1]) == ["eve: hi from eve", "fay: hi from fay", "gus: hi from gus"]
    await world.world.accounts.erase(speakers[4].account.id)
    assert replay(speakers[1]) == ["fay: hi from fay", "gus: hi from gus"]


async def test_the_room_buffer_outlives_an_empty_room_for_those_who_were_there() -> None:
    world, _ = await start()
    (alice,) = await in_lobby(world, "alice")
    alice.say("lobby", "alone")
    alice.quit()  # the reload: the only member leaves, the room empties
    again = await world.login("alice")
    await again.join("lobby")
    assert replay(again) == ["alice: alone"]


async def test_a_restart_keeps_nothing() -> None:
    world, _ = await start()
    alice, _bob = await in_lobby(world, "alice", "bob")
    alice.say("lobby", "gone with the process")
    restarted = TestWorld(World(world.world.store, Argon2Hasher(FAST_HASHING)))
    again = await restarted.login("alice")
    await again.join("lobby")
    assert replay(again) == []


async def test_nothing_is_kept_with_no_lines_allowed() -> None:
    world, _ = await start()
    world.world.replay.limits = ReplayLimits(lines=0)
    alice, bob = await in_lobby(world, "alice", "bob")
    alice.say("lobby", "not kept")
    await alice.message("bob", "nor this")
    assert replay(bob) == []
    assert conversations(bob) == []


async def test_newcomers_see_nothing_from_before_unless_the_owner_opens_the_last_lines() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")  # alice made the lobby: she owns it
    alice.say("lobby", "one")
    bob.whisper("lobby", "alice", "a secret")
    bob.say("lobby", "two")
    alice.say("lobby", "three")
    carol = await world.person("carol")
    await carol.join("lobby")
    assert replay(carol) == []  # off by default
    carol.leave("lobby")

    with pytest.raises(ConsentRefused):
        await world.world.rooms.set_newcomer_lines(bob.connection, "lobby", 2)
    bob.forget()
    await world.world.rooms.set_newcomer_lines(alice.connection, "lobby", 2)
    assert bob.lines() == ["alice set newcomer_lines on 2 in lobby"]  # everyone is told
    dan = await world.person("dan")
    await dan.block("bob")
    await dan.join("lobby")
    # The last two lines said to all, then across dan's block: never the whisper, nor bob.
    assert replay(dan) == ["alice: three"]
    await carol.join("lobby")
    assert replay(carol) == ["bob: two", "alice: three"]
    with pytest.raises(InvalidInput):
        await world.world.rooms.set_newcomer_lines(alice.connection, "lobby", 201)


async def test_an_edited_line_comes_back_edited_and_a_deleted_one_not_at_all() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    typo = alice.say("lobby", "helo")
    mistake = alice.say("lobby", "wrong room")
    bob.say("lobby", "hi")
    await alice.edit(typo.id, "hello")
    await alice.delete(mistake.id)
    tab = await world.login("bob")
    await tab.join("lobby")
    assert replay(tab) == ["alice: hello", "bob: hi"]
    # The line kept carries the edited line's seal: a report of it as replayed verifies.
    line = world.world.replay.room_lines(bob.account.id, typo.room.id)[0]
    assert (line.id, line.text) == (typo.id, "hello")
    sealer = world.world.messages.sealer
    assert line.seal == sealer.seal(line.id, line.at, "lobby", "alice", "say", "hello")


async def test_a_deleted_direct_message_leaves_the_conversation_replay() -> None:
    world, _ = await start()
    alice, bob = await in_lobby(world, "alice", "bob")
    await bob.message("alice", "hi")
    sent = await alice.message("bob", "sorry, wrong person")
    await alice.delete(sent.id)
    phone = await world.login("bob")
    assert conversations(phone) == ["bob>alice: hi"]
