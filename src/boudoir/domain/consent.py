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
import hmac
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

from boudoir.domain.entities import (
    Account,
    Audience,
    Character,
    DirectMessagePolicy,
    PresenceVisibility,
    Role,
    Room,
    RoomSetting,
    RoomVisibility,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import is_scene_name


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


def invite_to_scene(
    inviter: Person,
    invitee: Person,
    ties: Ties,
    *,
    rating: Rating,
    online: bool,
    cooling_down: bool = False,
    member_ties: tuple[Ties, ...] = (),
) -> Decision:
    """May ``inviter`` invite ``invitee`` to a scene of ``rating`` (a new one, or one they are
    in, whose other members' ties with the invitee are ``member_ties``)?

    The inviter must be allowed that rating themselves. Then the rules of any invitation
    (``invite``: policy, blocks, the invitee's ratings, attestation and adult character), and
    two of scenes: nobody across a block from any member, and nobody in the cool-down of a
    safeword they called on the inviter or a member (``cooling_down``). Every refusal about
    the invitee is the same ``UNAVAILABLE``: it never says which rule applied.
    """
    if inviter.account_id == invitee.account_id:
        return refuse(Reason.SELF)
    own = enter_rating(inviter, rating)
    if not own:
        return own
    if cooling_down or any(t.blocked for t in member_ties):
        return refuse(Reason.UNAVAILABLE)
    return invite(inviter, invitee, ties, rating=rating, online=online)


def enter_scene(
    invitee: Person, rating: Rating, *, cooling_down: bool, member_ties: tuple[Ties, ...]
) -> Decision:
    """May ``invitee``, accepting an invitation, enter a scene now? Things may have changed
    since it was sent: a rating withdrawn (told as such: it is the invitee's own setting), a
    block with a member or a safeword's cool-down since (told as ``UNAVAILABLE``)."""
    own = enter_rating(invitee, rating)
    if not own:
        return own
    if cooling_down or any(t.blocked for t in member_ties):
        return refuse(Reason.UNAVAILABLE)
    return ALLOW


def resume_scene(person: AccountId, paused_by: AccountId, *, pauser_present: bool) -> Decision:
    """May ``person`` resume a paused scene? Whoever asked for the pause decides when it ends;
    once they have left the scene, any member may."""
    if person == paused_by or not pauser_present:
        return ALLOW
    return refuse(Reason.NOT_PERMITTED)


def scene_limits_shown(viewer: Person, owner: Person, audience: Audience, ties: Ties) -> bool:
    """Are ``owner``'s hard limits on the scene card (or invitation) ``viewer`` sees? As they
    chose for their profile (``see_profile_details``): a scene shares nothing more."""
    return see_profile_details(viewer, owner, audience, ties)


def whisper(sender: Person, recipient: Person, ties: Ties, *, same_room: bool) -> Decision:
    """May ``sender`` whisper to ``recipient`` in a room they are both in?"""
    if sender.account_id == recipient.account_id:
        return refuse(Reason.SELF)
    if ties.blocked or not same_room:
        return refuse(Reason.UNAVAILABLE)
    return ALLOW


Member = TypeVar("Member")


def hearing(
    members: Sequence[Member],
    accounts: Sequence[AccountId],
    across_a_block: Collection[AccountId] | None,
) -> Sequence[Member]:
    """The room members who receive another member's room message: all but those across a
    block from the speaker. ``accounts`` are the members' accounts, in the same order;
    ``across_a_block`` are the accounts the speaker blocks or is blocked by (``None``: none).

    The one definition of this rule, and the hot path of room speech: called once per message
    for a whole room, it costs nothing when the speaker has no block and one set lookup per
    member otherwise."""
    if not across_a_block:
        return members
    return [m for m, a in zip(members, accounts, strict=True) if a not in across_a_block]


def shown_as_written(
    viewer: AccountId, author: AccountId | None, viewer_blocks: Collection[AccountId]
) -> bool:
    """Is text ``author`` wrote that stays in a room (its topic, its description, a thing left
    there) shown to ``viewer`` as written? Not when the viewer blocks its author: then it is
    shown as hidden by the viewer's own block, and read only when the viewer asks for it.
    ``viewer_blocks`` are the accounts the viewer blocks (one way); ``None``: no known author.

    The blocked side sees such text as everyone in the room does: hiding it from them would
    tell them of the block (who set it is hidden both ways, as presence is).
    """
    return author is None or author == viewer or author not in viewer_blocks


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


def see_presence_unnamed(subject: Person) -> bool:
    """May someone not logged in (telnet's login ``WHO``) see ``subject`` online? If public."""
    return subject.presence_visibility is PresenceVisibility.EVERYONE


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


def join_room(
    person: Person, room: Room, *, invited: bool, members: int, key: str | None = None
) -> Decision:
    """May ``person`` join ``room`` now that it holds ``members`` characters, giving ``key``?

    In order: a ban (unless excepted); privacy (a private room takes the invited and those on
    its invite exceptions); the key (the invited need none); the rating; the member limit. The
    room's owner and moderators pass everything but the rating. Privacy and the key come before
    the rating so that an outsider without an invitation or the key learns nothing of it.
    """
    manager = room.is_manager(person.account_id)
    if room.is_banned(person.account_id) and not manager:
        return refuse(Reason.BANNED)
    # Privacy before rating: an uninvited outsider must not learn a private room's rating
    # from which rating refusal they get.
    excepted = person.account_id in room.invite_exceptions
    if room.visibility is RoomVisibility.PRIVATE and not (manager or invited or excepted):
        return refuse(Reason.INVITE_ONLY)
    if room.key and not (manager or invited or _same_key(room.key, key)):
        return refuse(Reason.NEEDS_KEY)
    rating = enter_rating(person, room.rating)
    if not rating:
        return rating
    if room.member_limit is not None and members >= room.member_limit and not manager:
        return refuse(Reason.ROOM_FULL)
    return ALLOW


def _same_key(expected: str, given: str | None) -> bool:
    # Compared in constant time: a key is a password, however weak.
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def list_room(person: Person, room: Room, *, member: bool, owner_blocked: bool) -> bool:
    """Does ``room`` appear in ``person``'s room directory (IRC LIST, telnet's, the browser's)?

    Public rooms of a rating the person may see (attested and opted in), unless a block stands
    between them and its owner (``owner_blocked``, either way); and any room they are in.
    """
    if member:
        return True
    if owner_blocked or room.visibility is not RoomVisibility.PUBLIC:
        return False
    return person.allows_rating(room.rating)


def manage_room(person: Person, room: Room) -> Decision:
    """May ``person`` change ``room``'s topic and settings, ban and unban? Nobody manages a
    scene, not even an operator: its members are equals, and only its votes let anyone in."""
    if is_scene_name(room.name):
        return refuse(Reason.NOT_PERMITTED)
    if room.is_manager(person.account_id) or person.role is Role.OPERATOR:
        return ALLOW
    return refuse(Reason.NOT_PERMITTED)


def speak(person: Person, room: Room, *, voiced: bool) -> Decision:
    """May ``person``, a member of ``room``, speak there? In a moderated room only its managers
    and the members given a voice may."""
    if not room.moderated or voiced or manage_room(person, room):
        return ALLOW
    return refuse(Reason.MODERATED)


def change_topic(person: Person, room: Room) -> Decision:
    """May ``person``, a member of ``room``, set its topic? Managers may; anyone when the topic
    is not locked."""
    if not room.topic_locked:
        return ALLOW
    return manage_room(person, room)


def kick(actor: Person, room: Room, target: AccountId) -> Decision:
    """May ``actor`` put ``target``'s character out of ``room``?

    Managers kick; nobody kicks the owner; only the owner (or a server operator) kicks a
    moderator, though a moderator may kick themselves."""
    return _act_on_member(actor, room, target)


def change_moderator(actor: Person, room: Room, target: AccountId, *, grant: bool) -> Decision:
    """May ``actor`` make ``target`` a moderator of ``room`` (``grant``), or stop them being one?

    Any manager grants. Only the owner (or a server operator) takes the role from a moderator,
    who may also give it up; nobody takes the owner's management away."""
    if grant:
        return manage_room(actor, room)
    return _act_on_member(actor, room, target)


def _act_on_member(actor: Person, room: Room, target: AccountId) -> Decision:
    """A manager acting against ``target``: the owner is out of reach, and a moderator is in
    reach of the owner, of server operators and of themselves only."""
    decision = manage_room(actor, room)
    if not decision:
        return decision
    if target == room.owner_id:
        return refuse(Reason.OWNER_PROTECTED)
    mine = actor.account_id in (room.owner_id, target) or actor.role is Role.OPERATOR
    if target in room.moderator_ids and not mine:
        return refuse(Reason.MANAGER_PROTECTED)
    return ALLOW


def see_room_list(person: Person, room: Room, setting: RoomSetting) -> Decision:
    """May ``person``, a member of ``room``, read one of its lists? Managers read them all;
    members the ban list, as on IRC (Modern IRC, "Ban Channel Mode")."""
    if setting is RoomSetting.BAN:
        return ALLOW
    return manage_room(person, room)


def logging_on(present: frozenset[AccountId], agreed: frozenset[AccountId]) -> bool:
    """Is a room's log on? Only while someone is present and every account present has said
    yes: one arrival who has not, or one withdrawal, turns it off."""
    return bool(present) and present <= agreed


def read_log_line(reader: AccountId, readers: frozenset[AccountId], *, blocked: bool) -> bool:
    """May ``reader`` read a logged line? Only someone present and consenting for the part of
    the log it belongs to (its ``readers``), and not a line from someone they are across a
    block with (``blocked``, either way): they did not hear it then either."""
    return reader in readers and not blocked


def hear_again(
    reader: AccountId, speaker: AccountId, to: AccountId | None, *, present: bool, blocked: bool
) -> bool:
    """May ``reader`` see again (in a replay) a line ``speaker`` said to all, or to ``to``? Only
    if it reached them: present then, to them, and across no block then or now, either way."""
    return reader == speaker or (present and not blocked and to in (None, reader))


def delete_log_line(actor: AccountId, sender: AccountId) -> Decision:
    """May ``actor`` delete a logged line? Each person deletes their own lines, nobody else's."""
    return ALLOW if actor == sender else refuse(Reason.NOT_PERMITTED)


def choose_rating(person: Person, rating: Rating) -> Decision:
    """May ``person`` opt in to ``rating``? Anything above general needs an attested age."""
    if rating is Rating.GENERAL or person.attested:
        return ALLOW
    return refuse(Reason.AGE_NOT_ATTESTED)
