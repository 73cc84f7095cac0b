"""GMCP for MU* clients: chat capture, the browser's events, the mapper's rooms, and only
the packages a client enabled."""

from __future__ import annotations

import datetime as dt
import json

from boudoir.domain.entities import Status
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MemberJoined,
    MessageKind,
    RoomMessageSent,
    RoomRef,
    SignalSent,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.gmcp_events import (
    char_name,
    char_status,
    core_supports,
    gmcp_messages,
    parse_supports,
    room_info,
    room_number,
)
from boudoir.wire.telnet.render import View

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
CAROL = CharacterRef(CharacterId("c-carol"), "Carol")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
LOUNGE = RoomRef(RoomId("r-lounge"), "Lounge", Rating.MATURE)
BOB_IN_HALL = View(viewer=BOB.id, location=HALL.id, colours=256)


def said(text: str, room: RoomRef = HALL, **extra: object) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, room, ALICE, MessageKind.SAY, text, **extra)  # type: ignore[arg-type]


def test_speech_here_is_the_say_channel_with_the_line_in_plain_text() -> None:
    messages = dict(gmcp_messages(said("hi\x1b[31m!"), BOB_IN_HALL))
    assert messages["Comm.Channel.Text"] == {
        "channel": "say",
        "talker": "Alice",
        "text": 'Alice says, "hi!"',
    }


def test_speech_elsewhere_is_the_room_channel_and_pages_the_page_channel() -> None:
    channel = dict(gmcp_messages(said("hi", LOUNGE), BOB_IN_HALL))["Comm.Channel.Text"]
    assert channel == {"channel": "Lounge", "talker": "Alice", "text": '[Lounge] Alice says, "hi"'}
    paged = DirectMessageSent(MessageId("m2"), AT, ALICE, BOB, MessageKind.SAY, "yo")
    text = dict(gmcp_messages(paged, BOB_IN_HALL))["Comm.Channel.Text"]
    assert text == {"channel": "page", "talker": "Alice", "text": 'Alice pages, "yo"'}


def test_every_event_the_browser_gets_goes_as_boudoir_event() -> None:
    messages = dict(gmcp_messages(MemberJoined(AT, HALL, ALICE), BOB_IN_HALL))
    assert messages["Boudoir.Event"] == {
        "type": "joined",
        "at": "2026-11-26T20:00:00.000Z",
        "room": "Hall",
        "name": "Alice",
    }
    assert "Comm.Channel.Text" not in messages
    # What browsers are not sent, GMCP is not sent either.
    signal = SignalSent(MessageId("s"), AT, ALICE, (("+react", "x"),), room=HALL)
    assert gmcp_messages(signal, BOB_IN_HALL) == []


def test_a_whisper_reaches_no_one_elses_scripts() -> None:
    whisper = RoomMessageSent(
        MessageId("w"), AT, HALL, ALICE, MessageKind.WHISPER, "psst", recipient=BOB
    )
    assert gmcp_messages(whisper, View(viewer=CAROL.id, location=HALL.id)) == []
    to_bob = dict(gmcp_messages(whisper, BOB_IN_HALL))
    assert to_bob["Comm.Channel.Text"] == {
        "channel": "whisper",
        "talker": "Alice",
        "text": 'Alice whispers, "psst"',
    }


def test_only_enabled_packages_are_sent() -> None:
    enabled = parse_supports(["Comm.Channel 1", "Char 1"])
    messages = gmcp_messages(said("hi"), BOB_IN_HALL, enabled)
    assert [name for name, _ in messages] == ["Comm.Channel.Text"]
    assert gmcp_messages(said("hi"), BOB_IN_HALL, frozenset()) == []


def test_supports_parsing_ignores_junk_and_unknown_packages() -> None:
    assert parse_supports(["char 1", "IRE.Rift 1", 7, "Room x", "Boudoir"]) == {"Char", "Boudoir"}
    assert parse_supports({"Char": 1}) == frozenset()
    assert parse_supports(["Char 1"] * 10_000) == {"Char"}


def test_core_supports_lists_what_the_server_sends() -> None:
    supports = core_supports()
    assert "Room 1" in supports
    assert "Boudoir 1" in supports
    assert parse_supports(supports) == {s.split()[0] for s in supports}


def test_room_info_is_stable_and_json() -> None:
    package, payload = room_info("Hall", "r-hall", {"north": "r-lounge"}, Rating.GENERAL)
    assert package == "Room.Info"
    assert payload == {
        "num": room_number("r-hall"),
        "id": "r-hall",
        "name": "Hall",
        "area": "Boudoir",
        "environment": "general",
        "rating": "general",
        "exits": {"north": room_number("r-lounge")},
    }
    assert room_number("r-hall") == room_number("r-hall") > 0
    assert room_number("r-hall") != room_number("r-lounge")
    json.dumps(payload)


def test_char_name_and_status() -> None:
    assert char_name("Alice") == ("Char.Name", {"name": "Alice", "fullname": "Alice"})
    assert char_status("Alice", Status.LOOKING, "Hall") == (
        "Char.Status",
        {"name": "Alice", "status": "looking", "room": "Hall"},
    )
