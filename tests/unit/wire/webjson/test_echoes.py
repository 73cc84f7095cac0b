"""What a browser is shown of its own commands, and the ``welcome`` it starts with
(docs/websocket.md), sans-I/O."""

from __future__ import annotations

import datetime as dt
import json

from boudoir.domain.entities import MAX_MESSAGE, Account
from boudoir.domain.events import (
    CharacterRef,
    MemberLeft,
    MessageKind,
    RoomMessageSent,
    RoomRef,
    SceneEnded,
    SceneEndReason,
)
from boudoir.domain.ids import AccountId, CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    CharacterSwitched,
    Parted,
    Said,
    SceneLeft,
    Unblocked,
)
from boudoir.wire.webjson.echoes import SWITCHED, echoes
from boudoir.wire.webjson.welcome import render_welcome

AT = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)
ME = CharacterRef(CharacterId("c1"), "Ivy")
BEFORE = CharacterRef(CharacterId("c0"), "Ada")
DEN = RoomRef(RoomId("r1"), "#den", Rating.GENERAL)
HALL = RoomRef(RoomId("r2"), "#hall", Rating.GENERAL)


def clock() -> dt.datetime:
    return AT


def test_speech_is_echoed_as_the_room_saw_it() -> None:
    event = RoomMessageSent(MessageId("m1"), AT, DEN, ME, MessageKind.SAY, "hi")
    assert echoes(Said(event), ME, clock) == [event]


def test_a_departure_is_shown_as_the_others_saw_it() -> None:
    assert echoes(Parted(DEN, "bye"), ME, clock) == [MemberLeft(AT, DEN, ME, "bye")]


def test_a_change_of_character_shows_the_old_one_leaving_its_rooms() -> None:
    switched = CharacterSwitched("Ivy", BEFORE, (DEN, HALL))
    assert echoes(switched, ME, clock) == [
        MemberLeft(AT, DEN, BEFORE, SWITCHED),
        MemberLeft(AT, HALL, BEFORE, SWITCHED),
    ]
    assert echoes(CharacterSwitched("Ivy"), ME, clock) == []


def test_leaving_a_scene_shows_the_departure_then_the_end() -> None:
    left = MemberLeft(AT, DEN, ME, "left the scene")
    ended = SceneEnded(AT, DEN, SceneEndReason.LAST_MEMBER_LEFT)
    assert echoes(SceneLeft(left, None), ME, clock) == [left]
    assert echoes(SceneLeft(left, ended), ME, clock) == [left, ended]


def test_other_replies_show_nothing() -> None:
    assert echoes(Unblocked("Bob"), ME, clock) == []
    assert echoes(None, ME, clock) == []


def test_the_welcome_names_the_account_the_character_and_the_limits() -> None:
    account = Account(AccountId("a"), "Ada", "hash", dt.date(1990, 1, 2), AT)
    welcome = json.loads(
        render_welcome("boudoir.test", account, "Ivy", ["Ivy", "Ada"], 32768, edit_seconds=300)
    )
    assert welcome["type"] == "welcome"
    assert welcome["server"] == "boudoir.test"
    assert welcome["account"]["name"] == "Ada"
    assert welcome["account"]["ratings"] == ["general"]
    assert welcome["character"] == {"name": "Ivy"}
    assert welcome["characters"] == ["Ivy", "Ada"]
    assert welcome["limits"]["message_chars"] == MAX_MESSAGE
    assert welcome["limits"]["message_bytes"] == 32768
    assert welcome["limits"]["edit_seconds"] == 300
