"""Room speech as the bytes a MU* client gets (``render_bytes``) and the variant key that lets a
room share them (``speech_key``): milliseconds, no sockets."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.domain.events import (
    CharacterRef,
    MessageKind,
    MessageRequestAnswered,
    RoomMessageSent,
    RoomRef,
    SignalSent,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.render import View, render, render_bytes, speech_key
from boudoir.wire.telnet.text import wrap_block

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
LOUNGE = RoomRef(RoomId("r-lounge"), "Lounge", Rating.GENERAL)
BOB_IN_HALL = View(viewer=BOB.id, location=HALL.id)


def said(text: str, room: RoomRef = HALL, kind: MessageKind = MessageKind.SAY) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, room, ALICE, kind, text)


def test_bytes_are_the_text_with_crlf_line_ends() -> None:
    assert render_bytes(said("hi"), BOB_IN_HALL) == b'Alice says, "hi"\r\n'


def test_bytes_are_wrapped_to_the_window() -> None:
    narrow = dataclasses.replace(BOB_IN_HALL, width=20)
    assert render_bytes(said("one two three four five"), narrow) == (
        b'Alice says, "one two\r\nthree four five"\r\n'
    )


def test_an_ascii_client_gets_question_marks_for_what_it_cannot_show() -> None:
    ascii_only = dataclasses.replace(BOB_IN_HALL, ascii_only=True)
    assert render_bytes(said("café"), ascii_only) == b'Alice says, "caf?"\r\n'
    assert render_bytes(said("café"), BOB_IN_HALL) == 'Alice says, "café"\r\n'.encode()


def test_nothing_shown_is_no_bytes() -> None:
    signal = SignalSent(MessageId("m2"), AT, ALICE, (("+typing", "active"),), room=HALL)
    assert render(signal, BOB_IN_HALL) is None
    assert render_bytes(signal, BOB_IN_HALL) is None
    assert render(MessageRequestAnswered(AT, ALICE, accepted=True), BOB_IN_HALL) is None


def test_readers_with_the_same_key_get_the_same_bytes() -> None:
    carol_in_hall = View(viewer=CharacterId("c-carol"), location=HALL.id)
    event = said("hi")
    assert speech_key(BOB_IN_HALL, event) == speech_key(carol_in_hall, event)
    assert render_bytes(event, BOB_IN_HALL) == render_bytes(event, carol_in_hall)
    elsewhere = View(viewer=CharacterId("c-carol"), location=LOUNGE.id)
    assert speech_key(elsewhere, event) != speech_key(BOB_IN_HALL, event)
    own = View(viewer=ALICE.id, location=HALL.id)
    assert speech_key(own, event) != speech_key(BOB_IN_HALL, event)
    spoofcheck = dataclasses.replace(BOB_IN_HALL, show_emitter=True)
    assert speech_key(spoofcheck, event) == speech_key(BOB_IN_HALL, event)
    emit = said("The wind howls.", kind=MessageKind.EMIT)
    assert speech_key(spoofcheck, emit) != speech_key(BOB_IN_HALL, emit)


def test_wrap_block_indents_the_continuation_of_an_indented_line() -> None:
    assert wrap_block("  one two three", 10) == "  one two\n    three\n"
    assert wrap_block("", 10) == "\n"
