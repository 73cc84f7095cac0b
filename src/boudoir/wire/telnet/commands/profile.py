"""The MUCK syntax of one's own profile: ``@set me=<field>:<value>`` values, ``%r`` line
breaks, comma-separated topics, yes/no/auto and the words for an audience.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.entities import Audience

LINE_BREAK: Final = "%r"
"""MUCK's line break inside a one-line command (``@set me=long:First.%rSecond.``)."""


def split_field(text: str) -> tuple[str, str]:
    """``pronouns: she/her`` -> (``pronouns``, ``she/her``); no colon: (``text``, ``""``)."""
    field, _, value = text.partition(":")
    return field.strip().lower(), value.strip()


def line_breaks(text: str) -> str:
    """MUCK's ``%r`` as a line break (``%%r`` keeps a literal ``%r``)."""
    return "%".join(part.replace(LINE_BREAK, "\n") for part in text.split("%%"))


def topic_list(text: str) -> list[str]:
    """``rope, slow burn,, hugs`` -> ``["rope", "slow burn", "hugs"]``."""
    return [t.strip() for t in text.split(",") if t.strip()]


def yes_no(text: str) -> bool | None:
    """``yes``/``on`` -> True, ``no``/``off`` -> False, ``auto`` -> None; else ValueError."""
    word = text.strip().lower()
    if word in ("yes", "y", "on", "true", "1"):
        return True
    if word in ("no", "n", "off", "false", "0"):
        return False
    if word in ("auto", "default", ""):
        return None
    raise ValueError(word)


AUDIENCE_WORDS: Final[dict[str, Audience]] = {
    "me": Audience.ONLY_ME,
    "only_me": Audience.ONLY_ME,
    "private": Audience.ONLY_ME,
    "nobody": Audience.ONLY_ME,
    "friends": Audience.FRIENDS,
    "everyone": Audience.EVERYONE,
    "public": Audience.EVERYONE,
}
"""``@set me=audience:<word>``."""
