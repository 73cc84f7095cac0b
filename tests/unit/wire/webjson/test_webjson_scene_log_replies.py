"""The browser protocol's shapes for scene and log replies (the ``ok`` fields, the HTTP logs
bodies), and the log commands parsed into intents."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.events import RoomRef
from boudoir.domain.ids import RoomId
from boudoir.domain.intents import AgreeToLog, ProposeLog, WithdrawFromLog
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    LoggedLine,
    LogLineDeleted,
    LogList,
    LogPart,
    LogRead,
    LogState,
    OpenSceneInvitation,
    SafewordCalled,
    SceneAccepted,
    SceneInvitationList,
    SceneInvitationSent,
    ScenePauseSet,
)
from boudoir.wire.webjson import parse_command
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.logs import log_text

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)


def test_scene_replies_give_the_ok_fields() -> None:
    assert fields(SceneInvitationSent("3fa9", "bob", "Bob", Rating.ADULT)) == {"invitation": "3fa9"}
    assert fields(SceneAccepted("scene-ab12")) == {"scene": "scene-ab12"}
    scene = RoomRef(RoomId("r1"), "scene-ab12", Rating.ADULT)
    assert fields(SafewordCalled((scene,))) == {"ended": ["scene-ab12"]}
    assert fields(ScenePauseSet(paused=True, changed=False)) is None
    invitation = OpenSceneInvitation(
        "3fa9", "Al", AT, Rating.MATURE, ("slow",), "hi", True, None, ("Al", "Bo")
    )
    assert fields(SceneInvitationList((invitation,))) == {
        "invitations": [
            {
                "invitation": "3fa9",
                "from": "Al",
                "at": "2026-11-26T20:00:00.000Z",
                "rating": "mature",
                "tags": ["slow"],
                "note": "hi",
                "adds_to_scene": True,
                "limits": None,
                "members": ["Al", "Bo"],
            }
        ]
    }


def test_log_commands_parse_into_log_intents() -> None:
    assert parse_command('{"type":"log_propose","room":"den"}').command == ProposeLog("den")
    assert parse_command('{"type":"log_agree","room":"den"}').command == AgreeToLog("den")
    assert parse_command('{"type":"log_withdraw","room":"den"}').command == WithdrawFromLog("den")


def test_log_replies_give_the_logging_state_and_the_http_bodies() -> None:
    assert fields(LogState(None)) == {
        "logging": {
            "on": False,
            "proposed": False,
            "change": None,
            "agreed": [],
            "missing": [],
            "waiting": 0,
        }
    }
    part = LogPart("7c1f", "den", AT, None, 2)
    assert fields(LogList((part,))) == {
        "logs": [
            {
                "id": "7c1f",
                "room": "den",
                "started_at": "2026-11-26T20:00:00+00:00",
                "ended_at": None,
                "readers": 2,
            }
        ]
    }
    read = LogRead(part, (LoggedLine("m1", AT, "Al", "ooc", "brb"),))
    body = fields(read)
    assert body is not None
    assert body["lines"] == [
        {"id": "m1", "at": "2026-11-26T20:00:00+00:00", "from": "Al", "kind": "ooc", "text": "brb"}
    ]
    assert log_text(read) == (
        "# den, from 2026-11-26T20:00:00+00:00\n[2026-11-26 20:00:00] <Al> ((brb))\n"
    )
    assert fields(LogLineDeleted()) is None
