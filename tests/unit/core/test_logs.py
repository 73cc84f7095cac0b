"""Logging by consent, in the core: on only by a unanimous yes of everyone present, stopped by
a withdrawal or an arrival, readable only by those present and consenting."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.domain.errors import InvalidInput, LogNotWritten, NotFound
from boudoir.domain.events import LogChange, LogStateChanged
from boudoir.testing.harness import TestPerson, TestWorld


def states(person: TestPerson) -> list[LogStateChanged]:
    return [e for e in person.session.events if isinstance(e, LogStateChanged)]


async def three() -> tuple[TestWorld, TestPerson, TestPerson, TestPerson]:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    carol = await world.person("carol")
    await alice.join("den")
    await bob.join("den")
    return world, alice, bob, carol


async def test_nothing_is_logged_by_default() -> None:
    world, alice, _bob, _ = await three()
    alice.say("den", "not logged")
    await world.world.logs.flush()
    assert await world.world.logs.segments(alice.account.id) == []
    assert not world.world.logs.is_on(alice.connection.rooms.copy().pop())


async def test_logging_turns_on_only_when_everyone_present_says_yes() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    proposed = logs.propose(alice.connection, "den")
    assert (proposed.on, proposed.change, proposed.agreed, proposed.missing) == (
        False,
        LogChange.PROPOSED,
        ("alice",),
        ("bob",),
    )
    assert states(bob)[-1].missing == ("bob",)
    alice.say("den", "before the yes")
    started = logs.agree(bob.connection, "den")
    assert started.on
    assert started.change is LogChange.STARTED
    assert states(alice)[-1].on
    assert states(bob)[-1].on
    bob.say("den", "after the yes")
    lines = await logs.history(alice.account.id, "den")
    assert [line.text for line in lines] == ["after the yes"]


async def test_an_arrival_stops_logging_and_a_fresh_yes_is_needed() -> None:
    world, alice, bob, carol = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    alice.say("den", "logged")
    await carol.join("den")
    assert states(alice)[-1].change is LogChange.STOPPED_ARRIVAL
    assert not states(bob)[-1].on
    assert not states(bob)[-1].proposed
    alice.say("den", "carol is here: not logged")
    # Old yeses do not count again.
    logs.propose(bob.connection, "den")
    assert not states(alice)[-1].on
    logs.agree(carol.connection, "den")
    assert not states(alice)[-1].on
    logs.agree(alice.connection, "den")
    assert states(carol)[-1].on
    carol.say("den", "all three said yes")
    texts = [line.text for line in await logs.history(alice.account.id, "den")]
    assert texts == ["logged", "all three said yes"]
    assert [line.text for line in await logs.history(carol.account.id, "den")] == [
        "all three said yes"
    ]


async def test_a_withdrawal_stops_logging_at_once_for_everyone() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    stopped = logs.withdraw(bob.connection, "den")
    assert stopped.change is LogChange.STOPPED_WITHDRAWAL
    told = states(alice)[-1]
    assert (told.on, told.proposed, told.agreed, told.missing) == (False, False, (), ())
    bob.say("den", "not logged any more")
    assert await logs.history(alice.account.id, "den") == []
    with pytest.raises(InvalidInput):
        logs.agree(alice.connection, "den")


async def test_a_leaver_reads_nothing_said_after_they_left() -> None:
    world, alice, bob, carol = await three()
    logs = world.world.logs
    await carol.join("den")
    for person in (alice, bob, carol):
        (logs.propose if person is alice else logs.agree)(person.connection, "den")
    alice.say("den", "all three")
    carol.leave("den")
    assert states(alice)[-1].on  # a departure does not stop it
    alice.say("den", "carol is gone")
    assert [x.text for x in await logs.history(carol.account.id, "den")] == ["all three"]
    assert [x.text for x in await logs.history(bob.account.id, "den")] == [
        "all three",
        "carol is gone",
    ]
    assert len(await logs.segments(bob.account.id)) == 2
    assert len(await logs.segments(carol.account.id)) == 1


async def test_someone_who_was_not_there_reads_nothing() -> None:
    world, alice, bob, carol = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    alice.say("den", "private")
    await logs.flush()
    assert await logs.history(carol.account.id, "den") == []
    assert await logs.segments(carol.account.id) == []
    segment = (await logs.segments(alice.account.id))[0]
    with pytest.raises(NotFound):
        await logs.lines(carol.account.id, segment.id)
    assert [x.text for x in await logs.lines(bob.account.id, segment.id)] == ["private"]


async def test_whispers_are_never_logged() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    alice.whisper("den", "bob", "just for you")
    alice.pose("den", "waves")
    assert [(x.kind, x.text) for x in await logs.history(bob.account.id, "den")] == [
        ("pose", "waves")
    ]


async def test_each_deletes_their_own_lines_only() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    mine = alice.say("den", "regret")
    theirs = bob.say("den", "keep")
    with pytest.raises(Exception, match="may not"):
        await logs.delete_line(alice.account.id, str(theirs.id))
    await logs.delete_line(alice.account.id, str(mine.id))
    assert [x.text for x in await logs.history(bob.account.id, "den")] == ["keep"]
    with pytest.raises(NotFound):
        await logs.delete_line(alice.account.id, str(mine.id))


async def test_a_proposal_waits_for_a_newcomer_and_alone_it_is_on_at_once() -> None:
    world, alice, _bob, carol = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    await carol.join("den")
    assert states(carol)[-1].missing == ("bob", "carol")
    assert states(carol)[-1].waiting == 2
    await carol.join("attic")
    assert logs.propose(carol.connection, "attic").on


async def test_logs_are_exported_and_erased_with_the_account() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    alice.say("den", "from alice")
    bob.say("den", "from bob")
    logs.withdraw(alice.connection, "den")
    await logs.flush()
    exported = await world.world.accounts.export(bob.account.id)
    assert [line["text"] for line in exported["logs"][0]["lines"]] == ["from alice", "from bob"]
    await world.world.accounts.erase(alice.account.id)
    assert [x.text for x in await logs.history(bob.account.id, "den")] == ["from bob"]
    await world.world.accounts.erase(bob.account.id)
    assert world.world.store.logs.segments == {}  # type: ignore[attr-defined]
    assert world.world.store.logs.rows == {}  # type: ignore[attr-defined]


async def test_blocked_people_do_not_read_each_other_in_a_log() -> None:
    world, alice, bob, carol = await three()
    logs = world.world.logs
    await carol.join("den")
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    logs.agree(carol.connection, "den")
    bob.say("den", "from bob")
    carol.say("den", "from carol")
    await alice.block("bob")
    assert [x.text for x in await logs.history(alice.account.id, "den")] == ["from carol"]


async def test_the_writer_writes_in_batches_and_what_is_left_when_stopped() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    stored = world.world.store.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    alice.say("den", "buffered")
    assert stored.rows == {}  # type: ignore[attr-defined]  # nothing written on the hot path
    writer = asyncio.create_task(logs.run())
    logs.stop()
    await writer
    assert [x.text for x in stored.rows.values()] == ["buffered"]  # type: ignore[attr-defined]


async def test_a_logged_line_is_acknowledged_once_stored_lines_said_together_in_one_commit() -> (
    None
):
    world, alice, bob, _ = await three()
    logs = world.world.logs
    stored = world.world.store.logs
    assert logs.written(alice.say("den", "not logged")) is None  # nothing to wait for
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    commits: list[int] = []
    write = stored.write

    async def counted(segments: object, lines: list[object]) -> None:
        commits.append(len(lines))
        await write(segments, lines)  # type: ignore[arg-type]

    stored.write = counted  # type: ignore[method-assign]
    first = logs.written(alice.say("den", "one"))
    second = logs.written(bob.say("den", "two"))
    assert first is not None
    assert second is not None
    assert stored.rows == {}  # type: ignore[attr-defined]  # not acknowledged yet: not stored
    await asyncio.gather(first, second)
    assert commits == [2]  # one transaction for both waiting senders
    assert sorted(x.text for x in stored.rows.values()) == ["one", "two"]  # type: ignore[attr-defined]


async def test_a_line_the_store_did_not_take_is_not_acknowledged_and_is_written_later() -> None:
    world, alice, bob, _ = await three()
    logs = world.world.logs
    stored = world.world.store.logs
    logs.propose(alice.connection, "den")
    logs.agree(bob.connection, "den")
    write = stored.write

    async def away(segments: object, lines: object) -> None:
        raise ConnectionError("the database is away")

    stored.write = away  # type: ignore[method-assign]
    written = logs.written(alice.say("den", "kept for later"))
    assert written is not None
    with pytest.raises(LogNotWritten):
        await written
    stored.write = write  # type: ignore[method-assign]
    await logs.flush()
    assert [x.text for x in stored.rows.values()] == ["kept for later"]  # type: ignore[attr-defined]
