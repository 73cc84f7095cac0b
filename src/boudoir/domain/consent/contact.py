"""Consent between two people: direct messages, invitations, whispers, and whether one sees the
other's presence and profile. Blocks refuse with the same reason as any other unavailability."""

from __future__ import annotations

from boudoir.domain.consent.decisions import ALLOW, REQUEST, Decision, Person, Reason, Ties, refuse
from boudoir.domain.entities import Audience, DirectMessagePolicy, PresenceVisibility
from boudoir.domain.ratings import Rating


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


def see_presence_unless_blocked(subject: Person) -> bool:
    """Does ``see_presence`` let every other viewer see ``subject`` online unless a block stands
    between them, whatever else ties them? Then a change of ``subject``'s presence asks each
    viewer only for a block, not for the other ties (a friend list, a shared room)."""
    return subject.presence_visibility is PresenceVisibility.EVERYONE


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
