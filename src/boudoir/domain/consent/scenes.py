"""Consent for scenes: who may be invited to one, enter it, resume it, and see its card."""

from __future__ import annotations

from boudoir.domain.consent.contact import invite
from boudoir.domain.consent.decisions import (
    ALLOW,
    Decision,
    Person,
    Reason,
    Ties,
    enter_rating,
    refuse,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating


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


def scene_limits_shown(viewer: Person, owner: Person, ties: Ties) -> bool:
    """Are ``owner``'s hard limits on the scene card (or invitation) ``viewer`` sees? Always,
    whatever the profile's ``limits`` visibility: whoever plays with someone must know their
    limits. Not across a block (the blocked never see the profile at all)."""
    return viewer.account_id == owner.account_id or not ties.blocked
