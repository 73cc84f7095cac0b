"""``@set me=highlight:yes``: the reader's name stands out where someone else names it in a
room line, only with colour; readers it does not name share the plain rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.render import View, render, speech_key

AT = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
HIGHLIGHT = "\x1b[1;7m"
BOB_LOOKING = View(viewer=BOB.id, location=HALL.id, colours=16, highlight="Bob")


def said(
    text: str, *, sender: CharacterRef = ALICE, kind: MessageKind = MessageKind.SAY
) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, HALL, sender, kind, text)


def test_the_name_stands_out_as_a_whole_word_in_any_case() -> None:
    text = render(said("evening bob, and Bobby too"), BOB_LOOKING)
    assert text is not None
    assert f"{HIGHLIGHT}bob\x1b[0m" in text
    assert text.count(HIGHLIGHT) == 1  # "Bobby" is someone else


def test_the_line_keeps_its_colour_after_the_name() -> None:
    text = render(said("Bob waves", kind=MessageKind.POSE), BOB_LOOKING)
    pose_start = "\x1b[35m"
    assert (
        text == f"\x1b[1;36mAlice\x1b[0m {pose_start}{HIGHLIGHT}Bob\x1b[0m{pose_start} waves\x1b[0m"
    )


def test_no_highlight_in_your_own_lines_or_without_the_setting() -> None:
    own = render(said("I am Bob", sender=BOB), BOB_LOOKING)
    assert own is not None
    assert HIGHLIGHT not in own
    plain = render(said("hi Bob"), dataclasses.replace(BOB_LOOKING, highlight=""))
    assert plain is not None
    assert HIGHLIGHT not in plain


def test_without_colour_the_text_is_untouched() -> None:
    no_colour = dataclasses.replace(BOB_LOOKING, colours=0)
    assert render(said("hi Bob"), no_colour) == 'Alice says, "hi Bob"'


def test_only_readers_a_line_names_get_a_rendering_of_their_own() -> None:
    plain = dataclasses.replace(BOB_LOOKING, highlight="")
    assert speech_key(BOB_LOOKING, said("nothing for you")) == speech_key(
        plain, said("nothing for you")
    )
    assert speech_key(BOB_LOOKING, said("hi bob")) != speech_key(plain, said("hi bob"))


def test_a_name_with_symbols_is_matched_as_written() -> None:
    view = dataclasses.replace(BOB_LOOKING, highlight="[Rook]")
    text = render(said("hey [rook]! and Rook"), view)
    assert text is not None
    assert text.count(HIGHLIGHT) == 1
    assert f"{HIGHLIGHT}[rook]\x1b[0m" in text
