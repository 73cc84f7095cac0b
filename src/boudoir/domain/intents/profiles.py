"""Intents about profiles beyond one's own: the kink list, comparing with someone, partner
search, and a moderator removing a profile image.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.ratings import Rating


class ProfileIntent:
    """Base of the intents about profiles and partner search."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ShowKinks(ProfileIntent):
    """The kink list: the standard one and the operator's additions."""


@dataclass(frozen=True, slots=True)
class CompareProfile(ProfileIntent):
    """One's character ``as_`` (empty: the acting one) against ``name``, from what one may
    see of ``name``."""

    name: str
    as_: str = ""


@dataclass(frozen=True, slots=True)
class SearchPartners(ProfileIntent):
    """Findable characters matching one's character ``as_`` (empty: the acting one)."""

    as_: str = ""
    rating: Rating | None = None
    looking: bool = False
    """Only those online with the status ``looking``."""
    language: str = ""
    """A language tag: those who list it (or a narrower tag of it), or list none."""
    limit: int = 20


@dataclass(frozen=True, slots=True)
class RemoveProfileImage(ProfileIntent):
    """A moderator removes the image of the character ``name`` (audit log)."""

    name: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PostAd(ProfileIntent):
    """Post a "looking for roleplay" ad in ``room`` (one is in; it must take ads)."""

    room: str
    text: str


@dataclass(frozen=True, slots=True)
class ListAds(ProfileIntent):
    """The recent ads of ``room`` (one is in) that reached one."""

    room: str


ProfileIntents = ShowKinks | CompareProfile | SearchPartners | RemoveProfileImage | PostAd | ListAds
