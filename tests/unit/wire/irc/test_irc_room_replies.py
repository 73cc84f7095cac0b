"""IRC's numerics for room replies, from plain reply data: the topic pair, NAMES lines and
their split, LIST with ELIST filters, the mode string and the lists."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.domain.entities import RoomSetting, RoomVisibility, Status
from boudoir.domain.events import RoomRef
from boudoir.domain.ids import RoomId
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    NamesList,
    RoomEntries,
    RoomEntry,
    RoomList,
    RoomListing,
    RoomMember,
    RoomNames,
    RoomSettings,
    RoomShown,
    RoomTopic,
    TopicShown,
)
from boudoir.wire.irc.replies import rooms as replies

AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
REF = RoomRef(RoomId("r1"), "Tavern", Rating.MATURE)
TAVERN = RoomSettings(REF, Rating.MATURE, RoomVisibility.PRIVATE, True, True, "sesame", 20, AT)


TOPIC = RoomTopic("ale", "alice", AT, hidden=False, is_set=True, logged=False)


def _topic(**changes: object) -> RoomTopic:
    return dataclasses.replace(TOPIC, **changes)  # type: ignore[arg-type]


def _member(name: str, *, manager: bool = False, voiced: bool = False) -> RoomMember:
    return RoomMember(name, Status.ONLINE, owner=False, manager=manager, voiced=voiced)


def test_a_topic_is_rpl_topic_then_who_set_it_when() -> None:
    assert replies.topic_reply(TopicShown(REF, _topic(), revealed=False)) == [
        ("332", "#Tavern", "ale"),
        ("333", "#Tavern", "alice", str(int(AT.timestamp()))),
    ]


def test_a_hidden_topic_says_how_to_reveal_it_and_a_logged_room_says_so() -> None:
    hidden = _topic(text="", hidden=True, by=None, logged=True)
    assert replies.topic_reply(TopicShown(REF, hidden, revealed=False)) == [
        (
            "332",
            "#Tavern",
            "[logged] [hidden: set by someone you block] /quote REVEAL #Tavern TOPIC shows it",
        )
    ]


def test_no_topic_is_rpl_notopic_but_a_logged_room_still_shows_its_mark() -> None:
    unset = _topic(text="", by=None, at=None, is_set=False)
    assert replies.topic_reply(TopicShown(REF, unset, revealed=False)) == [
        ("331", "#Tavern", "No topic is set")
    ]
    logged = _topic(text="", by=None, at=None, is_set=False, logged=True)
    assert replies.topic_reply(TopicShown(REF, logged, revealed=False)) == [
        ("332", "#Tavern", "[logged]")
    ]


def test_names_mark_a_secret_room_prefix_managers_and_end_with_the_room_as_spelt() -> None:
    names = RoomNames(
        "#tavern", TAVERN, (_member("alice", manager=True, voiced=True), _member("bob")), True
    )
    assert replies.names_reply(NamesList((names,)), multi_prefix=False, mask=None) == [
        ("353", "@", "#Tavern", "@alice bob"),
        ("366", "#Tavern", "End of /NAMES list"),
    ]
    full = replies.names_reply(
        NamesList((names,)), multi_prefix=True, mask=lambda name: f"{name}!rp@cloaked"
    )
    assert full[0] == ("353", "@", "#Tavern", "@+alice!rp@cloaked bob!rp@cloaked")


def test_names_split_long_lists_and_name_unseen_rooms_as_typed() -> None:
    many = tuple(_member(f"person{i:03}") for i in range(60))
    seen = RoomNames("#Tavern", TAVERN, many, True)
    unseen = RoomNames("#NoWhere", None, (), False)
    lines = replies.names_reply(NamesList((seen, unseen)), multi_prefix=False, mask=None)
    assert [line[0] for line in lines] == ["353", "353", "366"]
    assert all(len(line[3]) <= replies.NAMES_LINE for line in lines[:-1])
    assert lines[-1] == ("366", "#Tavern,#NoWhere", "End of /NAMES list")


def test_list_filters_by_user_count_and_masks_and_shows_the_rating_before_the_topic() -> None:
    rooms = RoomList(
        (
            RoomListing("lobby", Rating.GENERAL, "hello", False, 3, ()),
            RoomListing("den", Rating.ADULT, "", True, 1, ()),
            RoomListing("garden", Rating.GENERAL, "", False, 0, ()),
        )
    )
    assert replies.list_reply(rooms, ">0,!#lob*") == [
        ("321", "Channel", "Users  Name"),
        (
            "322",
            "#den",
            "1",
            "[adult] [hidden: set by someone you block] /quote REVEAL #den TOPIC shows it",
        ),
        ("323", "End of /LIST"),
    ]


def test_the_mode_string_and_creation_time_of_a_room() -> None:
    assert replies.modes_reply(RoomShown(TAVERN)) == [
        ("324", "#Tavern", "+iklmnRst", "sesame", "20", "mature"),
        ("329", "#Tavern", str(int(AT.timestamp()))),
    ]


def test_a_ban_list_names_the_setter_or_the_server() -> None:
    entries = RoomEntries(
        REF, RoomSetting.BAN, (RoomEntry("bob", "alice", AT), RoomEntry("carol", "", AT))
    )
    stamp = str(int(AT.timestamp()))
    assert replies.entries_reply(entries, "irc.example") == [
        ("367", "#Tavern", "bob!*@*", "alice", stamp),
        ("367", "#Tavern", "carol!*@*", "irc.example", stamp),
        ("368", "#Tavern", "End of channel ban list"),
    ]
