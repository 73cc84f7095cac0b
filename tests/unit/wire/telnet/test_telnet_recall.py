"""``recall``, sans-I/O: the command's words into an intent, and the lines that reached a
person into what the telnet user reads, each with its time."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    Event,
    MessageKind,
    RoomMessageSent,
    RoomRef,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.intents import Recall
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import Recalled
from boudoir.wire.telnet.commands import Usage, parse_line
from boudoir.wire.telnet.commands.speech import RECALLED, parse_recall
from boudoir.wire.telnet.render import View, render
from boudoir.wire.telnet.replies.speech import recalled_text

AT = dt.datetime(2026, 12, 7, 20, 1, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
HALL = RoomRef(RoomId("r1"), "Hall", Rating.GENERAL)
BOB_IN_HALL = View(viewer=BOB.id, location=HALL.id)


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("recall", Recall("", RECALLED)),
        ("recall 5", Recall("", 5)),
        ("recall Den", Recall("Den", RECALLED)),
        ("recall #den 50", Recall("#den", 50)),
        ("recall/pages", Recall(None, RECALLED)),
        ("recall/pages 3", Recall(None, 3)),
    ],
)
def test_recall_words(line: str, intent: Recall) -> None:
    assert parse_recall(parse_line(line)) == intent


@pytest.mark.parametrize("line", ["recall a b", "recall 0", "recall/pages Den"])
def test_recall_usage(line: str) -> None:
    with pytest.raises(Usage):
        parse_recall(parse_line(line))


def shown(event: Event) -> str | None:
    return render(event, BOB_IN_HALL)


def test_each_line_as_the_room_showed_it_after_its_time() -> None:
    lines = (
        RoomMessageSent(MessageId("m1"), AT, HALL, ALICE, MessageKind.SAY, "hello"),
        RoomMessageSent(
            MessageId("m2"), AT + dt.timedelta(minutes=1), HALL, ALICE, MessageKind.POSE, "waves"
        ),
    )
    text = recalled_text(Recalled("Hall", lines), shown, AT.date())
    assert text == (
        "Said in Hall lately (times in UTC):\n"
        '[20:01] Alice says, "hello"\n'
        "[20:02] Alice waves\n"
        "(end of recall)"
    )


def test_a_line_of_another_day_shows_its_date_and_pages_say_so() -> None:
    page = DirectMessageSent(MessageId("m1"), AT, ALICE, BOB, MessageKind.SAY, "tea?")
    text = recalled_text(Recalled(None, (page,)), shown, AT.date() + dt.timedelta(days=1))
    first, line, _ = text.split("\n")
    assert first == "Said in your pages lately (times in UTC):"
    assert line.startswith("[Dec 07 20:01] ")
    assert "tea?" in line


def test_nothing_to_recall() -> None:
    assert recalled_text(Recalled("Hall", ()), shown, AT.date()) == (
        "Nothing said in Hall lately reached you (or it is no longer kept)."
    )
