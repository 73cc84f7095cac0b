"""Scene events as MU* text: the invitation card, the started card, votes, the pause and the
end, for ``render.render``.

A safeword's end is loud and names nobody; a pause is a yellow warning that stays until
someone resumes. For a screen reader the cards are plain sentences (no ``***``, no rules).
Imports ``boudoir.domain`` and ``boudoir.wire`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

from boudoir.domain.events import (
    RoomRef,
    SceneEnded,
    SceneEndReason,
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneMemberAdded,
    SceneMemberCard,
    ScenePauseChanged,
    SceneStarted,
    SceneVoteChanged,
    SceneVoteState,
)
from boudoir.domain.ids import RoomId
from boudoir.wire.telnet.painter import Painter, safe

SCENE_COMMAND: Final = "scene"
"""The telnet command word for scenes, as the hints on the cards spell it."""
RESUME_COMMAND: Final = "resume"


def _prefix(scene: RoomRef, location: RoomId | None, paint: Painter) -> str:
    return "" if scene.id == location else paint.channel(scene.name) + " "


def _limits(limits: tuple[str, ...] | None) -> str:
    if limits is None:
        return "not shared with you"
    return ", ".join(safe(item) for item in limits) or "none"


def _member(entry: SceneMemberCard, paint: Painter) -> str:
    return f"{paint.name(entry.character.name)} (hard limits: {_limits(entry.limits)})"


def _card(title: str, lines: list[str], paint: Painter) -> str:
    """A card: a heading and its lines; a screen reader gets the sentences alone."""
    if paint.screen_reader:
        return "\n".join([title, *lines])
    return "\n".join([paint.notice(f"--- {title} ---"), *lines])


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


def render_scene_event(event: SceneEvent, location: RoomId | None, paint: Painter) -> str:
    """The text of a scene event for a viewer standing in ``location``."""
    match event:
        case SceneInvitationReceived():
            return _invitation(event, paint)
        case SceneInvitationDeclined():
            return paint.system(f"{paint.name(event.invitee.name)} declined your scene invitation.")
        case SceneInvitationWithdrawn():
            return paint.system(
                f"The scene invitation from {paint.name(event.by.name)} is no longer open: "
                "that scene has ended."
            )
        case SceneStarted():
            lines = [f"Rating: {event.scene.rating.label}."]
            if event.tags:
                lines.append(f"Tags: {', '.join(event.tags)}.")
            if event.note:
                lines.append(f"Note: {safe(event.note)}")
            lines.extend(_member(m, paint) for m in event.members)
            if event.paused:
                lines.append(_paused(paint))
            title = f"Scene {paint.room(event.scene.name)} has started"
            return _card(title, lines, paint)
        case SceneMemberAdded():
            return _prefix(event.scene, location, paint) + paint.system(
                f"{_member(event.member, paint)} has joined the scene."
            )
        case SceneVoteChanged():
            return _prefix(event.scene, location, paint) + _vote(event, paint)
        case ScenePauseChanged():
            prefix = _prefix(event.scene, location, paint)
            if event.paused:
                return prefix + _paused(paint)
            return prefix + paint.system("The scene has resumed.")
        case SceneEnded():
            prefix = _prefix(event.scene, location, paint)
            if event.reason is SceneEndReason.SAFEWORD:
                # Neutral and the same for everyone, the caller included: never who called it.
                return (
                    prefix
                    + paint.alert(paint.banner("SAFEWORD: the scene has ended."))
                    + "\n"
                    + paint.system("Nobody is to blame; take care of yourself.")
                )
            return prefix + paint.system(event.reason.message)
        case _:
            assert_never(event)


def _paused(paint: Painter) -> str:
    line = f"PAUSED: only OOC until someone types {RESUME_COMMAND}."
    if paint.screen_reader:
        return paint.warning("The scene is " + line.replace("PAUSED: ", "paused: "))
    return paint.warning(paint.banner(line.rstrip(".")))


def _invitation(event: SceneInvitationReceived, paint: Painter) -> str:
    by = paint.name(event.by.name)
    lines = [f"Rating: {event.rating.label}."]
    lines.append(f"Tags: {', '.join(event.tags)}." if event.tags else "Tags: none.")
    if event.note:
        lines.append(f"Note: {safe(event.note)}")
    lines.append(f"{by}'s hard limits: {_limits(event.limits)}.")
    if event.scene is not None and event.members:
        members = ", ".join(paint.name(m.name) for m in event.members)
        lines.append(f"Already in it: {members}.")
    lines.append(
        paint.notice(
            f'Type "{SCENE_COMMAND}/accept {event.invitation}" to accept, or '
            f'"{SCENE_COMMAND}/decline {event.invitation}" to decline.'
        )
    )
    where = f" to join {paint.room(event.scene.name)}" if event.scene is not None else ""
    return _card(f"{by} invites you to a scene{where}", lines, paint)


def _vote(event: SceneVoteChanged, paint: Painter) -> str:
    invitee = paint.name(event.invitee.name)
    waiting = ", ".join(paint.name(m.name) for m in event.waiting)
    still = f" Waiting for: {waiting}." if waiting else ""
    match event.state:
        case SceneVoteState.OPENED:
            by = paint.name(event.by.name) if event.by is not None else "A member"
            hint = paint.notice(
                f' Type "{SCENE_COMMAND}/vote {event.scene.name} {event.invitee.name}=yes" or =no.'
            )
            return paint.system(f"{by} proposes adding {invitee} to the scene.{still}") + hint
        case SceneVoteState.YES:
            by = paint.name(event.by.name) if event.by is not None else "A member"
            return paint.system(f"{by} said yes to adding {invitee}.{still}")
        case SceneVoteState.PASSED:
            return paint.system(f"Everyone said yes: {invitee} is invited to the scene.")
    return paint.system(f"The proposal to add {invitee} to the scene did not pass.")
