"""Scene commands a browser sends (docs/websocket.md, "Scenes"): their typed shapes.

``commands.SPECS`` holds how each is parsed. Imports the standard library and
``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from boudoir.domain.ratings import Rating

RATINGS: Final = {rating.label: rating for rating in Rating}
MAX_LIST: Final = 32
"""Items in a list field (tags, names to block): a scene is small."""


@dataclass(frozen=True, slots=True)
class SceneInvite:
    """To a new scene (``scene`` None) with ``rating``, ``tags`` and ``note``; or, naming a
    scene one is in, a proposal to add ``to`` (a vote of its members; rating, tags and note
    are the scene's own and must not be given)."""

    to: str
    rating: Rating | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    scene: str | None = None


@dataclass(frozen=True, slots=True)
class SceneInvitations:
    """(No fields.)"""


@dataclass(frozen=True, slots=True)
class SceneAccept:
    invitation: str


@dataclass(frozen=True, slots=True)
class SceneDecline:
    invitation: str
    block: bool = False


@dataclass(frozen=True, slots=True)
class SceneVote:
    scene: str
    invitee: str
    yes: bool


@dataclass(frozen=True, slots=True)
class SceneLeave:
    scene: str


@dataclass(frozen=True, slots=True)
class Safeword:
    """Ends ``scene`` (by default every scene one is in) for everyone; ``block`` names some
    of the others, or ``"all"``."""

    scene: str | None = None
    block: tuple[str, ...] | Literal["all"] = ()


@dataclass(frozen=True, slots=True)
class Pause:
    scene: str | None = None


@dataclass(frozen=True, slots=True)
class Resume:
    scene: str | None = None


SceneCommand = (
    SceneInvite
    | SceneInvitations
    | SceneAccept
    | SceneDecline
    | SceneVote
    | SceneLeave
    | Safeword
    | Pause
    | Resume
)
