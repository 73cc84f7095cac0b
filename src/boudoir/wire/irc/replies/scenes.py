"""SceneServ's words for replies about scenes (the notices answering ``SCENE``,
``SAFEWORD``, ``PAUSE``, ``RESUME`` and ``/msg SceneServ``).

A scene is the channel ``#<name>`` on IRC. Leaving also sends the leaver's PART, which the
gateway emits before this text.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

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
    VoteCast,
)

SAFEWORD_CONFIRMED: Final = "You called the safeword. Nobody was told who called it."


def channel(scene_name: str) -> str:
    return "#" + scene_name


def _invitation_line(invitation: OpenSceneInvitation) -> str:
    tags = ", ".join(invitation.tags) or "no tags"
    return (
        f"Invitation {invitation.id} from {invitation.by}: {invitation.rating.label}, "
        f"{tags}. /SCENE ACCEPT {invitation.id}"
    )


def service_text(reply: SceneReplies) -> str | None:
    match reply:
        case SceneInvitationSent(invitation=invitation, invitee=invitee):
            return f"Invitation {invitation} sent to {invitee}."
        case SceneInvitationRefused(block):
            return "Declined." + (" They are blocked." if block else "")
        case SceneLeft(ended=ended):
            return None if ended is None else ended.reason.message
        case SceneList(scenes, invitations):
            lines = [f"Your scenes: {', '.join(channel(s.name) for s in scenes) or 'none'}"]
            lines.extend(_invitation_line(invitation) for invitation in invitations)
            return "\n".join(lines)
        case SceneInvitationList(invitations):
            return "\n".join(_invitation_line(i) for i in invitations) or None
        case SafewordCalled(ended):
            # The scene's own notice went to its channel, which the PART then closes (irssi
            # drops the window): the caller is told in a notice to their nick.
            rooms = ", ".join(channel(room.name) for room in ended)
            return f"{SAFEWORD_CONFIRMED} Ended for everyone: {rooms}."
        case ScenePauseSet(paused=True, changed=False):
            return "That scene is already paused."
        case ScenePauseSet(paused=False, changed=False):
            return "That scene is not paused."
        case ScenePauseSet() | AdditionProposed() | SceneAccepted() | VoteCast():
            return None
        case _:
            assert_never(reply)
