"""Scene commands parsed from JSON, and scene events rendered to it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from boudoir.domain.events import (
    CharacterRef,
    RoomRef,
    SceneEnded,
    SceneEndReason,
    SceneInvitationWithdrawn,
    SceneMemberCard,
    SceneStarted,
)
from boudoir.domain.ids import CharacterId, RoomId
from boudoir.domain.intents import InviteToScene as SceneInvite
from boudoir.domain.intents import Safeword
from boudoir.domain.ratings import Rating
from boudoir.wire.webjson import BadMessage, parse_command, render_event

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
SCENE = RoomRef(RoomId("r1"), "scene-ab12cd", Rating.ADULT)


def test_scene_invite_and_safeword_parse() -> None:
    invite = parse_command(
        '{"type":"scene_invite","to":"Bob","rating":"adult","tags":["slow"],"note":"hi"}'
    ).command
    assert invite == SceneInvite("Bob", Rating.ADULT, ("slow",), "hi")
    assert parse_command('{"type":"safeword"}').command == Safeword()
    assert parse_command('{"type":"safeword","block":"all"}').command == Safeword(block="all")
    assert parse_command('{"type":"safeword","block":["Al"]}').command == Safeword(block=("Al",))


@pytest.mark.parametrize(
    "text",
    [
        '{"type":"scene_invite","to":"Bob","rating":"spicy"}',
        '{"type":"scene_invite","to":"Bob","tags":"slow"}',
        '{"type":"scene_invite","to":"Bob","tags":[1]}',
        '{"type":"safeword","block":"some"}',
        '{"type":"scene_vote","scene":"s","invitee":"Bob"}',
        '{"type":"scene_accept"}',
    ],
)
def test_bad_scene_commands_are_refused(text: str) -> None:
    with pytest.raises(BadMessage):
        parse_command(text)


def test_the_card_and_the_end_render_without_blame() -> None:
    bob = CharacterRef(CharacterId("c1"), "Bob")
    card = SceneStarted(AT, SCENE, ("slow",), "hi", (SceneMemberCard(bob, None),))
    shown = json.loads(render_event(card) or b"")
    assert shown["members"] == [{"name": "Bob", "limits": None}]
    assert shown["rating"] == "adult"
    ended = json.loads(render_event(SceneEnded(AT, SCENE, SceneEndReason.SAFEWORD)) or b"")
    assert ended == {
        "type": "scene_ended",
        "at": "2026-11-26T20:00:00.000Z",
        "scene": "scene-ab12cd",
        "reason": "safeword",
        "text": SceneEndReason.SAFEWORD.message,
    }


def test_a_withdrawn_invitation_names_only_the_invitation_and_its_sender() -> None:
    bob = CharacterRef(CharacterId("c1"), "Bob")
    shown = json.loads(render_event(SceneInvitationWithdrawn(AT, "inv1", bob)) or b"")
    assert shown == {
        "type": "scene_invitation_withdrawn",
        "at": "2026-11-26T20:00:00.000Z",
        "invitation": "inv1",
        "from": "Bob",
    }
