"""Scene events as ``boudoir.v1`` JSON (docs/websocket.md, "Scenes"), for ``render``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import assert_never

from boudoir.domain.events import (
    SceneEnded,
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneMemberAdded,
    SceneMemberCard,
    ScenePauseChanged,
    SceneStarted,
    SceneVoteChanged,
)


def member_object(entry: SceneMemberCard) -> dict[str, object]:
    """One member on a card; ``limits`` null when not shared with this viewer."""
    limits = None if entry.limits is None else list(entry.limits)
    return {"name": entry.character.name, "limits": limits}


SceneEvent = (
    SceneInvitationReceived
    | SceneInvitationDeclined
    | SceneInvitationWithdrawn
    | SceneStarted
    | SceneMemberAdded
    | SceneVoteChanged
    | ScenePauseChanged
    | SceneEnded
)


def scene_event_object(
    event: SceneEvent, timestamp: Callable[[dt.datetime], str]
) -> dict[str, object]:
    """The JSON object of a scene event."""
    match event:
        case SceneInvitationReceived():
            return {
                "type": "scene_invitation",
                "at": timestamp(event.at),
                "invitation": event.invitation,
                "from": event.by.name,
                "rating": event.rating.label,
                "tags": list(event.tags),
                "note": event.note,
                "limits": None if event.limits is None else list(event.limits),
                "scene": None if event.scene is None else event.scene.name,
                "members": [m.name for m in event.members],
            }
        case SceneInvitationDeclined():
            return {
                "type": "scene_declined",
                "at": timestamp(event.at),
                "invitation": event.invitation,
                "name": event.invitee.name,
            }
        case SceneInvitationWithdrawn():
            return {
                "type": "scene_invitation_withdrawn",
                "at": timestamp(event.at),
                "invitation": event.invitation,
                "from": event.by.name,
            }
        case SceneStarted():
            return {
                "type": "scene_started",
                "at": timestamp(event.at),
                "scene": event.scene.name,
                "rating": event.scene.rating.label,
                "tags": list(event.tags),
                "note": event.note,
                "paused": event.paused,
                "members": [member_object(m) for m in event.members],
            }
        case SceneMemberAdded():
            return {
                "type": "scene_member_added",
                "at": timestamp(event.at),
                "scene": event.scene.name,
                "member": member_object(event.member),
            }
        case SceneVoteChanged():
            return {
                "type": "scene_vote",
                "at": timestamp(event.at),
                "scene": event.scene.name,
                "invitee": event.invitee.name,
                "state": event.state.value,
                "by": None if event.by is None else event.by.name,
                "waiting": [ref.name for ref in event.waiting],
            }
        case ScenePauseChanged():
            return {
                "type": "scene_paused" if event.paused else "scene_resumed",
                "at": timestamp(event.at),
                "scene": event.scene.name,
            }
        case SceneEnded():
            return {
                "type": "scene_ended",
                "at": timestamp(event.at),
                "scene": event.scene.name,
                "reason": event.reason.value,
                "text": event.reason.message,
            }
        case _:
            assert_never(event)
