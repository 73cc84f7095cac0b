"""Scenes: private rooms whose members all agreed to be there. Limits, the shape of a scene's
tags and note, and the neutral words of its end.

The rules of who may invite, join, vote and resume are in ``consent/``; the live scenes are
``core.scenes``. Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata

from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.names import SCENE_ROOM_PREFIX

MAX_SCENE_TAGS = 8
"""Content tags on one scene: "a few" words that say what it is about, not a profile."""
MAX_SCENE_TAG = 24
"""Characters in one tag: a word or two, as a room name."""
MAX_SCENE_NOTE = 300
"""Characters in an invitation's note: a sentence or two, like a short description."""
MAX_SCENE_MEMBERS = 12
"""Members of one scene: every addition needs every member's yes, so a scene stays small."""
MAX_SCENES_PER_CHARACTER = 10
"""Scenes one character is in at once (each is a room on every gateway)."""
MAX_INVITATIONS_PER_PERSON = 20
"""Open invitations held for one invitee; the oldest is dropped past this, so a flood of
invitations cannot grow the server's memory."""
INVITATION_LIFETIME = dt.timedelta(hours=1)
"""An invitation not answered within this is gone: the moment it was sent for has passed."""
SAFEWORD_COOLDOWN = dt.timedelta(hours=24)
"""After someone calls the safeword, the others of that scene cannot invite them to a scene
(nor add them to one) for this long. Kept in memory: a restart forgets it."""


class SceneEndReason(enum.Enum):
    SAFEWORD = "safeword"
    LAST_MEMBER_LEFT = "last_member_left"

    @property
    def message(self) -> str:
        return _END_MESSAGES[self]


_END_MESSAGES = {
    # Neutral, and the same for everyone, the caller included: never who called it.
    SceneEndReason.SAFEWORD: (
        "The scene has ended: the safeword was called. Nobody is to blame; take care of yourself."
    ),
    SceneEndReason.LAST_MEMBER_LEFT: "The scene has ended: its last member left.",
}

PAUSED_MESSAGE = (
    "The scene is paused (yellow) for a check-in: only out-of-character speech until it resumes."
)
RESUMED_MESSAGE = "The scene has resumed."


class ScenePaused(BoudoirError):
    code = "scene_paused"
    default_message = (
        "The scene is paused for a check-in: speak out of character (OOC) until it resumes."
    )


class NotInScene(BoudoirError):
    code = "not_in_scene"
    default_message = "You are not in that scene."


def is_scene_name(name: str) -> bool:
    """Is ``name`` (a room name, with or without ``#``) the name of a scene?"""
    return name.removeprefix("#").casefold().startswith(SCENE_ROOM_PREFIX)


def scene_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags as a scene keeps them: trimmed, lower case, duplicates dropped, in order. A tag is
    letters, digits, ``-`` and ``_`` (a word, as in a room name)."""
    kept: list[str] = []
    for raw in tags:
        tag = unicodedata.normalize("NFKC", raw).strip().casefold()
        if not tag or tag in kept:
            continue
        if len(tag) > MAX_SCENE_TAG:
            raise InvalidInput(f"A scene tag is at most {MAX_SCENE_TAG} characters long.")
        for char in tag:
            category = unicodedata.category(char)
            if not (category[0] in "LM" or category == "Nd" or char in "-_"):
                raise InvalidInput("A scene tag holds letters, digits, '-' and '_' only.")
        kept.append(tag)
    if len(kept) > MAX_SCENE_TAGS:
        raise InvalidInput(f"A scene has at most {MAX_SCENE_TAGS} tags.")
    return tuple(kept)


def scene_note(note: str) -> str:
    """An invitation's note: spaces collapsed, at most ``MAX_SCENE_NOTE`` characters, no
    control characters."""
    note = " ".join(note.split())
    if len(note) > MAX_SCENE_NOTE:
        raise InvalidInput(f"A scene note is at most {MAX_SCENE_NOTE} characters long.")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in note):
        raise InvalidInput("A scene note cannot hold control characters.")
    return note
