"""The index of recent messages stays bounded: by count, and by the window as new messages
arrive; it keeps no text."""

from __future__ import annotations

import datetime as dt

from boudoir.core.recent_messages import RecentMessages
from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import AccountId, CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating

START = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
LOUNGE = RoomRef(RoomId("r1"), "lounge", Rating.GENERAL)
ALICE = CharacterRef(CharacterId("c1"), "alice")


def said(number: int, at: dt.datetime) -> RoomMessageSent:
    return RoomMessageSent(MessageId(f"m{number}"), at, LOUNGE, ALICE, MessageKind.SAY, "secret")


def test_the_oldest_go_once_the_count_is_reached() -> None:
    recent = RecentMessages(lambda: START, limit=3)
    for number in range(10):
        recent.heard(said(number, START), AccountId("a1"))
    assert len(recent) <= 3
    assert recent.find("m9") is not None
    assert recent.find("m0") is None


def test_expired_ones_leave_as_new_ones_arrive_and_none_is_found_past_the_window() -> None:
    now = [START]
    recent = RecentMessages(lambda: now[0], window=60)
    for number in range(100):
        recent.heard(said(number, START), AccountId("a1"))
    now[0] = START + dt.timedelta(seconds=61)
    assert recent.find("m99") is None  # past the window, whatever is still held
    for number in range(100, 160):
        recent.heard(said(number, now[0]), AccountId("a1"))
    assert len(recent) == 60  # two expired ones dropped with each new one
    entry = recent.find("m159")
    assert entry is not None
    assert "secret" not in repr(entry)  # who, where and when: never what


def test_a_deleted_message_stays_gone_and_later_ones_are_found() -> None:
    recent = RecentMessages(lambda: START)
    for number in range(5):
        recent.heard(said(number, START), AccountId("a1"))
    recent.forget("m3")
    recent.heard(said(5, START), AccountId("a1"))
    assert recent.find("m3") is None
    assert recent.find("m4") is not None
    recent.heard(said(6, START), AccountId("a1"))
    found = recent.find("m6")
    assert found is not None
    assert found.account == AccountId("a1")
    assert found.place == "lounge"
