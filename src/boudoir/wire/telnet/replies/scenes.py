"""Telnet's words for replies about scenes. The lists are tables: ``scene_lists`` lays them
out with the gateway's ``table`` (aligned to the window, or sentences for a screen reader);
``render`` uses plain rows.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from boudoir.domain.replies.scenes import (
    AdditionProposed,
    OpenSceneInvitation,
    SafewordCalled,
    SceneAccepted,
    SceneInvitationList,
    SceneInvitationRefused,
    SceneInvitationSent,
    SceneLeft,
    SceneList,
    ScenePauseSet,
    SceneReplies,
    SceneSummary,
    VoteCast,
)
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

Table = Callable[[list[list[str]]], str]
"""Rows of cells (already safe) as the lines of a table."""


def plain_table(rows: list[list[str]]) -> str:
    return "\n".join("  ".join(row) for row in rows)


def scene_lists(
    scenes: tuple[SceneSummary, ...] | None,
    invitations: tuple[OpenSceneInvitation, ...],
    table: Table,
) -> str:
    """``scene list`` (``scenes`` given) or ``scene invitations`` (``scenes`` None)."""
    lines: list[str] = []
    if scenes is not None:
        if scenes:
            lines.append("Your scenes:")
            lines.append(table([[s.name, ", ".join(s.members)] for s in scenes]))
        else:
            lines.append("You are in no scene.")
    if invitations:
        lines.append("Open invitations:")
        rows = [
            [i.id, f"from {i.by}", i.rating.label, ", ".join(i.tags) or "no tags"]
            for i in invitations
        ]
        lines.append(table(rows))
        lines.append('Type "scene accept <id>" or "scene decline <id>".')
    else:
        lines.append("No open scene invitations.")
    return "\n".join(lines)


def render(reply: SceneReplies, table: Table = plain_table) -> Told | None:
    match reply:
        case SceneInvitationSent(to=to, rating=rating):
            return Told(f"You invited {clean(to)} to a {rating.label} scene.")
        case SceneList(scenes, invitations):
            return Told(scene_lists(scenes, invitations, table))
        case SceneInvitationList(invitations):
            return Told(scene_lists(None, invitations, table))
        case SceneInvitationRefused(block):
            also = " and blocked who sent it" if block else ""
            return Told(f"You declined the invitation{also}.")
        case VoteCast(invitee, yes):
            return Told(f"You said {'yes' if yes else 'no'} to adding {clean(invitee)}.")
        case SceneLeft():
            return Told("You left the scene.")
        case ScenePauseSet(paused=True, changed=False):
            return Told("The scene is already paused.")
        case ScenePauseSet(paused=False, changed=False):
            return Told("The scene is not paused.")
        case ScenePauseSet() | AdditionProposed() | SceneAccepted() | SafewordCalled():
            return None
        case _:
            assert_never(reply)
