"""An emit (MUCK ``@emit``) reads without a leading name and stays attributable: on telnet
after the text with spoofcheck (and always for its author), on IRC with the source nick."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.event_lines import message_lines
from boudoir.wire.telnet.render import View
from boudoir.wire.telnet.render import render as render_event

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)


def emitted(text: str) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, HALL, ALICE, MessageKind.EMIT, text)


def bob_sees(event: RoomMessageSent, *, show_emitter: bool = False) -> str | None:
    return render_event(event, View(BOB.id, HALL.id, show_emitter=show_emitter))


def test_an_emit_reads_without_a_name() -> None:
    assert bob_sees(emitted("The wind howls.")) == "The wind howls."


def test_spoofcheck_names_the_emitter() -> None:
    assert bob_sees(emitted("The wind howls."), show_emitter=True) == (
        "The wind howls. [emit by Alice]"
    )


def test_the_author_always_sees_it_is_theirs() -> None:
    own = render_event(emitted("The wind howls."), View(viewer=ALICE.id, location=HALL.id))
    assert own == "The wind howls. [emit by Alice]"


def test_an_emit_elsewhere_is_a_channel_line() -> None:
    away = render_event(emitted("Thunder."), View(viewer=BOB.id, location=RoomId("r-else")))
    assert away == "[Hall] Thunder."


def test_an_escape_sequence_in_an_emit_never_reaches_the_terminal() -> None:
    text = bob_sees(emitted("\x1b[2JThe screen stays.\x07"), show_emitter=True)
    assert text is not None
    assert "\x1b" not in text
    assert "\x07" not in text


def test_irc_shows_an_emit_from_its_author_marked_as_an_emit() -> None:
    lines = message_lines("Alice!a@h", "PRIVMSG", "#Hall", MessageKind.EMIT, "The wind howls.")
    assert lines == [":Alice!a@h PRIVMSG #Hall :[emit] The wind howls.\r\n"]
