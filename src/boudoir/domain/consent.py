"""The one place that answers "may A do X to B (here)?".

Every question is a pure function over plain data: the two people as ``Person`` values, the
facts between them as ``Ties``, and the room where it matters. Each answer is a ``Decision``:
allow, deliver as a request, or refuse with a stable ``Reason``.

Blocks never reveal themselves: whatever a block refuses is refused with the same reason (and
so the same words, on every gateway) as a person who does not accept that kind of contact, or
who is offline. Presence and profiles are simply not shown, as for anyone hidden.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from boudoir.domain.entities import (
    Account,
    Audience,
    Character,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
    Room,
    RoomVisibility,
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
    ROOM_FULL = "room_full"
    NOT_IN_ROOM = "not_in_room"
    NOT_PERMITTED = "not_permitted"

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
    Reason.ROOM_FULL: "That room is full.",
    Reason.NOT_IN_ROOM: "You are not in that room.",
    Reason.NOT_PERMITTED: "You may not do that.",
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
        return self.allowed


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


def _policy_admits(policy: DirectMessagePolicy, ties: Ties) -> bool:
    if policy is DirectMessagePolicy.ANYONE:
        return True
    if policy is DirectMessagePolicy.SHARED_ROOM:
        return ties.share_room or ties.friend
    if policy is DirectMessagePolicy.FRIENDS:
        return ties.friend
    return False


def direct_message(sender: Person, recipient: Person, ties: Ties, *, online: bool) -> Decision:
    """May ``sender`` send ``recipient`` a direct message?

    A block, the recipient's policy and the recipient being offline all refuse alike. Someone
    the recipient has accepted before (or is friends with) is delivered at once; anyone else
    the policy lets through arrives as a message request.
    """
    if sender.account_id == recipient.account_id:
        return refuse(Reason.SELF)
    if ties.blocked or not online:
        return refuse(Reason.UNAVAILABLE)
    if ties.accepted or ties.friend:
        # Someone you already talk with may keep talking to you even if you have since narrowed
        # your policy; "nobody" still means nobody.
        if recipient.dm_policy is DirectMessagePolicy.NOBODY:
            return refuse(Reason.UNAVAILABLE)
        return ALLOW
    if not _policy_admits(recipient.dm_policy, ties):
        return refuse(Reason.UNAVAILABLE)
    return REQUEST


def invite(
    inviter: Person, invitee: Person, ties: Ties, *, rating: Rating, online: bool
) -> Decision:
    """May ``inviter`` invite ``invitee`` to a room or scene of ``rating``?

    Invitations pass the same policy as direct messages, and only reach people who may enter a
    place of that rating; refusals never say which rule applied.
    """
    if inviter.account_id == invitee.account_id:
        return refuse(Reason.SELF)
    if ties.blocked or not online:
        return refuse(Reason.UNAVAILABLE)
    admitted = ties.accepted or ties.friend or _policy_admits(invitee.dm_policy, ties)
    if invitee.dm_policy is DirectMessagePolicy.NOBODY or not admitted:
        return refuse(Reason.UNAVAILABLE)
    if rating is not Rating.GENERAL and not (
        invitee.allows_rating(rating) and invitee.character_adult
    ):
        return refuse(Reason.UNAVAILABLE)
    return ALLOW


def whisper(sender: Person, recipient: Person, ties: Ties, *, same_room: bool) -> Decision:
    """May ``sender`` whisper to ``recipient`` in a room they are both in?"""
    if sender.account_id == recipient.account_id:
        return refuse(Reason.SELF)
    if ties.blocked or not same_room:
        return refuse(Reason.UNAVAILABLE)
    return ALLOW


def hears(ties: Ties) -> bool:
    """Does a room member receive another member's room messages? Not across a block.

    The hot path applies this rule as a set lookup of blocked accounts; this function is its
    definition and what the tests pin.
    """
    return not ties.blocked


def see_presence(viewer: Person, subject: Person, ties: Ties) -> bool:
    """May ``viewer`` see that ``subject`` is online, and their status?"""
    if viewer.account_id == subject.account_id:
        return True
    if ties.blocked:
        return False
    visibility = subject.presence_visibility
    if visibility is PresenceVisibility.EVERYONE:
        return True
    if visibility is PresenceVisibility.FRIENDS:
        return ties.friend
    return False


def see_profile_details(viewer: Person, owner: Person, audience: Audience, ties: Ties) -> bool:
    """May ``viewer`` see the interests and hard limits of one of ``owner``'s characters?"""
    if viewer.account_id == owner.account_id:
        return True
    if ties.blocked:
        return False
    if audience is Audience.EVERYONE:
        return True
    if audience is Audience.FRIENDS:
        return ties.friend
    return False


def see_profile(viewer: Person, owner: Person, ties: Ties) -> bool:
    """May ``viewer`` look up ``owner``'s character at all? Not across a block: to the blocked
    side the character looks like one that does not exist."""
    return viewer.account_id == owner.account_id or not ties.blocked


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


def join_room(person: Person, room: Room, *, invited: bool, members: int) -> Decision:
    """May ``person`` join ``room`` now that it holds ``members`` characters?"""
    manager = room.is_manager(person.account_id)
    if person.account_id in room.banned_ids and not manager:
        return refuse(Reason.BANNED)
    # Privacy before rating: an uninvited outsider must not learn a private room's rating
    # from which rating refusal they get.
    if room.visibility is RoomVisibility.PRIVATE and not (manager or invited):
        return refuse(Reason.INVITE_ONLY)
    rating = enter_rating(person, room.rating)
    if not rating:
        return rating
    if room.member_limit is not None and members >= room.member_limit and not manager:
        return refuse(Reason.ROOM_FULL)
    return ALLOW


def list_room(person: Person, room: Room, *, member: bool) -> bool:
    """Does ``room`` appear in ``person``'s room directory?

    Only public rooms of a rating the person opted in to, plus any room they are in.
    """
    if member:
        return True
    return room.visibility is RoomVisibility.PUBLIC and person.allows_rating(room.rating)


def manage_room(person: Person, room: Room) -> Decision:
    """May ``person`` change ``room``'s topic and settings, ban and unban?"""
    if room.is_manager(person.account_id) or person.role is Role.OPERATOR:
        return ALLOW
    return refuse(Reason.NOT_PERMITTED)


def choose_rating(person: Person, rating: Rating) -> Decision:
    """May ``person`` opt in to ``rating``? Anything above general needs an attested age."""
    if rating is Rating.GENERAL or person.attested:
        return ALLOW
    return refuse(Reason.AGE_NOT_ATTESTED)
