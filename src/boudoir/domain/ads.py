"""Ads: "looking for roleplay" posts in a room that takes them, shown apart from its chat.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from boudoir.domain.ids import MessageId
from boudoir.domain.refs import CharacterRef, RoomRef

MAX_AD_TEXT: Final = 1000
"""Characters in an ad: a paragraph, not a profile."""
MAX_AD_TAGS: Final = 5
"""Favourite kinks named on an ad (only when the poster shows their kinks to everyone)."""
DEFAULT_AD_INTERVAL_SECONDS: Final = 600.0


@dataclass(frozen=True, slots=True)
class AdPosted:
    """``poster`` posted an ad in ``room``; everyone there sees it (but across a block)."""

    id: MessageId
    at: dt.datetime
    room: RoomRef
    poster: CharacterRef
    text: str
    tags: tuple[str, ...]
    """Up to ``MAX_AD_TAGS`` of the poster's favourite kinks by name; empty unless their kinks
    are shown to everyone (``consent.ad_tags_shown``)."""
