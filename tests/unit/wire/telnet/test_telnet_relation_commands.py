"""Telnet's block commands as data: lines into intents, replies into words."""

from __future__ import annotations

import pytest

from boudoir.domain.intents import Block, ListBlocks, Unblock
from boudoir.domain.replies import Blocked, BlockList, Unblocked
from boudoir.wire.telnet.commands import SPECS, Usage, parse_line
from boudoir.wire.telnet.replies import Screen, Told, render_reply

SCREEN = Screen(80)

BY_WORD = {word: spec for spec in SPECS for word in (spec.name, *spec.aliases)}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("block Bob", Block("Bob")),
        ("ignore  Bob ", Block("Bob")),
        ("unblock bob", Unblock("bob")),
        ("blocks", ListBlocks()),
        ("ignores", ListBlocks()),
    ],
)
def test_a_line_becomes_its_intent(text: str, intent: object) -> None:
    line = parse_line(text)
    assert BY_WORD[line.word].parse(line) == intent


@pytest.mark.parametrize("text", ["block", "block two names", "unblock   "])
def test_a_line_without_exactly_one_name_gets_the_usage(text: str) -> None:
    line = parse_line(text)
    with pytest.raises(Usage):
        BY_WORD[line.word].parse(line)


def test_replies_read_as_before_and_clean_what_the_player_typed() -> None:
    assert render_reply(Blocked("Bob"), SCREEN) == Told(
        "You block Bob (every character of theirs). They are not told."
    )
    assert render_reply(Unblocked("b\x1b[2Job"), SCREEN) == Told("You no longer block bob.")
    assert render_reply(BlockList(()), SCREEN) == Told("You block nobody.")
    assert render_reply(BlockList(("Bob", "carol")), SCREEN) == Told("You block: Bob, carol.")
