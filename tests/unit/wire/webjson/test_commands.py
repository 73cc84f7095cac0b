"""Parsing browser commands: every command whole, every bad field, and only ``BadMessage``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.entities import RoomSetting, Status
from boudoir.domain.events import MessageKind
from boudoir.domain.intents import (
    ChangeRoomSetting,
    DeleteMessage,
    EditMessage,
    Invite,
    Join,
    Kick,
    ListMembers,
    ListOnline,
    ListRooms,
    Part,
    SetTopic,
)
from boudoir.wire.webjson import (
    AcceptRequest,
    BadMessage,
    Command,
    DeclineRequest,
    Describe,
    Direct,
    ListRequests,
    Ping,
    Say,
    SetStatus,
    SwitchCharacter,
    Typing,
    Whisper,
    parse_command,
)

WHOLE: list[tuple[dict[str, object], Command]] = [
    ({"type": "ping", "ref": "1"}, Ping()),
    (
        {"type": "join", "room": "lobby", "key": "k", "create": True},
        Join("lobby", "k", True),
    ),
    ({"type": "part", "room": "lobby", "reason": "bye"}, Part("lobby", "bye")),
    (
        {"type": "say", "room": "lobby", "text": "waves", "kind": "pose"},
        Say("lobby", "waves", MessageKind.POSE),
    ),
    ({"type": "say", "room": "lobby", "text": "hi"}, Say("lobby", "hi", MessageKind.SAY)),
    (
        {"type": "whisper", "room": "lobby", "to": "Bob", "text": "psst"},
        Whisper("lobby", "Bob", "psst"),
    ),
    (
        {"type": "direct", "to": "Bob", "text": "hi", "kind": "ooc"},
        Direct("Bob", "hi", MessageKind.OOC),
    ),
    ({"type": "edit", "id": "m1", "text": "hello"}, EditMessage("m1", "hello")),
    ({"type": "delete", "id": "m1"}, DeleteMessage("m1")),
    ({"type": "typing", "room": "lobby", "state": "active"}, Typing("active", room="lobby")),
    ({"type": "typing", "to": "Bob", "state": "done"}, Typing("done", to="Bob")),
    ({"type": "requests"}, ListRequests()),
    ({"type": "accept", "from": "Bob"}, AcceptRequest("Bob")),
    ({"type": "decline", "from": "Bob", "block": True}, DeclineRequest("Bob", True)),
    (
        {"type": "status", "status": "looking", "message": "a sea story"},
        SetStatus(Status.LOOKING, "a sea story"),
    ),
    ({"type": "who"}, ListOnline()),
    ({"type": "rooms"}, ListRooms()),
    ({"type": "members", "room": "lobby"}, ListMembers("lobby")),
    ({"type": "topic", "room": "lobby", "topic": "tea"}, SetTopic("lobby", "tea")),
    ({"type": "invite", "room": "lobby", "name": "Bob"}, Invite("lobby", "Bob")),
    ({"type": "describe", "text": "tall"}, Describe("tall")),
    ({"type": "character", "name": "Ali"}, SwitchCharacter("Ali")),
    (
        {
            "type": "room_setting",
            "room": "r",
            "setting": "member_limit",
            "enabled": True,
            "value": 5,
        },
        ChangeRoomSetting("r", RoomSetting.MEMBER_LIMIT, True, 5),
    ),
    (
        {"type": "room_setting", "room": "r", "setting": "ban", "enabled": False, "target": "Bob"},
        ChangeRoomSetting("r", RoomSetting.BAN, False, target="Bob"),
    ),
    (
        {"type": "room_setting", "room": "r", "setting": "key", "enabled": True, "value": "k"},
        ChangeRoomSetting("r", RoomSetting.KEY, True, "k"),
    ),
    (
        {"type": "kick", "room": "r", "name": "Bob", "reason": "rude"},
        Kick("r", "Bob", "rude"),
    ),
]


@pytest.mark.parametrize(("data", "command"), WHOLE, ids=[str(d["type"]) for d, _ in WHOLE])
def test_every_command_parses_whole(data: dict[str, object], command: Command) -> None:
    assert parse_command(json.dumps(data)).command == command
    with_ref = parse_command(json.dumps({**data, "ref": "r-7"}))
    assert with_ref.ref == "r-7"


BAD: list[tuple[str, str]] = [
    ("not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"ref": "1"}', "'type' is missing"),
    ('{"type": 3}', "'type' must be a string"),
    ('{"type": "dance"}', "Unknown type 'dance'"),
    ('{"type": "ping", "extra": 1}', "Unknown field 'extra'"),
    ('{"type": "ping", "ref": 7}', "'ref' must be a string"),
    ('{"type": "ping", "ref": "' + "x" * 65 + '"}', "'ref' must be a string of at most 64"),
    ('{"type": "join"}', "'room' is missing"),
    ('{"type": "join", "room": 1}', "'room' must be a string"),
    ('{"type": "join", "room": "r", "create": "yes"}', "'create' must be true or false"),
    ('{"type": "say", "room": "r", "text": "t", "kind": "shout"}', "'kind' must be one of"),
    ('{"type": "say", "room": "r", "text": "\\ud800"}', "lone surrogate"),
    ('{"type": "say", "room": "r", "room": "s", "text": "t"}', "'room' appears twice"),
    ('{"type": "typing", "state": "active"}', "either 'room' or 'to'"),
    ('{"type": "typing", "room": "r", "to": "B", "state": "active"}', "either 'room' or 'to'"),
    ('{"type": "typing", "room": "r", "state": "shouting"}', "'state' must be one of"),
    ('{"type": "status", "status": "asleep"}', "'status' must be one of"),
    ('{"type": "accept"}', "'from' is missing"),
    ('{"type": "edit", "id": "m1"}', "'text' is missing"),
    ('{"type": "delete", "id": 7}', "'id' must be a string"),
    ('{"type": "room_setting", "room": "r", "setting": "ban", "enabled": true}', "'target'"),
    (
        '{"type": "room_setting", "room": "r", "setting": "moderated", "enabled": true, '
        '"target": "B"}',
        "takes no 'target'",
    ),
    ('{"type": "room_setting", "room": "r", "setting": "rating", "enabled": true}', "'value'"),
    (
        '{"type": "room_setting", "room": "r", "setting": "member_limit", "enabled": true, '
        '"value": "5"}',
        "must be a number",
    ),
    (
        '{"type": "room_setting", "room": "r", "setting": "key", "enabled": true, "value": 5}',
        "must be a string",
    ),
    ('{"type": "room_setting", "room": "r", "setting": "color", "enabled": true}', "'setting'"),
    ('{"type": "ping", "n": NaN}', "NaN"),
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
]


@pytest.mark.parametrize(("text", "says"), BAD)
def test_every_bad_message_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(BadMessage) as refused:
        parse_command(text)
    assert says in refused.value.message
    assert refused.value.code == "bad_message"


def test_an_error_carries_the_ref_when_it_could_be_read() -> None:
    with pytest.raises(BadMessage) as refused:
        parse_command('{"type": "say", "ref": "42", "room": "r"}')
    assert refused.value.ref == "42"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
commandish = st.fixed_dictionaries(
    {"type": st.sampled_from(["say", "join", "typing", "room_setting", "direct", "x"])},
    optional={
        "room": json_values,
        "text": json_values,
        "to": json_values,
        "state": json_values,
        "setting": json_values,
        "enabled": json_values,
        "value": json_values,
        "ref": json_values,
    },
)


@given(st.text() | commandish.map(json.dumps) | json_values.map(json.dumps))
def test_parsing_raises_only_bad_message(text: str) -> None:
    try:
        received = parse_command(text)
    except BadMessage:
        return  # the one documented error; its wording is tested above
    assert received.ref is None or len(received.ref) <= 64
