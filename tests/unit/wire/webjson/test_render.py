"""Every domain event as the JSON docs/websocket.md documents, and frames a WebSocket client
library decodes back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wsproto import ConnectionType
from wsproto.connection import Connection
from wsproto.events import CloseConnection, TextMessage
from wsproto.events import Event as WsEvent

from boudoir.domain.directory import DirectoryUpdated, RoomListing
from boudoir.domain.entities import RoomSetting, Status
from boudoir.domain.events import (
    CharacterRef,
    CharacterRenamed,
    DirectMessageSent,
    Event,
    InvitationSent,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageDeleted,
    MessageEdited,
    MessageKind,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    RoomRef,
    RoomSettingChanged,
    ServerNotice,
    SessionClosed,
    SignalSent,
    TopicChanged,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.webjson import (
    close_frame,
    dumps,
    render_error,
    render_event,
    render_ok,
    text_frame,
)

AT = dt.datetime(2026, 11, 26, 4, 13, 50, 123456, tzinfo=dt.UTC)
WHEN = "2026-11-26T04:13:50.123Z"
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
LOBBY = RoomRef(RoomId("r1"), "lobby", Rating.GENERAL)
ID = MessageId("m1")

EVENTS: list[tuple[Event, dict[str, object]]] = [
    (
        DirectoryUpdated(AT, "lobby", RoomListing(
            "lobby", Rating.GENERAL, "Hi", False, 2, ("Al", "Bo"), ("tea",), 7
        )),
        {"type": "room_listed", "at": WHEN, "name": "lobby",
         "room": {"name": "lobby", "rating": "general", "topic": "Hi", "topic_hidden": False,
                  "members": 2, "people": ["Al", "Bo"], "tags": ["tea"], "activity": 7}},
    ),
    (
        DirectoryUpdated(AT, "den", None),
        {"type": "room_listed", "at": WHEN, "name": "den", "room": None},
    ),
    (
        RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.POSE, "waves"),
        {"type": "message", "id": "m1", "at": WHEN, "room": "lobby", "from": "Alice",
         "kind": "pose", "text": "waves"},
    ),
    (
        RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.WHISPER, "psst", recipient=BOB),
        {"type": "message", "id": "m1", "at": WHEN, "room": "lobby", "from": "Alice",
         "kind": "whisper", "text": "psst", "to": "Bob"},
    ),
    (
        DirectMessageSent(ID, AT, ALICE, BOB, MessageKind.SAY, "hi"),
        {"type": "direct", "id": "m1", "at": WHEN, "from": "Alice", "to": "Bob",
         "kind": "say", "text": "hi"},
    ),
    (
        MessageRequestReceived(ID, AT, ALICE, BOB, MessageKind.OOC, "hello?"),
        {"type": "request", "id": "m1", "at": WHEN, "from": "Alice", "to": "Bob",
         "kind": "ooc", "text": "hello?"},
    ),
    (
        SignalSent(ID, AT, ALICE, (("+typing", "active"),), room=LOBBY),
        {"type": "typing", "at": WHEN, "from": "Alice", "room": "lobby", "state": "active"},
    ),
    (
        SignalSent(ID, AT, ALICE, (("+typing", "paused"),), recipient=BOB),
        {"type": "typing", "at": WHEN, "from": "Alice", "to": "Bob", "state": "paused"},
    ),
    (
        MemberJoined(AT, LOBBY, ALICE),
        {"type": "joined", "at": WHEN, "room": "lobby", "name": "Alice"},
    ),
    (
        MemberLeft(AT, LOBBY, ALICE, "bye", quit=True),
        {"type": "left", "at": WHEN, "room": "lobby", "name": "Alice", "reason": "bye",
         "quit": True},
    ),
    (
        MemberKicked(AT, LOBBY, BOB, None, "rude"),
        {"type": "kicked", "at": WHEN, "room": "lobby", "name": "Bob", "by": None,
         "reason": "rude"},
    ),
    (
        TopicChanged(AT, LOBBY, "tea", ALICE),
        {"type": "topic", "at": WHEN, "room": "lobby", "topic": "tea", "by": "Alice",
         "hidden": False},
    ),
    (
        TopicChanged(AT, LOBBY, "", None, hidden=True),
        {"type": "topic", "at": WHEN, "room": "lobby", "topic": "", "by": None, "hidden": True},
    ),
    (
        RoomSettingChanged(AT, LOBBY, ALICE, RoomSetting.VOICE, True, "Bob", BOB),
        {"type": "room_setting", "at": WHEN, "room": "lobby", "by": "Alice",
         "setting": "voice", "enabled": True, "value": "Bob", "target": "Bob"},
    ),
    (
        RoomSettingChanged(AT, LOBBY, None, RoomSetting.MODERATED, False),
        {"type": "room_setting", "at": WHEN, "room": "lobby", "by": None,
         "setting": "moderated", "enabled": False, "value": "", "target": None},
    ),
    (
        PresenceChanged(AT, ALICE, True, Status.LOOKING, "a sea story"),
        {"type": "presence", "at": WHEN, "name": "Alice", "online": True,
         "status": "looking", "message": "a sea story"},
    ),
    (
        CharacterRenamed(AT, ALICE, "alice"),
        {"type": "renamed", "at": WHEN, "old_name": "alice", "name": "Alice"},
    ),
    (
        RoomInvitationReceived(AT, LOBBY, ALICE),
        {"type": "invited", "at": WHEN, "room": "lobby", "by": "Alice"},
    ),
    (
        InvitationSent(AT, LOBBY, BOB, ALICE),
        {"type": "invitation_sent", "at": WHEN, "room": "lobby", "invitee": "Bob",
         "by": "Alice"},
    ),
    (
        ProfileChanged(AT, ALICE, "tall"),
        {"type": "profile", "at": WHEN, "name": "Alice", "description": "tall"},
    ),
    (
        MessageEdited(ID, AT, AT, ALICE, MessageKind.SAY, "hello", LOBBY, None, "s2"),
        {"type": "message_edited", "id": "m1", "at": WHEN, "room": "lobby", "from": "Alice",
         "sent_at": WHEN, "kind": "say", "text": "hello", "seal": "s2"},
    ),
    (
        MessageDeleted(ID, AT, ALICE, None, BOB, by_moderator=False),
        {"type": "message_deleted", "id": "m1", "at": WHEN, "to": "Bob", "from": "Alice",
         "by_moderator": False},
    ),
    (
        MessageDeleted(ID, AT, ALICE, LOBBY, None, by_moderator=True),
        {"type": "message_deleted", "id": "m1", "at": WHEN, "room": "lobby", "from": "Alice",
         "by_moderator": True},
    ),
    (ServerNotice(AT, "hello"), {"type": "notice", "at": WHEN, "text": "hello"}),
    (SessionClosed(AT, "erased"), {"type": "closed", "at": WHEN, "reason": "erased"}),
]  # fmt: skip


@pytest.mark.parametrize(("event", "shown"), EVENTS, ids=[type(e).__name__ for e, _ in EVENTS])
def test_every_event_renders_as_documented(event: Event, shown: dict[str, object]) -> None:
    payload = render_event(event)
    assert payload is not None
    assert json.loads(payload) == shown
    assert b": " not in payload  # compact
    assert b", " not in payload


def test_text_is_sent_as_utf8_not_escaped() -> None:
    event = RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.SAY, 'café 😀 "quoted"')
    payload = render_event(event)
    assert payload is not None
    assert "café 😀".encode() in payload


def test_signals_other_than_typing_are_not_for_browsers() -> None:
    assert render_event(SignalSent(ID, AT, ALICE, (("+draft/react", "x"),), room=LOBBY)) is None


def test_replies() -> None:
    assert render_ok("7") == b'{"type":"ok","ref":"7"}'
    assert json.loads(render_ok("8", {"id": "m1"})) == {"type": "ok", "ref": "8", "id": "m1"}
    assert json.loads(render_error(None, "not_in_room", "You are not in that room.")) == {
        "type": "error",
        "code": "not_in_room",
        "message": "You are not in that room.",
    }


def _client_events(data: bytes) -> list[WsEvent]:
    client = Connection(ConnectionType.CLIENT)
    client.receive_data(data)
    return list(client.events())


@pytest.mark.parametrize("length", [0, 125, 126, 65535, 65536])
def test_text_frames_decode_in_a_client(length: int) -> None:
    payload = ("é" * (length // 2) + "x" * (length % 2)).encode()
    assert len(payload) == length
    [message] = _client_events(text_frame(payload))
    assert isinstance(message, TextMessage)
    assert message.data == payload.decode()
    assert message.message_finished


def test_a_close_frame_decodes_with_its_code_and_a_reason_cut_to_fit() -> None:
    [closing] = _client_events(close_frame(4008, "slow " + "é" * 100))
    assert isinstance(closing, CloseConnection)
    assert closing.code == 4008
    assert closing.reason is not None
    assert closing.reason.startswith("slow é")
    assert len(closing.reason.encode()) <= 123


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(st.text(), st.text() | _JSON_VALUES, max_size=6))
def test_what_the_browser_is_sent_is_the_json_a_standard_encoder_writes(
    value: dict[str, object],
) -> None:
    # Strings only (messages) or anything (replies): quotes, control characters and
    # non-ASCII alike, byte for byte.
    try:
        expected: bytes | None = json.dumps(
            value, ensure_ascii=False, separators=(",", ":")
        ).encode()
    except UnicodeEncodeError:  # a lone surrogate: never in a message
        expected = None
    try:
        got: bytes | None = dumps(value)
    except UnicodeEncodeError:
        got = None
    assert got == expected
