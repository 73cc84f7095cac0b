"""Accounts, characters and rooms: the things the store keeps.

Frozen dataclasses; a change is a new value made with ``dataclasses.replace``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TypeVar

from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.ratings import Rating

E = TypeVar("E", bound=enum.Enum)

ADULT_AGE = 18
"""Years of age from which a person, or a character, counts as an adult."""


def parse_choice(kind: type[E], text: str) -> E:
    """Parse a user-typed choice (``"friends"``, ``"shared-room"``) or raise a clear error."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for member in kind:
        if member.value == key:
            return member
    choices = ", ".join(str(m.value).replace("_", "-") for m in kind)
    raise InvalidInput(f"Choose one of: {choices}.")


class DirectMessagePolicy(enum.Enum):
    """Who may send me direct messages and invitations."""

    ANYONE = "anyone"
    SHARED_ROOM = "shared_room"
    FRIENDS = "friends"
    NOBODY = "nobody"


class PresenceVisibility(enum.Enum):
    """Who may see that I am online, and my status."""

    EVERYONE = "everyone"
    FRIENDS = "friends"
    NOBODY = "nobody"


class Audience(enum.Enum):
    """Who may see a part of a character's profile (interests, limits)."""

    ONLY_ME = "only_me"
    FRIENDS = "friends"
    EVERYONE = "everyone"


class Role(enum.Enum):
    MEMBER = "member"
    MODERATOR = "moderator"
    OPERATOR = "operator"


class Status(enum.Enum):
    ONLINE = "online"
    AWAY = "away"
    BUSY = "busy"
    LOOKING = "looking"
    """Looking for roleplay."""


class InterestLevel(enum.Enum):
    FAVOURITE = "favourite"
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class RoomVisibility(enum.Enum):
    PUBLIC = "public"
    """Listed in the directory; anyone allowed by its rating may join."""
    UNLISTED = "unlisted"
    """Not listed; anyone who knows the name and is allowed by its rating may join."""
    PRIVATE = "private"
    """Not listed; only its owner, its moderators and people they invite may join."""


ATTESTATION_STATEMENT = (
    "I am at least 18 years old and of legal age to view adult content where I live, "
    "and I want to take part in adult roleplay."
)
"""The statement an account holder affirms when attesting their age."""


@dataclass(frozen=True, slots=True)
class Attestation:
    statement: str
    attested_at: dt.datetime
    method: str = "self"
    """``self`` for a person's own statement; an operator's age verification names itself."""


def age_on(born: dt.date, today: dt.date) -> int:
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


@dataclass(frozen=True, slots=True)
class Account:
    id: AccountId
    name: str
    password_hash: str
    born: dt.date
    created_at: dt.datetime
    attestation: Attestation | None = None
    ratings: frozenset[Rating] = frozenset({Rating.GENERAL})
    dm_policy: DirectMessagePolicy = DirectMessagePolicy.SHARED_ROOM
    presence_visibility: PresenceVisibility = PresenceVisibility.EVERYONE
    role: Role = Role.MEMBER
    revision: int = 0
    """Bumped on every change, so that running nodes notice changes made elsewhere (CLI, peers)."""

    @property
    def attested(self) -> bool:
        return self.attestation is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.OPERATOR)

    def allows_rating(self, rating: Rating) -> bool:
        """True when this account may see content of ``rating``."""
        return rating is Rating.GENERAL or (self.attested and rating in self.ratings)


@dataclass(frozen=True, slots=True)
class Interest:
    topic: str
    level: InterestLevel


@dataclass(frozen=True, slots=True)
class Character:
    id: CharacterId
    account_id: AccountId
    name: str
    created_at: dt.datetime
    pronouns: str = ""
    short_description: str = ""
    long_description: str = ""
    declared_age: int | None = None
    interests: tuple[Interest, ...] = ()
    hard_limits: tuple[str, ...] = ()
    profile_audience: Audience = Audience.ONLY_ME
    """Who may see the interests and hard limits; private by default (sensitive data)."""

    @property
    def declared_adult(self) -> bool:
        return self.declared_age is not None and self.declared_age >= ADULT_AGE


@dataclass(frozen=True, slots=True)
class Room:
    id: RoomId
    name: str
    owner_id: AccountId
    created_at: dt.datetime
    rating: Rating = Rating.GENERAL
    visibility: RoomVisibility = RoomVisibility.PUBLIC
    topic: str = ""
    description: str = ""
    moderator_ids: frozenset[AccountId] = field(default_factory=frozenset)
    banned_ids: frozenset[AccountId] = field(default_factory=frozenset)
    member_limit: int | None = None

    def is_manager(self, account_id: AccountId) -> bool:
        return account_id == self.owner_id or account_id in self.moderator_ids


# Limits on user-supplied profile text; named so every gateway can quote them.
MAX_PRONOUNS = 32
MAX_SHORT_DESCRIPTION = 300
MAX_LONG_DESCRIPTION = 8000
MAX_TOPIC = 390
"""Fits an IRC TOPIC reply inside 512 bytes with room for the prefix and channel name."""
MAX_INTERESTS = 200
MAX_INTEREST_TOPIC = 64
MAX_HARD_LIMITS = 100
MAX_MESSAGE = 4000
"""Longest message text, in characters; IRC splits what its 512-byte lines cannot hold."""
MAX_CHARACTERS_PER_ACCOUNT = 20
