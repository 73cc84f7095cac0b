"""Handlers of the intents about scenes: each a call into ``world.scenes``, and the reply
as the one who asked reads it (their open invitations and scenes as they may see them).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.registry import Connection
from boudoir.core.scenes import LEFT_SCENE, SceneService
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import MemberLeft
from boudoir.domain.intents.scenes import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListSceneInvitations,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    Safeword,
    SceneIntents,
    VoteOnAddition,
)
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
from boudoir.domain.scenes import NotInScene


async def run(context: Context, intent: SceneIntents) -> SceneReplies:
    conn = context.conn
    scenes = context.world.scenes
    match intent:
        case InviteToScene(scene=None):
            if intent.rating is None:
                raise InvalidInput("Choose the scene's rating: general, mature or adult.")
            invitation = scenes.invite(conn, intent.to, intent.rating, intent.tags, intent.note)
            return SceneInvitationSent(
                invitation.id, intent.to, invitation.invitee.name, invitation.rating
            )
        case InviteToScene():
            if intent.rating is not None or intent.tags or intent.note:
                raise InvalidInput("Adding someone to a scene keeps its rating, tags and note.")
            scenes.propose(conn, str(intent.scene), intent.to)
            return AdditionProposed()
        case ProposeForScene(name, scene):
            scenes.propose(conn, _scene_name(scenes, conn, scene), name)
            return AdditionProposed()
        case ListSceneInvitations():
            return SceneInvitationList(open_invitations(scenes, conn))
        case ListScenes():
            mine = tuple(
                SceneSummary(s.name, tuple(e.character.name for e in scenes.card(conn, s)))
                for s in scenes.scenes_of(conn)
            )
            return SceneList(mine, open_invitations(scenes, conn))
        case AcceptSceneInvitation(invitation):
            # The card (SceneStarted) reaches every member, the one accepting too.
            return SceneAccepted(scenes.accept(conn, invitation).name)
        case DeclineSceneInvitation(invitation, block):
            await scenes.decline(conn, invitation, block=block)
            return SceneInvitationRefused(block)
        case VoteOnAddition(scene, invitee, yes):
            scenes.vote(conn, _scene_name(scenes, conn, scene), invitee, yes)
            return VoteCast(invitee, yes)
        case LeaveScene(scene):
            found = scenes.scene(conn, _scene_name(scenes, conn, scene))
            ref = found.ref
            ended = scenes.leave(conn, found.name)
            return SceneLeft(MemberLeft(context.world.clock(), ref, conn.ref, LEFT_SCENE), ended)
        case Safeword(scene, block):
            block_choice = block if block == "all" else list(block)
            return SafewordCalled(tuple(await scenes.safeword(conn, scene, block_choice)))
        case PauseScene(scene):
            return ScenePauseSet(paused=True, changed=scenes.pause(conn, scene))
        case ResumeScene(scene):
            return ScenePauseSet(paused=False, changed=scenes.resume(conn, scene))
        case _:
            assert_never(intent)


def _scene_name(scenes: SceneService, conn: Connection, named: str | None) -> str:
    """The scene a command is about: the one named, or the only one ``conn`` is in."""
    if named:
        return named
    mine = scenes.scenes_of(conn)
    if len(mine) == 1:
        return mine[0].name
    raise NotInScene("Name the scene." if mine else "You are not in a scene.")


def open_invitations(scenes: SceneService, conn: Connection) -> tuple[OpenSceneInvitation, ...]:
    """The open invitations of ``conn``, each as it shows now (limits as shared, members)."""
    return tuple(
        OpenSceneInvitation(
            id=invitation.id,
            by=invitation.by.name,
            at=invitation.at,
            rating=invitation.rating,
            tags=invitation.tags,
            note=invitation.note,
            adds_to_scene=invitation.scene is not None,
            limits=None if shown.limits is None else tuple(shown.limits),
            members=tuple(member.name for member in shown.members),
        )
        for invitation, shown in zip(
            scenes.invitations(conn), scenes.invitation_details(conn), strict=True
        )
    )
