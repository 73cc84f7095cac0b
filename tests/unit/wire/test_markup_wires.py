"""Markup and dice as each wire's bytes: IRC formatting codes, ANSI or plain text on telnet,
and the structured form and ``roll`` object of the browser's JSON. The text as sent (which
the seal covers) is never changed. Milliseconds, no sockets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from boudoir.domain.dice import Dice, DiceRolled
from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.event_lines import TAG_MSGID, TAG_TIME
from boudoir.wire.irc.message import render as render_line
from boudoir.wire.irc.render_events import IrcVariant
from boudoir.wire.irc.render_events import render as render_irc
from boudoir.wire.telnet.render import View, render_bytes
from boudoir.wire.webjson.render import UNFRAMED, event_object
from boudoir.wire.webjson.render import render as render_web

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
TEXT = "[b]Hi[/b] [color=red]there[/color], [spoiler]it was him[/spoiler]"
SEAL = "c2VhbA"


def said(text: str = TEXT, kind: MessageKind = MessageKind.SAY) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, HALL, ALICE, kind, text, seal=SEAL)


ROLL = DiceRolled(MessageId("m2"), AT, HALL, ALICE, Dice(2, 6, 1), (3, 5))
IRC = IrcVariant("irc.test", nick="Bob", me=BOB)
IRC_TAGGED = IrcVariant(
    "irc.test", TAG_TIME | TAG_MSGID, frozenset({"server-time", "message-tags"}), "Bob", BOB
)
COLOUR = View(viewer=BOB.id, location=HALL.id, colours=16)
NO_COLOUR = View(viewer=BOB.id, location=HALL.id)


def test_irc_gets_formatting_codes_and_the_seal_of_the_text_as_sent() -> None:
    assert render_irc(said(), IRC) == (
        b":Alice!rp@cloaked PRIVMSG #Hall :\x02Hi\x0f \x0304there\x0f, \x0301,01it was him\x0f\r\n"
    )
    tagged = render_irc(said("[i]x[/i]"), IRC_TAGGED)
    assert tagged.endswith(
        b"boudoir.chat/seal=c2VhbA :Alice!rp@cloaked PRIVMSG #Hall :\x1dx\x0f\r\n"
    )


def test_irc_poses_keep_their_action_around_the_codes() -> None:
    assert render_irc(said("[i]smiles[/i]", MessageKind.POSE), IRC) == (
        b":Alice!rp@cloaked PRIVMSG #Hall :\x01ACTION \x1dsmiles\x0f\x01\r\n"
    )


def test_irc_shows_a_roll_as_a_notice_from_the_server_that_no_one_can_send() -> None:
    (line,) = render_irc(ROLL, IRC)
    assert render_line(line.command, *line.params, source=line.source) == (
        b":irc.test NOTICE #Hall :[dice] Alice rolls \x022d6+1: 3 + 5 + 1 = 9\x02\r\n"
    )
    (tagged,) = render_irc(ROLL, IRC_TAGGED)
    assert tagged.tags == {"time": "2026-11-26T20:00:00.000Z", "msgid": "m2"}


def test_telnet_with_colour_gets_ansi_inside_the_speech_colour() -> None:
    assert render_bytes(said("[b]Hi[/b] you"), COLOUR) == (
        b'\x1b[1;36mAlice\x1b[0m says, \x1b[37m"\x1b[1mHi\x1b[0m\x1b[37m you"\x1b[0m\r\n'
    )


def test_telnet_without_colour_or_with_a_screen_reader_gets_plain_words() -> None:
    expected = b'Alice says, "Hi there, [spoiler: it was him]"\r\n'
    assert render_bytes(said(), NO_COLOUR) == expected
    reader = dataclasses.replace(COLOUR, screen_reader=True)
    assert b'"Hi there, [spoiler: it was him]"' in (render_bytes(said(), reader) or b"")
    link = said("[url=https://a.org]our wiki[/url]")
    assert render_bytes(link, NO_COLOUR) == b'Alice says, "our wiki (https://a.org)"\r\n'


def test_telnet_shows_a_roll_as_a_system_line() -> None:
    assert render_bytes(ROLL, NO_COLOUR) == b"[dice] Alice rolls 2d6+1: 3 + 5 + 1 = 9\r\n"
    assert render_bytes(ROLL, COLOUR) == (
        b"\x1b[32m[dice] \x1b[1;36mAlice\x1b[0m\x1b[32m rolls 2d6+1: 3 + 5 + 1 = 9\x1b[0m\r\n"
    )


def test_no_ones_text_on_telnet_carries_the_dice_mark_not_even_on_a_line_of_its_own() -> None:
    # A browser user's message may hold line breaks: each line of it starts a line on screen.
    forged = said("fine\n[dice] Bob rolls d20: 20 = 20", kind=MessageKind.EMIT)
    assert render_bytes(forged, NO_COLOUR) == b"fine\r\n(dice) Bob rolls d20: 20 = 20\r\n"
    for text in ("\u3010Dice\u3011", "[d\u200bic\u0435]", "[b][[/b]dice]", "\uff3b dice \uff3d"):
        shown = render_bytes(said(text), NO_COLOUR).decode()
        assert shown.startswith('Alice says, "('), shown
        assert shown.endswith(')"\r\n'), shown
    kept = render_bytes(said("[dicey] [dice roll] [die]"), NO_COLOUR)
    assert kept == b'Alice says, "[dicey] [dice roll] [die]"\r\n'


def test_the_browser_gets_the_text_as_sent_and_its_tree() -> None:
    message = event_object(said("[b]Hi[/b] see https://a.org"))
    assert message is not None
    assert message["text"] == "[b]Hi[/b] see https://a.org"
    assert message["seal"] == SEAL
    assert message["markup"] == [
        {"tag": "b", "children": ["Hi"]},
        " see ",
        {"tag": "url", "href": "https://a.org", "children": ["https://a.org"]},
    ]
    plain = event_object(said("no markup [here]"))
    assert plain is not None
    assert "markup" not in plain


def test_the_browser_gets_a_roll_object() -> None:
    data = render_web(ROLL, UNFRAMED)
    assert data is not None
    assert json.loads(data) == {
        "type": "roll",
        "id": "m2",
        "at": "2026-11-26T20:00:00.000Z",
        "room": "Hall",
        "from": "Alice",
        "dice": "2d6+1",
        "rolls": [3, 5],
        "modifier": 1,
        "total": 9,
    }
