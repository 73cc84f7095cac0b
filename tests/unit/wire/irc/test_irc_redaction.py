"""Edits and deletions as IRC lines, and REDACT as a client sends it: milliseconds, bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.events import CharacterRef, MessageDeleted, MessageEdited, MessageKind, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.irc import render_message
from boudoir.wire.irc.event_lines import TAG_MSGID, TAG_TIME
from boudoir.wire.irc.message import parse_message
from boudoir.wire.irc.redaction import REDACTION_CAP, Redact, parse_redact
from boudoir.wire.irc.render_events import IrcVariant, render

AT = dt.datetime(2026, 12, 7, 12, 0, 1, 234000, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
LOUNGE = RoomRef(RoomId("r1"), "lounge", Rating.GENERAL)
PLAIN = IrcVariant("irc.test", nick="Bob", me=BOB)
REDACTING = IrcVariant(
    "irc.test", TAG_TIME | TAG_MSGID, frozenset({REDACTION_CAP, "message-tags"}), "Bob", BOB
)


def wire(event: MessageEdited | MessageDeleted, variant: IrcVariant) -> list[bytes]:
    lines = render(event, variant)
    assert not isinstance(lines, bytes)
    return [render_message(message) for message in lines]


def deleted(*, by_moderator: bool = False, room: RoomRef | None = LOUNGE) -> MessageDeleted:
    recipient = None if room is not None else BOB
    return MessageDeleted(MessageId("m1"), AT, ALICE, room, recipient, by_moderator)


def test_a_client_with_redaction_gets_redact_from_the_sender() -> None:
    assert wire(deleted(), REDACTING) == [
        b"@time=2026-12-07T12:00:01.234Z :Alice!rp@cloaked REDACT #lounge m1\r\n"
    ]


def test_a_moderators_removal_comes_from_the_server_and_names_no_moderator() -> None:
    assert wire(deleted(by_moderator=True), REDACTING) == [
        b"@time=2026-12-07T12:00:01.234Z :irc.test REDACT #lounge m1 :removed by a moderator\r\n"
    ]


def test_a_client_without_redaction_gets_a_notice() -> None:
    assert wire(deleted(), PLAIN) == [
        b":Alice!rp@cloaked NOTICE #lounge :* Alice deleted a message.\r\n"
    ]
    assert wire(deleted(by_moderator=True), PLAIN) == [
        b":irc.test NOTICE #lounge :* A message from Alice was removed by a moderator.\r\n"
    ]


def test_a_direct_message_is_redacted_in_the_conversation_it_was_in() -> None:
    assert wire(deleted(room=None), REDACTING)[0].endswith(b"REDACT Bob m1\r\n")
    alice = IrcVariant("irc.test", 0, frozenset({REDACTION_CAP}), "Alice", ALICE)
    assert wire(deleted(room=None), alice) == [b":Alice!rp@cloaked REDACT Bob m1\r\n"]


def test_an_edit_is_a_notice_with_the_new_text_for_everyone() -> None:
    edited = MessageEdited(
        MessageId("m1"), AT, AT, ALICE, MessageKind.SAY, "hello\nall", LOUNGE, None, "s"
    )
    assert wire(edited, PLAIN) == [
        b":Alice!rp@cloaked NOTICE #lounge :* Alice edited: hello\r\n",
        b":Alice!rp@cloaked NOTICE #lounge :  all\r\n",
    ]
    assert wire(edited, REDACTING)[0] == (
        b"@time=2026-12-07T12:00:01.234Z;+draft/reply=m1 "
        b":Alice!rp@cloaked NOTICE #lounge :* Alice edited: hello\r\n"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"REDACT #lounge m1", Redact("#lounge", "m1")),
        (b"REDACT #lounge m1 :wrong room", Redact("#lounge", "m1", "wrong room")),
        (b"REDACT Bob 0a1b-2", Redact("Bob", "0a1b")),  # a split line names its message
        (b"REDACT #lounge m1 :" + b"x" * 400, Redact("#lounge", "m1", "x" * 300)),
        (b"REDACT #lounge", None),
        (b"REDACT  :", None),
    ],
)
def test_redact_is_read_from_its_parameters(line: bytes, expected: Redact | None) -> None:
    assert parse_redact(parse_message(line).params) == expected
