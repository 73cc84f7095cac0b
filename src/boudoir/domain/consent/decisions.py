"""The shapes of every consent answer: a ``Decision`` (allow, deliver as a request, or refuse
with a stable ``Reason``), the two sides as ``Person`` values, the facts between them as
``Ties``; and the rule every other one leans on, whether a person may be where content of a
rating is shown. Imports only the domain's entities, ids and ratings."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from boudoir.domain.entities import (
    Account,
    Character,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating


class Reason(enum.Enum):
    """Stable codes for refusals. Gateways map these to their own replies."""

    UNAVAILABLE = "recipient_unavailable"
    """Blocked, not accepting this kind of contact, or offline: deliberately one code."""
    SELF = "self_target"
    AGE_NOT_ATTESTED = "age_not_attested"
    RATING_NOT_OPTED_IN = "rating_not_opted_in"
    CHARACTER_NOT_ADULT = "character_not_adult"
    BANNED = "banned"
    INVITE_ONLY = "invite_only"
    NEEDS_KEY = "needs_key"
    ROOM_FULL = "room_full"
    NOT_IN_ROOM = "not_in_room"
    NOT_PERMITTED = "not_permitted"
    MODERATED = "moderated"
    OWNER_PROTECTED = "owner_protected"
    """Nobody kicks a room's owner or takes its management away."""
    MANAGER_PROTECTED = "manager_protected"
    """Only the owner kicks a moderator or takes their role away (they may drop it themselves)."""

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    Reason.UNAVAILABLE: "They are not accepting that from you right now.",
    Reason.SELF: "You cannot do that to yourself.",
    Reason.AGE_NOT_ATTESTED: "Attest that you are an adult before you enter rooms above general.",
    Reason.RATING_NOT_OPTED_IN: "You have not opted in to that rating; change it in your settings.",
    Reason.CHARACTER_NOT_ADULT: (
        "Only characters declared 18 or over may enter rooms above general; "
        "set your character's age."
    ),
    Reason.BANNED: "You are banned from that room.",
    Reason.INVITE_ONLY: "That room is private: you need an invitation.",
    Reason.NEEDS_KEY: "That room is locked: you need its key, or an invitation.",
    Reason.ROOM_FULL: "That room is full.",
    Reason.NOT_IN_ROOM: "You are not in that room.",
    Reason.NOT_PERMITTED: "You may not do that.",
    Reason.MODERATED: "This room is moderated: only people with a voice may speak.",
    Reason.OWNER_PROTECTED: "Nobody can do that to the owner of a room.",
    Reason.MANAGER_PROTECTED: "Only the owner of a room can do that to one of its moderators.",
}


class Outcome(enum.Enum):
    ALLOW = "allow"
    REQUEST = "request"
    """Allowed, but it waits as a request that the recipient accepts or declines."""
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    reason: Reason | None = None

    @property
    def allowed(self) -> bool:
        return self.outcome is not Outcome.REFUSE

    def __bool__(self) -> bool:
        # ``allowed``, without a second call: asked of every message.
        return self.outcome is not Outcome.REFUSE


ALLOW = Decision(Outcome.ALLOW)


REQUEST = Decision(Outcome.REQUEST)


def refuse(reason: Reason) -> Decision:
    return Decision(Outcome.REFUSE, reason)


@dataclass(frozen=True, slots=True)
class Person:
    """What consent needs to know of one side: an account acting as one of its characters."""

    account_id: AccountId
    attested: bool = False
    ratings: frozenset[Rating] = frozenset({Rating.GENERAL})
    dm_policy: DirectMessagePolicy = DirectMessagePolicy.SHARED_ROOM
    presence_visibility: PresenceVisibility = PresenceVisibility.EVERYONE
    character_adult: bool = False
    role: Role = Role.MEMBER

    @classmethod
    def of(cls, account: Account, character: Character | None = None) -> Person:
        return cls(
            account_id=account.id,
            attested=account.attested,
            ratings=account.ratings,
            dm_policy=account.dm_policy,
            presence_visibility=account.presence_visibility,
            character_adult=character is not None and character.declared_adult,
            role=account.role,
        )

    def allows_rating(self, rating: Rating) -> bool:
        return rating is Rating.GENERAL or (self.attested and rating in self.ratings)


@dataclass(frozen=True, slots=True)
class Ties:
    """Facts between an actor and a subject (the recipient, the person looked at)."""

    blocked: bool = False
    """Either side blocks the other: blocks hold both ways."""
    friend: bool = False
    """The subject lists the actor as a friend."""
    share_room: bool = False
    """They are both, right now, in at least one room."""
    accepted: bool = False
    """The subject has talked with the actor before or accepted their message request."""


NO_TIES = Ties()

_EVERY_TIES: tuple[Ties, ...] = tuple(
    Ties(bool(n & 8), bool(n & 4), bool(n & 2), bool(n & 1)) for n in range(16)
)


def ties_of(blocked: bool, friend: bool, share_room: bool, accepted: bool) -> Ties:
    """``Ties(blocked, friend, share_room, accepted)``, one of the sixteen made once: asked on
    every direct message, where building a frozen object costs more than the facts."""
    return _EVERY_TIES[blocked << 3 | friend << 2 | share_room << 1 | accepted]


def enter_rating(person: Person, rating: Rating) -> Decision:
    """May ``person`` (as their current character) be where content of ``rating`` is shown?"""
    if rating is Rating.GENERAL:
        return ALLOW
    if not person.attested:
        return refuse(Reason.AGE_NOT_ATTESTED)
    if rating not in person.ratings:
        return refuse(Reason.RATING_NOT_OPTED_IN)
    if not person.character_adult:
        return refuse(Reason.CHARACTER_NOT_ADULT)
    return ALLOW


def choose_rating(person: Person, rating: Rating) -> Decision:
    """May ``person`` opt in to ``rating``? Anything above general needs an attested age."""
    if rating is Rating.GENERAL or person.attested:
        return ALLOW
    return refuse(Reason.AGE_NOT_ATTESTED)
