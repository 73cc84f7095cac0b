"""What each ``boudoir.v1`` scene command does (docs/websocket.md, "Scenes"): one call into
``world.scenes``, and the ``ok`` fields.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from boudoir.core.registry import Connection
from boudoir.core.scenes import LEFT_SCENE, Invitation
from boudoir.core.world import World
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import MemberLeft
from boudoir.wire.webjson import timestamp
from boudoir.wire.webjson.scene_commands import (
    Pause,
    Resume,
    Safeword,
    SceneAccept,
    SceneCommand,
    SceneDecline,
    SceneInvitations,
    SceneInvite,
    SceneLeave,
    SceneVote,
)

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import WebSession

Fields = Mapping[str, object]


def invitation_object(invitation: Invitation) -> dict[str, object]:
    return {
        "invitation": invitation.id,
        "from": invitation.by.name,
        "at": timestamp(invitation.at),
        "rating": invitation.rating.label,
        "tags": list(invitation.tags),
        "note": invitation.note,
        "adds_to_scene": invitation.scene is not None,
    }


async def run_scene(
    world: World, session: WebSession, conn: Connection, command: object
) -> Fields | None:
    """Carry out a scene command: the fields of its ``ok``; None for any other command."""
    if not isinstance(command, SceneCommand):
        return None
    scenes = world.scenes
    match command:
        case SceneInvite(scene=None):
            if command.rating is None:
                raise InvalidInput("Choose the scene's rating: general, mature or adult.")
            invitation = scenes.invite(conn, command.to, command.rating, command.tags, command.note)
            return {"invitation": invitation.id}
        case SceneInvite():
            if command.rating is not None or command.tags or command.note:
                raise InvalidInput("Adding someone to a scene keeps its rating, tags and note.")
            scenes.propose(conn, str(command.scene), command.to)
            return {}
        case SceneInvitations():
            return {
                "invitations": [
                    {
                        **invitation_object(invitation),
                        "limits": None if event.limits is None else list(event.limits),
                        "members": [member.name for member in event.members],
                    }
                    for invitation, event in zip(
                        scenes.invitations(conn), scenes.invitation_details(conn), strict=True
                    )
                ]
            }
        case SceneAccept():
            scene = scenes.accept(conn, command.invitation)
            return {"scene": scene.name}
        case SceneDecline():
            await scenes.decline(conn, command.invitation, block=command.block)
            return {}
        case SceneVote():
            scenes.vote(conn, command.scene, command.invitee, command.yes)
            return {}
        case SceneLeave():
            scene = scenes.scene(conn, command.scene)
            ref = scene.ref
            ended = scenes.leave(conn, command.scene)
            session.deliver(MemberLeft(world.clock(), ref, conn.ref, LEFT_SCENE))
            if ended is not None:
                session.deliver(ended)
            return {}
        case Safeword():
            block = command.block if command.block == "all" else list(command.block)
            stopped = await scenes.safeword(conn, command.scene, block)
            return {"ended": [ref.name for ref in stopped]}
        case Pause():
            scenes.pause(conn, command.scene)
            return {}
        case Resume():
            scenes.resume(conn, command.scene)
            return {}
    return None
