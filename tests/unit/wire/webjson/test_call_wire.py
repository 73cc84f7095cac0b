"""The call and cam commands parsed from a browser's JSON, and their events as JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from boudoir.domain.call_events import CallIncoming, CamChanged, MediaSessionStarted, SignalRelayed
from boudoir.domain.calls import CamAudience, CamTerms, Role
from boudoir.domain.ids import CharacterId
from boudoir.domain.intents import CamAction, PlaceCall, RelaySignal, StartCam
from boudoir.domain.refs import CharacterRef
from boudoir.domain.turn import IceServer
from boudoir.wire.webjson import render_event
from boudoir.wire.webjson.commands import BadMessage, parse_command

AT = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")


def command(**fields: object) -> object:
    return parse_command(json.dumps(fields)).command


def test_call_and_cam_commands_become_intents() -> None:
    assert command(type="call", to="Bob", video=True) == PlaceCall("Bob", video=True)
    assert command(
        type="cam_start", room="lobby", explicit=False, mutual_only=True, audience="friends"
    ) == StartCam("lobby", False, True, CamAudience.FRIENDS)
    assert command(type="cam_boot", room="lobby", name="Bob") == CamAction("boot", "lobby", "Bob")


def test_a_signal_is_relayed_as_the_compact_json_it_came_as() -> None:
    data = {"type": "offer", "sdp": "v=0\r\nö"}
    assert command(type="signal", session="m-1", kind="offer", data=data) == RelaySignal(
        "m-1", "offer", '{"type":"offer","sdp":"v=0\\r\\nö"}'
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"type": "call", "to": "Bob"}, "Field 'video' is missing."),
        ({"type": "signal", "session": "m", "kind": "offer", "data": "v=0"}, "must be an object"),
        ({"type": "signal", "session": "m", "kind": "bye", "data": {}}, "must be one of"),
        ({"type": "cam_start", "room": "r", "explicit": False, "mutual_only": False,
          "audience": "strangers"}, "must be one of"),
    ],
)  # fmt: skip
def test_bad_call_commands_say_what_is_wrong(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(BadMessage) as raised:
        parse_command(json.dumps(fields))
    assert problem in raised.value.message


def test_call_events_as_the_browser_reads_them() -> None:
    incoming = CallIncoming(AT, "c-1", ALICE, True, "https://chat.example.org")
    assert json.loads(render_event(incoming) or b"") == {
        "type": "call_incoming", "at": "2026-12-07T20:00:00.000Z", "call": "c-1",
        "from": "Alice", "video": True,
    }  # fmt: skip
    server = IceServer(("turn:relay:3478",), "1800000000:x", "cred")
    session = MediaSessionStarted(AT, "m-1", ALICE, Role.ANSWERER, (server,), cam_room="r",
                                  cam_name="Alice")  # fmt: skip
    assert json.loads(render_event(session) or b"") == {
        "type": "media_session", "at": "2026-12-07T20:00:00.000Z", "session": "m-1",
        "cam": {"room": "r", "name": "Alice"}, "peer": "Alice", "role": "answerer",
        "ice_servers": [{"urls": ["turn:relay:3478"], "username": "1800000000:x",
                         "credential": "cred"}],
        "ice_transport_policy": "relay",
    }  # fmt: skip
    signal = SignalRelayed(AT, "m-1", ALICE, "candidate", '{"candidate":"c"}')
    assert json.loads(render_event(signal) or b"")["data"] == {"candidate": "c"}
    cam = CamChanged(AT, "r", "Alice", True, CamTerms(explicit=True))
    assert json.loads(render_event(cam) or b"") == {
        "type": "cam", "at": "2026-12-07T20:00:00.000Z", "room": "r", "name": "Alice",
        "live": True, "explicit": True, "mutual_only": False, "audience": "everyone",
    }  # fmt: skip
