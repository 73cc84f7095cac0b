"""Edits and deletions as a MU* player reads them (system lines, as bytes), and ``edit last``
/ ``delete last`` as typed: milliseconds, no sockets."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.events import CharacterRef, MessageDeleted, MessageEdited, MessageKind, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.intents import DeleteMessage, EditMessage
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.commands import Usage, parse_line
from boudoir.wire.telnet.commands.edits import DELETE, EDIT
from boudoir.wire.telnet.render import View, render_bytes

AT = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
LOUNGE = RoomRef(RoomId("r-lounge"), "Lounge", Rating.GENERAL)
BOB_IN_HALL = View(viewer=BOB.id, location=HALL.id)
ALICE_IN_HALL = View(viewer=ALICE.id, location=HALL.id)


def edited(text: str, room: RoomRef | None = HALL) -> MessageEdited:
    recipient = None if room is not None else BOB
    return MessageEdited(MessageId("m1"), AT, AT, ALICE, MessageKind.SAY, text, room, recipient)


def deleted(*, by_moderator: bool = False, room: RoomRef | None = HALL) -> MessageDeleted:
    recipient = None if room is not None else BOB
    return MessageDeleted(MessageId("m1"), AT, ALICE, room, recipient, by_moderator)


def test_an_edit_is_a_system_line_with_the_new_text() -> None:
    assert render_bytes(edited("hello all"), BOB_IN_HALL) == b"Alice edited a line: hello all\r\n"
    assert render_bytes(edited("hello all"), ALICE_IN_HALL) == (
        b"You edited your line: hello all\r\n"
    )
    assert (
        render_bytes(edited("hi", LOUNGE), BOB_IN_HALL) == b"[Lounge] Alice edited a line: hi\r\n"
    )
    assert render_bytes(edited("hi", None), BOB_IN_HALL) == b"Alice edited a page: hi\r\n"


def test_an_edit_cannot_paint_the_terminal() -> None:
    assert render_bytes(edited("hi\x1b[2J there"), BOB_IN_HALL) == (
        b"Alice edited a line: hi there\r\n"
    )


def test_a_deletion_and_a_moderators_removal_are_told_without_naming_the_moderator() -> None:
    assert render_bytes(deleted(), BOB_IN_HALL) == b"Alice deleted a line.\r\n"
    assert render_bytes(deleted(), ALICE_IN_HALL) == b"You deleted your line.\r\n"
    assert render_bytes(deleted(by_moderator=True), BOB_IN_HALL) == (
        b"A moderator removed a line by Alice.\r\n"
    )
    assert render_bytes(deleted(by_moderator=True), ALICE_IN_HALL) == (
        b"A moderator removed your line.\r\n"
    )
    assert render_bytes(deleted(room=None), BOB_IN_HALL) == b"Alice deleted a page.\r\n"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("edit last hello again", EditMessage("", "hello again")),
        ("edit LAST  spaced out ", EditMessage("", "spaced out")),
        ("delete last", DeleteMessage("")),
    ],
)
def test_edit_last_and_delete_last_are_read(typed: str, expected: object) -> None:
    spec = EDIT if typed.startswith("edit") else DELETE
    assert spec.parse(parse_line(typed)) == expected


@pytest.mark.parametrize("typed", ["edit", "edit last", "edit first hi", "delete", "delete 3"])
def test_anything_else_is_their_usage(typed: str) -> None:
    spec = EDIT if typed.startswith("edit") else DELETE
    with pytest.raises(Usage):
        spec.parse(parse_line(typed))
