"""The browser's JSON for room replies: the ``join`` reply's room state, members and the
directory, field for field (docs/websocket.md, "Shapes used in replies")."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.calls import CamAudience, CamTerms
from boudoir.domain.entities import RoomVisibility, Status
from boudoir.domain.events import RoomRef
from boudoir.domain.ids import RoomId
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    Invited,
    Joined,
    MemberList,
    Parted,
    RoomList,
    RoomListing,
    RoomMember,
    RoomSettings,
    RoomTopic,
    TopicShown,
    YouInRoom,
)
from boudoir.wire.webjson.replies import fields

AT = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
REF = RoomRef(RoomId("r1"), "Tavern", Rating.GENERAL)
ALICE = RoomMember("alice", Status.AWAY, owner=True, manager=True, voiced=False)
MEMBER = {"name": "alice", "status": "away", "owner": True, "manager": True, "voiced": False}


def test_the_join_reply_is_the_room_state() -> None:
    joined = Joined(
        RoomSettings(REF, Rating.GENERAL, RoomVisibility.PUBLIC, False, True, "k", None, AT),
        RoomTopic("ale", "alice", AT, hidden=False, is_set=True, logged=False),
        YouInRoom(owner=False, manager=False, voiced=True),
        (ALICE,),
        None,
        broadcasting=(("Bea", CamTerms(explicit=True, audience=CamAudience.FRIENDS)),),
    )
    assert fields(joined) == {
        "room": {
            "name": "Tavern",
            "rating": Rating.GENERAL.label,
            "topic": "ale",
            "topic_by": "alice",
            "topic_hidden": False,
            "visibility": "public",
            "moderated": False,
            "topic_locked": True,
            "key_set": True,
            "member_limit": None,
            "tags": [],
            "newcomer_lines": 0,
            "cams": False,
            "broadcasting": [
                {"name": "Bea", "explicit": True, "mutual_only": False, "audience": "friends"}
            ],
            "ads": False,
            "you": {"owner": False, "manager": False, "voiced": True},
            "members": [MEMBER],
            "logging": {
                "on": False,
                "proposed": False,
                "change": None,
                "agreed": [],
                "missing": [],
                "waiting": 0,
            },
        }
    }


def test_members_directory_and_a_revealed_topic() -> None:
    assert fields(MemberList(REF, (ALICE,))) == {"members": [MEMBER]}
    listing = RoomListing("Tavern", Rating.ADULT, "", True, 2, ("alice", "bob"))
    assert fields(RoomList((listing,))) == {
        "rooms": [
            {
                "name": "Tavern",
                "rating": Rating.ADULT.label,
                "topic": "",
                "topic_hidden": True,
                "members": 2,
                "people": ["alice", "bob"],
                "tags": [],
                "activity": 0,
            }
        ]
    }
    topic = RoomTopic("ale", None, None, hidden=True, is_set=True, logged=False)
    assert fields(TopicShown(REF, topic, revealed=True)) == {"topic": "ale"}


def test_part_and_invite_answer_with_an_empty_ok() -> None:
    assert fields(Parted(REF, "bye")) is None
    assert fields(Invited("bob", REF)) is None
