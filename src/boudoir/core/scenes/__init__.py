"""Scenes: private rooms whose members all agreed to be there, with the safeword and the pause.

A scene is a live room that is never stored: private, named ``scene-<id>`` (a name no room may
take, so nobody joins or finds it by name), managed by nobody, and entered only by accepting an
invitation: the first one starts the scene, and later ones are sent once every member voted yes.
Speech, whispers, typing and member lists work in it through the rooms' own machinery.

The safeword ends a scene for everyone in one call, before anything else runs: every member's
connections are told and taken out in the same loop turn. Who called it is never shown. The
caller may block some or all of the others in the same step, and the others cannot invite them
to a scene for ``SAFEWORD_COOLDOWN``. Nothing of a scene is kept once it ends (the logging
service keeps what its consent says). Everything here lives in memory.

``SceneService`` (``world.scenes``) is one object made of parts over a shared base
(``base.py``): ``invitations.py``, ``votes.py`` and ``ending.py``. This module is the public
face: import from ``boudoir.core.scenes``. Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.scenes.base import LEFT_SCENE, NOBODY, BlockChoice, Invitation, Scene, Vote
from boudoir.core.scenes.ending import SceneEnding
from boudoir.core.scenes.invitations import SceneInvitations
from boudoir.domain.scenes import is_scene_name

__all__ = [
    "LEFT_SCENE",
    "NOBODY",
    "BlockChoice",
    "Invitation",
    "Scene",
    "SceneService",
    "Vote",
    "is_scene_name",
]


class SceneService(SceneInvitations, SceneEnding):
    """Every scene operation, as ``world.scenes``: the parts share one ``SceneBase`` state."""
