"""The words that mention someone, besides their character's name: an account setting that the
browser (and any client) uses to mark and notify lines naming them. Imports the standard
library and ``boudoir.domain`` only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.text import has_control_characters

MAX_MENTION_WORDS: Final = 20
"""Enough for nicknames and a few keywords; few enough that matching every line stays cheap
for a client, and the account row stays small."""
MAX_MENTION_WORD_LENGTH: Final = 40
"""A word or a short phrase: longer than any character name (24), shorter than a line."""


def check_mention_words(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` as kept: each trimmed, empty ones and repeats (in any case) left out, in the
    order given. ``InvalidInput`` for a control character, a word longer than
    ``MAX_MENTION_WORD_LENGTH`` or more than ``MAX_MENTION_WORDS`` words."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in words:
        word = raw.strip()
        if not word or word.casefold() in seen:
            continue
        if has_control_characters(word):
            raise InvalidInput("A mention word cannot hold control characters.")
        if len(word) > MAX_MENTION_WORD_LENGTH:
            raise InvalidInput(
                f"A mention word is at most {MAX_MENTION_WORD_LENGTH} characters long."
            )
        seen.add(word.casefold())
        kept.append(word)
    if len(kept) > MAX_MENTION_WORDS:
        raise InvalidInput(f"At most {MAX_MENTION_WORDS} mention words.")
    return tuple(kept)
