"""The browser protocol's shapes for replies about scenes (docs/websocket.md, "Scenes").

Imports the standard library and ``boudoir.domain`` only (and this wire's ``render``).
"""

from __future__ import annotations

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
    VoteCast,
)
from boudoir.domain.times import utc_millis as timestamp


def invitation_object(invitation: OpenSceneInvitation) -> dict[str, object]:
    """An open invitation as ``scene_invitations`` lists it."""
    return {
        "invitation": invitation.id,
        "from": invitation.by,
        "at": timestamp(invitation.at),
        "rating": invitation.rating.label,
        "tags": list(invitation.tags),
        "note": invitation.note,
        "adds_to_scene": invitation.adds_to_scene,
        "limits": None if invitation.limits is None else list(invitation.limits),
        "members": list(invitation.members),
    }


def fields(reply: SceneReplies) -> dict[str, object] | None:
    match reply:
        case SceneInvitationSent(invitation):
            return {"invitation": invitation}
        case SceneInvitationList(invitations):
            return {"invitations": [invitation_object(i) for i in invitations]}
        case SceneList(scenes, invitations):
            return {
                "scenes": [{"name": s.name, "members": list(s.members)} for s in scenes],
                "invitations": [invitation_object(i) for i in invitations],
            }
        case SceneAccepted(scene):
            return {"scene": scene}
        case SafewordCalled(ended):
            return {"ended": [ref.name for ref in ended]}
        case (
            AdditionProposed()
            | SceneInvitationRefused()
            | VoteCast()
            | SceneLeft()
            | ScenePauseSet()
        ):
            return None
        case _:
            assert_never(reply)
