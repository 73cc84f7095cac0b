"""What ``examine`` shows a builder, and how ``hand <thing> to <person>`` is read."""

from __future__ import annotations

import pytest

from boudoir.core.building import Examination
from boudoir.wire.telnet.commands.building import HAND_TO
from boudoir.wire.telnet.replies.building import examination_text

EXIT = Examination(
    "exit",
    "x1",
    "North",
    yours=True,
    owner=None,
    description="A gravel path.",
    lock="alice|bob",
    aliases=("north", "n"),
    source="Workshop",
    destination=None,
)


def test_examine_shows_an_exits_aliases_ends_and_lock_in_columns() -> None:
    text = examination_text(EXIT, width=80, screen_reader=False)
    lines = text.splitlines()
    assert lines[0].startswith("Name:")
    assert "North (exit x1)" in lines[0]
    assert "Owner:        you" in text
    assert "Aliases:      north, n" in text
    assert "From:         Workshop" in text
    assert "Leads to:     nowhere (unlinked)" in text
    assert "Lock:         alice|bob" in text
    assert "Description:  A gravel path." in text


def test_examine_reads_as_plain_sentences_for_a_screen_reader() -> None:
    text = examination_text(EXIT, width=80, screen_reader=True)
    assert text.splitlines() == [
        "Name: North (exit x1).",
        "Owner: you.",
        "Aliases: north, n.",
        "From: Workshop.",
        "Leads to: nowhere (unlinked).",
        "Lock: alice|bob.",
        "Description: A gravel path.",
    ]


def test_examine_cleans_a_description_of_terminal_escapes() -> None:
    thing = Examination("thing", "t1", "lamp", False, "alice", "\x1b[2Jgone", location="carried")
    text = examination_text(thing, width=80, screen_reader=False)
    assert "\x1b" not in text
    assert "Owner:        alice" in text
    assert "Where:        carried" in text


@pytest.mark.parametrize(
    ("line", "thing", "person"),
    [
        ("lamp to Bob", "lamp", "Bob"),
        ("brass lamp TO Bob", "brass lamp", "Bob"),
        ("map to the sea to Bob", "map to the sea", "Bob"),
    ],
)
def test_hand_reads_the_thing_then_the_last_word_as_the_receiver(
    line: str, thing: str, person: str
) -> None:
    match = HAND_TO.match(line)
    assert match is not None
    assert (match["thing"], match["person"]) == (thing, person)


def test_hand_without_a_receiver_is_not_read_as_one() -> None:
    assert HAND_TO.match("lamp") is None
