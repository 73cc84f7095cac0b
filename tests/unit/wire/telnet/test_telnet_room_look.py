"""A room's look as the bytes a MU* client gets: a crowded room names some people and counts
the rest, in words for a screen reader too; ``people`` lists everyone. No sockets."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.entities import Room, Status
from boudoir.domain.events import CharacterRef, RoomRef
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.places import ExitListing, Present, RoomView
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import MemberList, RoomMember
from boudoir.domain.replies.world import Arrived, LookedAround
from boudoir.wire.telnet import encode_text
from boudoir.wire.telnet.commands import parse_line
from boudoir.wire.telnet.commands.world import PEOPLE
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import render_reply
from boudoir.wire.telnet.replies.world import PEOPLE_HERE, ROOM_PEOPLE_SHOWN
from boudoir.wire.telnet.text import wrap_block

AT = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)
LOBBY = Room(RoomId("r1"), "Lobby", AccountId("a0"), AT, description="A wide hall.")


def present(name: str, status: Status = Status.ONLINE) -> Present:
    return Present(CharacterRef(CharacterId(f"c-{name}"), name), status)


def told_bytes(view: RoomView, screen: Screen, *, arrived: bool = False) -> bytes:
    """What the client receives: the reply's text wrapped to the window, CRLF line ends."""
    reply = Arrived(view) if arrived else LookedAround(view)
    told = render_reply(reply, screen)
    assert told is not None
    return encode_text(wrap_block(told.text, screen.width))


def test_a_crowded_room_names_some_and_says_how_many_others_and_how_to_see_them() -> None:
    view = RoomView(
        LOBBY,
        (ExitListing("north", (), "Garden"),),
        (present("Ann"), present("Bo")),
        (),
        others=2952,
    )
    assert told_bytes(view, Screen(80), arrived=True) == (
        b"Lobby (general)\r\n"
        b"A wide hall.\r\n"
        b"Obvious exits: north.\r\n"
        b"Here: Ann, Bo.\r\n"
        b'...and 2,950 others here. Type "people" to see everyone.\r\n'
    )


def test_a_screen_reader_hears_the_count_in_a_sentence_without_an_ellipsis() -> None:
    view = RoomView(LOBBY, (), (present("Ann", Status.AWAY),), (), others=2)
    assert told_bytes(view, Screen(0, screen_reader=True)) == (
        b"Lobby (general)\r\n"
        b"A wide hall.\r\n"
        b"Here: Ann (away).\r\n"
        b'And 1 other here. Type "people" to hear everyone.\r\n'
    )


def test_a_room_named_whole_has_no_count_line() -> None:
    named = RoomView(LOBBY, (), (present("Ann"), present("Bo")), ())
    assert told_bytes(named, Screen(80)).endswith(b"Here: Ann, Bo.\r\n")
    empty = RoomView(LOBBY, (), (), ())
    assert told_bytes(empty, Screen(80)).endswith(b"Nobody else is here.\r\n")


def test_people_counted_but_none_named_are_still_said_to_be_here() -> None:
    view = RoomView(LOBBY, (), (), (), others=3)
    assert told_bytes(view, Screen(80)).endswith(
        b'3 people are here. Type "people" to see everyone.\r\n'
    )


def test_the_count_line_is_wrapped_to_a_narrow_window() -> None:
    view = RoomView(LOBBY, (), (present("Ann"),), (), others=1201)
    assert told_bytes(view, Screen(30)).endswith(
        b'Here: Ann.\r\n...and 1,200 others here. Type\r\n"people" to see everyone.\r\n'
    )


def test_the_limit_reads_at_a_glance_and_the_command_named_is_the_one_that_lists_everyone() -> None:
    assert 10 <= ROOM_PEOPLE_SHOWN <= 50
    assert PEOPLE.name == PEOPLE_HERE == parse_line("people").word
    everyone = MemberList(
        RoomRef(RoomId("r1"), "Lobby", Rating.GENERAL),
        tuple(RoomMember(n, Status.ONLINE, False, False, False) for n in ("Ann", "Bo", "Cy")),
    )
    told = render_reply(everyone, Screen(80))
    assert told is not None
    assert encode_text(wrap_block(told.text, 80)) == b"On Lobby (3): Ann, Bo, Cy.\r\n"
