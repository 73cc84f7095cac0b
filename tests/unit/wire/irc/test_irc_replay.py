"""The replay on JOIN, sans-I/O: the lines that reached a person, as the bytes a client reads,
in a ``chathistory`` batch with their time and msgid when negotiated; and ``+H``, the mode
that shows newcomers a channel's last lines."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.entities import RoomSetting, RoomVisibility
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.intents import ChangeRoomSetting
from boudoir.domain.ratings import Rating
from boudoir.domain.replies.rooms import RoomSettings
from boudoir.wire.irc import render_message
from boudoir.wire.irc.chathistory import replay_lines
from boudoir.wire.irc.mode_settings import setting_intent
from boudoir.wire.irc.modes import ModeChange, parse_modes
from boudoir.wire.irc.replies.rooms import room_modes

AT = dt.datetime(2026, 12, 7, 20, 1, 2, 345000, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
DEN = RoomRef(RoomId("r1"), "Den", Rating.GENERAL)


def said(
    number: int, kind: MessageKind, text: str, to: CharacterRef | None = None
) -> RoomMessageSent:
    return RoomMessageSent(
        MessageId(f"m{number}"), AT + dt.timedelta(seconds=number), DEN, ALICE, kind, text, to
    )


def wire(lines: list[object]) -> bytes:
    return b"".join(render_message(line) for line in lines)  # type: ignore[arg-type]


def test_a_batch_with_time_and_msgid_for_a_client_that_reads_them() -> None:
    events = [said(0, MessageKind.SAY, "hello"), said(1, MessageKind.POSE, "waves")]
    lines = replay_lines("irc.test", "Den", events, {"batch", "server-time", "message-tags"})
    reference = lines[0].params[0][1:]
    assert (
        wire(lines)
        == (
            f":irc.test BATCH +{reference} chathistory #Den\r\n"
            f"@batch={reference};time=2026-12-07T20:01:02.345Z;msgid=m0 "
            ":Alice!rp@cloaked PRIVMSG #Den hello\r\n"
            f"@batch={reference};time=2026-12-07T20:01:03.345Z;msgid=m1 "
            ":Alice!rp@cloaked PRIVMSG #Den :\x01ACTION waves\x01\r\n"
            f":irc.test BATCH -{reference}\r\n"
        ).encode()
    )


def test_without_batch_or_tags_the_plain_lines() -> None:
    lines = replay_lines("irc.test", "Den", [said(0, MessageKind.SAY, "hello there")], set())
    assert wire(lines) == b":Alice!rp@cloaked PRIVMSG #Den :hello there\r\n"


def test_a_whisper_reads_as_it_did_live() -> None:
    whisper = said(0, MessageKind.WHISPER, "psst", to=BOB)
    assert wire(replay_lines("irc.test", "Den", [whisper], set())) == (
        b":Alice!rp@cloaked NOTICE #Den :(whispers) psst\r\n"
    )


def test_nothing_to_replay_sends_nothing_not_even_an_empty_batch() -> None:
    assert replay_lines("irc.test", "Den", [], {"batch"}) == []


def test_newcomers_mode_sets_and_clears_the_lines_shown() -> None:
    assert parse_modes("+H-H", ["20"]) == [ModeChange("H", True, "20"), ModeChange("H", False)]
    shown = setting_intent("#den", ModeChange("H", True, "20"))
    assert shown == ChangeRoomSetting("#den", RoomSetting.NEWCOMER_LINES, True, 20)
    cleared = setting_intent("#den", ModeChange("H", False))
    assert cleared == ChangeRoomSetting("#den", RoomSetting.NEWCOMER_LINES, False)
    with pytest.raises(InvalidInput):
        setting_intent("#den", ModeChange("H", True, "many"))


def test_newcomers_mode_in_the_channel_modes_before_the_key() -> None:
    room = RoomSettings(
        DEN, Rating.GENERAL, RoomVisibility.PUBLIC, False, True, "sesame", 10, AT, newcomer_lines=20
    )
    assert room_modes(room, show_key=True) == ("+Hklnt", "20", "sesame", "10")
