"""IRC services as tables: NickServ's block verbs into intents, replies into notices."""

from __future__ import annotations

import pytest

from boudoir.domain.intents import Block, ListBlocks, Unblock
from boudoir.domain.replies import Blocked, BlockList, Unblocked
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import NICKSERV, Usage


@pytest.mark.parametrize(
    ("verb", "words", "intent"),
    [
        ("BLOCK", ["Bob"], Block("Bob")),
        ("block", ["Bob"], Block("Bob")),
        ("UNBLOCK", ["bob"], Unblock("bob")),
        ("BLOCKS", [], ListBlocks()),
    ],
)
def test_a_verb_and_its_words_become_the_intent(
    verb: str, words: list[str], intent: object
) -> None:
    entry = NICKSERV.get(verb)
    assert entry is not None
    assert entry.parse(words) == intent


@pytest.mark.parametrize(("verb", "words"), [("BLOCK", []), ("UNBLOCK", ["a", "b"])])
def test_wrong_words_give_the_usage(verb: str, words: list[str]) -> None:
    entry = NICKSERV.get(verb)
    assert entry is not None
    with pytest.raises(Usage):
        entry.parse(words)


def test_an_unknown_verb_is_not_in_the_table() -> None:
    assert NICKSERV.get("FROBNICATE") is None


def test_replies_are_nickserv_notices() -> None:
    assert service_text(Blocked("Bob")) == (
        "You block Bob, and all their characters. They are not told."
    )
    assert service_text(Unblocked("bob")) == "You no longer block bob."
    assert service_text(BlockList(())) == "You block: nobody"
    assert service_text(BlockList(("Bob", "carol"))) == "You block: Bob, carol"
