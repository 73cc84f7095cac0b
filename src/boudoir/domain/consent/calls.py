"""Consent for calls and cams: who may ring whom, who may broadcast in a room, who sees a cam
and who may watch it.

A call reaches only someone one may already write to directly (friends, or a conversation
accepted): a stranger's call is refused like a refused direct message, and a block, a policy
or an absence look the same. Video needs both sides attested adults. A cam is never shown or
opened across a block, and a refusal to watch never says which rule applied.
"""

from __future__ import annotations

from boudoir.domain.calls import CamAudience, CamTerms
from boudoir.domain.consent.contact import direct_message
from boudoir.domain.consent.decisions import (
    ALLOW,
    Decision,
    Outcome,
    Person,
    Reason,
    Ties,
    enter_rating,
    refuse,
)
from boudoir.domain.entities import Room
from boudoir.domain.ratings import Rating


def place_call(
    caller: Person, callee: Person, ties: Ties, *, online: bool, video: bool
) -> Decision:
    """May ``caller`` ring ``callee``? ``ties`` are as the callee holds them (``friend``: the
    callee lists the caller). Only where a direct message would be delivered at once; never as
    a request. Every refusal but calling oneself is ``UNAVAILABLE``."""
    message = direct_message(caller, callee, ties, online=online)
    if message.outcome is not Outcome.ALLOW:
        return message if message.reason is Reason.SELF else refuse(Reason.UNAVAILABLE)
    if video and not (caller.attested and callee.attested):
        return refuse(Reason.UNAVAILABLE)
    return ALLOW


def start_cam(
    person: Person, room: Room, terms: CamTerms, *, cams_on: bool, banned: bool
) -> Decision:
    """May ``person``, in ``room``, broadcast their cam there on ``terms``? Only where the
    room's managers turned cams on, not after a cam ban, and ``explicit`` only in an adult
    room (whose members all opted in to adult content)."""
    if not cams_on or banned:
        return refuse(Reason.NOT_PERMITTED)
    if terms.explicit and room.rating is not Rating.ADULT:
        return refuse(Reason.NOT_PERMITTED)
    return ALLOW


def _admitted(terms: CamTerms, ties: Ties, *, invited: bool) -> bool:
    if terms.audience is CamAudience.FRIENDS:
        return ties.friend
    if terms.audience is CamAudience.INVITED:
        return invited
    return True


def see_cam(
    viewer: Person, broadcaster: Person, ties: Ties, terms: CamTerms, *, invited: bool
) -> bool:
    """May ``viewer`` see that ``broadcaster``'s cam is live? Never across a block; a friends'
    or invited cam only by those it admits. ``ties`` are as the broadcaster holds them
    (``friend``: the broadcaster lists the viewer)."""
    if viewer.account_id == broadcaster.account_id:
        return True
    return not ties.blocked and _admitted(terms, ties, invited=invited)


def watch_cam(
    viewer: Person,
    broadcaster: Person,
    ties: Ties,
    terms: CamTerms,
    *,
    invited: bool,
    viewer_broadcasting: bool,
) -> Decision:
    """May ``viewer`` open ``broadcaster``'s cam? Refused (``UNAVAILABLE``, never why) across
    a block, outside its audience, when it is mutual only and the viewer does not broadcast in
    that room, and when it is explicit and the viewer has not opted in to adult content."""
    if viewer.account_id == broadcaster.account_id:
        return refuse(Reason.SELF)
    if not see_cam(viewer, broadcaster, ties, terms, invited=invited):
        return refuse(Reason.UNAVAILABLE)
    if terms.mutual_only and not viewer_broadcasting:
        return refuse(Reason.UNAVAILABLE)
    if terms.explicit and not enter_rating(viewer, Rating.ADULT):
        return refuse(Reason.UNAVAILABLE)
    return ALLOW
