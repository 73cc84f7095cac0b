"""Replies about scenes: what the one who invited, answered, voted, left or called the
safeword is told (everyone else hears of it through scene events).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.events import MemberLeft, RoomRef, SceneEnded
from boudoir.domain.ratings import Rating


class SceneReply:
    """Base of the replies about scenes."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class OpenSceneInvitation:
    """An open invitation as its invitee sees it: who sent it and when, the rating, tags and
    note, whether it adds to a scene already running, the sender's hard limits as they share
    them (None: not shared), and the scene's members when it adds to one."""

    id: str
    by: str
    at: dt.datetime
    rating: Rating
    tags: tuple[str, ...]
    note: str
    adds_to_scene: bool
    limits: tuple[str, ...] | None
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SceneSummary:
    """A scene one is in: its name and its members' names, in alphabetical order."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SceneInvitationSent(SceneReply):
    """An invitation to a new scene went out: its id, the name as typed (``to``) and as the
    invitee spells it, and the scene's rating."""

    invitation: str
    to: str
    invitee: str
    rating: Rating


@dataclass(frozen=True, slots=True)
class AdditionProposed(SceneReply):
    """A vote on adding someone is open; the members hear of it."""


@dataclass(frozen=True, slots=True)
class SceneInvitationList(SceneReply):
    """The open invitations, oldest first."""

    invitations: tuple[OpenSceneInvitation, ...]


@dataclass(frozen=True, slots=True)
class SceneList(SceneReply):
    """The scenes one is in, by name, and the open invitations."""

    scenes: tuple[SceneSummary, ...]
    invitations: tuple[OpenSceneInvitation, ...]


@dataclass(frozen=True, slots=True)
class SceneAccepted(SceneReply):
    """The invitation is accepted: one is in ``scene`` (its card comes as an event)."""

    scene: str


@dataclass(frozen=True, slots=True)
class SceneInvitationRefused(SceneReply):
    """The invitation is declined (``block``: and its sender blocked)."""

    block: bool


@dataclass(frozen=True, slots=True)
class VoteCast(SceneReply):
    """One's vote on adding ``invitee`` (as typed) is counted."""

    invitee: str
    yes: bool


@dataclass(frozen=True, slots=True)
class SceneLeft(SceneReply):
    """One left a scene: ``left`` is the departure the others saw (each gateway shows it to
    the leaver as its protocol wants), ``ended`` the scene's end when one was the last."""

    left: MemberLeft
    ended: SceneEnded | None


@dataclass(frozen=True, slots=True)
class SafewordCalled(SceneReply):
    """The scenes the safeword ended, for everyone in them."""

    ended: tuple[RoomRef, ...]


@dataclass(frozen=True, slots=True)
class ScenePauseSet(SceneReply):
    """A pause (``paused``) or resume was asked; ``changed`` is False when the scene already
    was so."""

    paused: bool
    changed: bool


SceneReplies = (
    SceneInvitationSent
    | AdditionProposed
    | SceneInvitationList
    | SceneList
    | SceneAccepted
    | SceneInvitationRefused
    | VoteCast
    | SceneLeft
    | SafewordCalled
    | ScenePauseSet
)
