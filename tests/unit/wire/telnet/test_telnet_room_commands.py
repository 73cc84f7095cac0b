"""Telnet's room commands as data: banish lines into intents, room replies into words."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import Status
from boudoir.domain.events import RoomRef
from boudoir.domain.ids import RoomId
from boudoir.domain.intents import Banish
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import Banished, MemberList, RoomMember
from boudoir.wire.telnet.commands import SPECS, Usage, parse_line
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import Told, render_reply
from boudoir.wire.telnet.text import Style

SCREEN = Screen(80)

BY_WORD = {word: spec for spec in SPECS for word in (spec.name, *spec.aliases)}


@pytest.mark.parametrize(
    ("text", "intent"),
    [("banish Bob", Banish("Bob")), ("unbanish  bob ", Banish("bob", banned=False))],
)
def test_a_line_becomes_its_intent(text: str, intent: object) -> None:
    line = parse_line(text)
    assert BY_WORD[line.word].parse(line) == intent


@pytest.mark.parametrize("text", ["banish", "banish two names", "unbanish  "])
def test_a_line_without_exactly_one_name_gets_the_usage(text: str) -> None:
    line = parse_line(text)
    with pytest.raises(Usage):
        BY_WORD[line.word].parse(line)


def test_banish_names_the_rooms_or_says_there_are_none() -> None:
    assert render_reply(Banished("Bob", True, ("den", "loft")), SCREEN) == Told(
        "Bob is banished from your rooms: den, loft."
    )
    assert render_reply(Banished("Bob", False, ("den",)), SCREEN) == Told(
        "Bob may come to your rooms again: den."
    )
    assert render_reply(Banished("Bob", True, ()), SCREEN) == Told(
        "You own no rooms to banish anyone from.", Style.ERROR
    )


def test_a_channel_who_lists_the_names() -> None:
    room = RoomRef(RoomId("r1"), "public", Rating.GENERAL)
    members = tuple(
        RoomMember(name, Status.ONLINE, owner=False, manager=False, voiced=False)
        for name in ("alice", "bob")
    )
    assert render_reply(MemberList(room, members), SCREEN) == Told("On public (2): alice, bob.")
