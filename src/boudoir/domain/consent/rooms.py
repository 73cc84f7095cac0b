"""Consent in rooms: who hears room speech, who may join, speak, manage, kick, and which rooms
a person's directory lists."""

from __future__ import annotations

import hmac
from collections.abc import Collection, Sequence
from typing import TypeVar

from boudoir.domain.consent.decisions import ALLOW, Decision, Person, Reason, enter_rating, refuse
from boudoir.domain.entities import Role, Room, RoomSetting, RoomVisibility
from boudoir.domain.ids import AccountId
from boudoir.domain.scenes import is_scene_name

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
