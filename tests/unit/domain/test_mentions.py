"""Mention words, as an account keeps them: trimmed, without repeats, within the limits."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import InvalidInput
from boudoir.domain.mentions import (
    MAX_MENTION_WORD_LENGTH,
    MAX_MENTION_WORDS,
    check_mention_words,
)


def test_words_are_trimmed_and_repeats_in_any_case_dropped_in_order() -> None:
    words = ["  captain ", "", "Captain", "the crew", "   ", "CREW"]
    assert check_mention_words(words) == ("captain", "the crew", "CREW")


def test_an_empty_list_clears_them() -> None:
    assert check_mention_words([]) == ()


def test_at_most_twenty_words() -> None:
    twenty = [f"word{n}" for n in range(MAX_MENTION_WORDS)]
    assert check_mention_words(twenty) == tuple(twenty)
    with pytest.raises(InvalidInput, match="At most 20"):
        check_mention_words([*twenty, "one more"])
    # Repeats do not count against the limit: they are not kept.
    assert len(check_mention_words([*twenty, "WORD0"])) == MAX_MENTION_WORDS


def test_a_word_is_at_most_forty_characters() -> None:
    longest = "x" * MAX_MENTION_WORD_LENGTH
    assert check_mention_words([longest]) == (longest,)
    with pytest.raises(InvalidInput, match="at most 40 characters"):
        check_mention_words([longest + "x"])
    # Counted after trimming.
    assert check_mention_words([f"  {longest}  "]) == (longest,)


@pytest.mark.parametrize("word", ["bell\x07", "esc\x1b[2J", "c1\x9b", "line\nbreak"])
def test_control_characters_are_refused(word: str) -> None:
    with pytest.raises(InvalidInput, match="control characters"):
        check_mention_words([word])
