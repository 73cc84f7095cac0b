"""A field computed on its first read (``domain.deferred``): a message's seal is computed once
at most, only when something reads it, and then reads as the plain string it is."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.domain.deferred import deferred
from boudoir.domain.events import CharacterRef, DirectMessageSent, MessageKind, RoomMessageSent
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.domain.refs import RoomRef

AT = dt.datetime(2026, 12, 7, 13, 5, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")


class Counting:
    def __init__(self, value: str) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.value


def test_a_seal_nobody_reads_is_never_computed_and_one_read_twice_is_computed_once() -> None:
    unread, read = Counting("never"), Counting("s1")
    DirectMessageSent(MessageId("m1"), AT, ALICE, BOB, MessageKind.SAY, "hi", (), deferred(unread))
    event = DirectMessageSent(
        MessageId("m2"), AT, ALICE, BOB, MessageKind.SAY, "hi", (), deferred(read)
    )
    assert (unread.calls, read.calls) == (0, 0)
    assert event.seal == "s1"
    assert event.seal == "s1"
    assert read.calls == 1


def test_a_deferred_seal_reads_as_the_string_everywhere() -> None:
    lobby = RoomRef(RoomId("r1"), "lobby", Rating.GENERAL)
    event = RoomMessageSent(
        MessageId("m1"), AT, lobby, ALICE, MessageKind.SAY, "hi", seal=deferred(Counting("s1"))
    )
    plain = RoomMessageSent(MessageId("m1"), AT, lobby, ALICE, MessageKind.SAY, "hi", seal="s1")
    assert event == plain
    assert repr(event) == repr(plain)
    assert dataclasses.replace(event, text="hello").seal == "s1"
    assert dataclasses.asdict(event)["seal"] == "s1"
    assert RoomMessageSent(MessageId("m1"), AT, lobby, ALICE, MessageKind.SAY, "hi").seal == ""
