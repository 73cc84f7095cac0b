"""Logs kept by consent in every store: written in batches, read only by a segment's readers,
by room and time, deleted line by line by their sender, and gone with erasure."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.core.ports import LogLine, LogSegment, Store
from boudoir.domain.ids import AccountId

from .builders import CREATED, Make


def at(minutes: int) -> dt.datetime:
    return CREATED + dt.timedelta(minutes=minutes)


def segment(number: int, *readers: AccountId, room: str = "Den") -> LogSegment:
    return LogSegment(f"seg-{number}", room, at(number * 10), None, frozenset(readers))


def line(number: int, seg: LogSegment, sender: AccountId, name: str = "alice") -> LogLine:
    return LogLine(f"msg-{number}", seg.id, at(number), sender, name, "say", f"line {number}")


async def test_readers_read_their_segments_and_nobody_else_does(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    first = segment(0, alice.id, bob.id)
    lines = [line(1, first, alice.id), line(2, first, bob.id, "bob")]
    await store.logs.write([first], lines)
    assert await store.logs.segments_for(alice.id) == [first]
    assert await store.logs.segments_for(carol.id) == []
    assert await store.logs.lines(bob.id, segment_id=first.id) == lines
    assert await store.logs.lines(carol.id, segment_id=first.id) == []
    assert await store.logs.segment(first.id) == first
    assert await store.logs.line("msg-2") == lines[1]
    assert await store.logs.line("msg-9") is None


async def test_a_segment_is_ended_by_writing_it_again(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    open_one = segment(0, alice.id)
    await store.logs.write([open_one], [line(1, open_one, alice.id)])
    ended = dataclasses.replace(open_one, ended_at=at(5))
    await store.logs.write([ended], [])
    assert await store.logs.segment(open_one.id) == ended


async def test_a_segment_several_nodes_write_keeps_its_first_write_and_its_end(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    shared = segment(0, alice.id, bob.id)
    await store.logs.write([shared], [line(1, shared, alice.id)])
    await store.logs.write([shared], [line(2, shared, bob.id, "bob")])  # from another node
    ended = dataclasses.replace(shared, ended_at=at(5))
    await store.logs.write([ended], [])
    await store.logs.write([shared], [line(3, shared, bob.id, "bob")])  # late, still open there
    assert await store.logs.segment(shared.id) == ended
    assert [x.message_id for x in await store.logs.lines(alice.id, segment_id=shared.id)] == [
        "msg-1",
        "msg-2",
        "msg-3",
    ]


async def test_lines_by_room_and_time_oldest_first_or_the_newest(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    den, attic = segment(0, alice.id), segment(1, alice.id, room="Attic")
    den_lines = [line(n, den, alice.id) for n in range(1, 6)]
    await store.logs.write([den, attic], [*den_lines, line(7, attic, alice.id)])
    logs = store.logs
    assert await logs.lines(alice.id, room_name="den") == den_lines
    assert await logs.lines(alice.id, room_name="DEN", after=at(2)) == den_lines[2:]
    assert await logs.lines(alice.id, room_name="Den", before=at(3)) == den_lines[:2]
    assert await logs.lines(alice.id, room_name="Den", limit=2) == den_lines[:2]
    assert await logs.lines(alice.id, room_name="Den", limit=2, newest=True) == den_lines[3:]
    between = await logs.lines(alice.id, room_name="Den", after=at(1), before=at(5))
    assert between == den_lines[1:4]
    assert [x.message_id for x in await logs.lines(alice.id, room_name="Attic")] == ["msg-7"]


async def test_only_the_sender_deletes_a_line(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    seg = segment(0, alice.id, bob.id)
    await store.logs.write([seg], [line(1, seg, alice.id)])
    assert not await store.logs.delete_line("msg-1", bob.id)
    assert await store.logs.line("msg-1") is not None
    assert await store.logs.delete_line("msg-1", alice.id)
    assert await store.logs.line("msg-1") is None


async def test_only_the_sender_changes_a_lines_text(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    seg = segment(0, alice.id, bob.id)
    original = line(1, seg, alice.id)
    await store.logs.write([seg], [original])
    assert not await store.logs.replace_text("msg-1", bob.id, "not his to change")
    assert await store.logs.line("msg-1") == original
    assert await store.logs.replace_text("msg-1", alice.id, "edited, \u00e9")
    assert await store.logs.line("msg-1") == dataclasses.replace(original, text="edited, \u00e9")
    assert not await store.logs.replace_text("msg-2", alice.id, "no such line")


async def test_erasure_takes_the_lines_and_the_logs_nobody_reads(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    shared, alone = segment(0, alice.id, bob.id), segment(1, alice.id)
    await store.logs.write(
        [shared, alone],
        [line(1, shared, alice.id), line(2, shared, bob.id, "bob"), line(3, alone, bob.id)],
    )
    await store.accounts.erase(alice.id)
    assert await store.logs.segment(alone.id) is None
    assert await store.logs.line("msg-3") is None
    left = await store.logs.segment(shared.id)
    assert left is not None
    assert left.readers == {bob.id}
    assert [x.message_id for x in await store.logs.lines(bob.id)] == ["msg-2"]


async def test_lines_and_readers_of_an_account_erased_before_the_write_are_skipped(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    only_bob, both = segment(0, bob.id), segment(1, alice.id, bob.id)
    await store.accounts.erase(bob.id)
    await store.logs.write([only_bob, both], [line(1, only_bob, bob.id), line(2, both, alice.id)])
    assert await store.logs.segment(only_bob.id) is None
    kept = await store.logs.segment(both.id)
    assert kept is not None
    assert kept.readers == {alice.id}
    assert [x.message_id for x in await store.logs.lines(alice.id)] == ["msg-2"]
