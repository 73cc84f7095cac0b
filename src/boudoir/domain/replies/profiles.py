"""Replies about profiles: the kink list, a comparison, partner search results.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.ads import AdPosted
from boudoir.domain.entities import Status
from boudoir.domain.kinks import KinkList
from boudoir.domain.matching import CompareRow


class ProfileReply:
    """Base of the replies about profiles and partner search."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class KinksShown(ProfileReply):
    kinks: KinkList


@dataclass(frozen=True, slots=True)
class ProfileCompared(ProfileReply):
    """``as_`` (one's own character) against ``name``, limits first."""

    name: str
    as_: str
    rows: tuple[CompareRow, ...]


@dataclass(frozen=True, slots=True)
class PartnerFound:
    """One search result, as the seeker may see it."""

    name: str
    score: float
    status: Status | None
    """None when offline or when the seeker may not see the presence."""
    shared: tuple[str, ...]
    """Names of kinks both rated favourite."""
    short_description: str
    species: str
    """Empty when the details are not the seeker's to see."""
    gender: str


@dataclass(frozen=True, slots=True)
class PartnersFound(ProfileReply):
    as_: str
    results: tuple[PartnerFound, ...]


@dataclass(frozen=True, slots=True)
class ProfileImageRemoved(ProfileReply):
    name: str


@dataclass(frozen=True, slots=True)
class AdSent(ProfileReply):
    event: AdPosted


@dataclass(frozen=True, slots=True)
class AdsListed(ProfileReply):
    room: str
    ads: tuple[AdPosted, ...]


ProfileReplies = (
    KinksShown | ProfileCompared | PartnersFound | ProfileImageRemoved | AdSent | AdsListed
)
