"""Intents about scenes: invitations, votes on adding someone, leaving, and the safety calls
(safeword, pause, resume).

A scene is named as its members see it (``scene-ab12cd``, with or without ``#``); ``None``
where a command allows it means the only scene one is in (the safeword: every scene).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from boudoir.domain.ratings import Rating


class SceneIntent:
    """Base of the intents about scenes."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class InviteToScene(SceneIntent):
    """Invite ``to`` to a new scene of ``rating`` with ``tags`` and ``note``; or, naming a
    ``scene`` one is in, propose adding them (a vote of its members; the scene keeps its own
    rating, tags and note, so none may be given)."""

    to: str
    rating: Rating | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    scene: str | None = None


@dataclass(frozen=True, slots=True)
class ProposeForScene(SceneIntent):
    """Propose adding ``name`` to ``scene`` (None: the only scene one is in)."""

    name: str
    scene: str | None = None


@dataclass(frozen=True, slots=True)
class ListSceneInvitations(SceneIntent):
    """The open invitations to scenes, with what each showed when it came."""


@dataclass(frozen=True, slots=True)
class ListScenes(SceneIntent):
    """The scenes one is in (with their members) and the open invitations."""


@dataclass(frozen=True, slots=True)
class AcceptSceneInvitation(SceneIntent):
    invitation: str


@dataclass(frozen=True, slots=True)
class DeclineSceneInvitation(SceneIntent):
    """Decline; ``block`` blocks who sent it too (they are told the same either way)."""

    invitation: str
    block: bool = False


@dataclass(frozen=True, slots=True)
class VoteOnAddition(SceneIntent):
    """One's yes or no to adding ``invitee`` to ``scene`` (None: the only scene one is in)."""

    scene: str | None
    invitee: str
    yes: bool


@dataclass(frozen=True, slots=True)
class LeaveScene(SceneIntent):
    scene: str | None = None


@dataclass(frozen=True, slots=True)
class Safeword(SceneIntent):
    """End ``scene`` (by default every scene one is in) for everyone at once; ``block`` names
    some of the others, or ``"all"``."""

    scene: str | None = None
    block: tuple[str, ...] | Literal["all"] = ()


@dataclass(frozen=True, slots=True)
class PauseScene(SceneIntent):
    """Yellow: stop the scene for a check-in; only out-of-character speech goes through."""

    scene: str | None = None


@dataclass(frozen=True, slots=True)
class ResumeScene(SceneIntent):
    scene: str | None = None


SceneIntents = (
    InviteToScene
    | ProposeForScene
    | ListSceneInvitations
    | ListScenes
    | AcceptSceneInvitation
    | DeclineSceneInvitation
    | VoteOnAddition
    | LeaveScene
    | Safeword
    | PauseScene
    | ResumeScene
)
