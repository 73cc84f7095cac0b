"""Content ratings of rooms and scenes, ordered from mildest to strongest."""

from __future__ import annotations

import enum


class Rating(enum.IntEnum):
    """A room's content rating. ``GENERAL`` is open to every account; the others need an
    age-attested account that opted in to that rating, acting as a character declared adult."""

    GENERAL = 0
    MATURE = 1
    ADULT = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Rating:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            from boudoir.domain.errors import InvalidInput

            raise InvalidInput("A rating is one of: general, mature, adult.") from None
