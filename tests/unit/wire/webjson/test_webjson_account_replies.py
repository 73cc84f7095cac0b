"""The browser protocol's shapes for replies about one's account, characters and friends
(docs/http-api.md, docs/websocket.md)."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.entities import Character, Status
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.profiles import ProfileSection
from boudoir.domain.replies import (
    CharacterDeleted,
    CharacterSwitched,
    FriendAdded,
    FriendList,
    FriendRemoved,
    LoginEntry,
    ProfileShown,
    SessionList,
)
from boudoir.wire.webjson.replies import fields

AT = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)


def test_friend_replies_as_json_fields() -> None:
    assert fields(FriendAdded("Bob")) == {"name": "Bob"}
    assert fields(FriendRemoved("bob")) is None, "no body: HTTP 204"
    assert fields(FriendList(("Bob",))) == {"friends": [{"name": "Bob"}]}


def test_character_replies_as_json_fields() -> None:
    assert fields(CharacterSwitched("Ivy")) == {"character": {"name": "Ivy"}}
    assert fields(CharacterDeleted("Ivy")) is None


EVERY_SECTION = frozenset(ProfileSection)


def test_a_profile_shows_interests_only_when_its_owner_lets_the_viewer_see_them() -> None:
    ivy = Character(id=CharacterId("i"), account_id=AccountId("a"), name="Ivy", created_at=AT)
    hidden = fields(ProfileShown(ivy, online=True, status=Status.AWAY, sections=frozenset()))
    assert hidden is not None
    assert hidden["status"] == "away"
    assert "interests" not in hidden
    assert "hard_limits" not in hidden
    assert "species" not in hidden
    assert hidden["has_image"] is False
    shown = fields(ProfileShown(ivy, online=False, status=None, sections=EVERY_SECTION))
    assert shown is not None
    assert shown["interests"] == []
    assert shown["hard_limits"] == []
    assert shown["species"] == ""


def test_sessions_say_which_one_is_current() -> None:
    entry = LoginEntry("l1", AT, AT, "Firefox on Linux", current=True)
    assert fields(SessionList((entry,))) == {
        "sessions": [
            {
                "id": "l1",
                "created_at": AT.isoformat(),
                "last_seen_at": AT.isoformat(),
                "client": "Firefox on Linux",
                "current": True,
            }
        ]
    }
