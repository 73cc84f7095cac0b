"""Reading logs back by reference (``core.chathistory``): the lines of a room's log the asker
may read, around a time or a message id; a reference it may not read is unknown; a person as
target gets nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.chathistory import read_history, read_targets
from boudoir.domain.history import Direction, HistoryQuery, LineRef, TargetsQuery, UnknownReference
from boudoir.testing.harness import TestPerson, TestWorld


async def logged() -> tuple[TestWorld, TestPerson, TestPerson]:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("Den")
    await bob.join("Den")
    world.world.logs.propose(alice.connection, "Den")
    world.world.logs.agree(bob.connection, "Den")
    for text in ("one", "two", "three", "four"):
        alice.say("Den", text)
    await world.world.logs.flush()
    return world, alice, bob


async def test_latest_reads_the_newest_lines_oldest_first_as_the_room_is_spelt() -> None:
    world, alice, _ = await logged()
    query = HistoryQuery("LATEST", "#den", (LineRef(),), 2)
    page = await read_history(world.world, alice.account.id, query)
    assert page.room == "Den"
    assert [line.text for line in page.lines] == ["three", "four"]


async def test_before_after_and_between_a_message_id() -> None:
    world, alice, _ = await logged()
    everything = await read_history(
        world.world, alice.account.id, HistoryQuery("LATEST", "#Den", (LineRef(),), 10)
    )
    ids = [line.id for line in everything.lines]

    async def texts(direction: Direction, *refs: LineRef) -> list[str]:
        query = HistoryQuery(direction, "#Den", refs, 10)
        return [
            line.text for line in (await read_history(world.world, alice.account.id, query)).lines
        ]

    assert await texts("BEFORE", LineRef(message_id=ids[2])) == ["one", "two"]
    assert await texts("AFTER", LineRef(message_id=ids[1])) == ["three", "four"]
    assert await texts("AROUND", LineRef(message_id=ids[1])) == ["one", "two", "three", "four"]
    between = (LineRef(message_id=ids[3]), LineRef(message_id=ids[0]))
    assert await texts("BETWEEN", *between) == ["two", "three"]


async def test_a_message_id_the_asker_may_not_read_is_unknown() -> None:
    world, alice, _ = await logged()
    carol = await world.person("carol")
    line = (await world.world.logs.history(alice.account.id, "Den"))[0]
    query = HistoryQuery("BEFORE", "#Den", (LineRef(message_id=line.message_id),), 10)
    with pytest.raises(UnknownReference):
        await read_history(world.world, carol.account.id, query)


async def test_a_person_as_target_gets_an_empty_page() -> None:
    world, alice, _ = await logged()
    query = HistoryQuery("LATEST", "bob", (LineRef(),), 10)
    page = await read_history(world.world, alice.account.id, query)
    assert (page.room, page.lines) == (None, ())


async def test_targets_are_the_rooms_with_readable_lines_between_two_times() -> None:
    world, alice, _ = await logged()
    now = dt.datetime.now(dt.UTC)
    query = TargetsQuery(
        LineRef(at=now + dt.timedelta(hours=1)), LineRef(at=now - dt.timedelta(hours=1)), 10
    )
    targets = await read_targets(world.world, alice.account.id, query)
    assert [room for room, _ in targets] == ["Den"]
    early = TargetsQuery(
        LineRef(at=now - dt.timedelta(hours=2)), LineRef(at=now - dt.timedelta(hours=1)), 10
    )
    assert await read_targets(world.world, alice.account.id, early) == []
