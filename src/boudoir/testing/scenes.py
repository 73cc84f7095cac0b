"""Scene events in plain words, for the test harness (``harness.describe``)."""

from __future__ import annotations

from boudoir.domain.events import (
    Event,
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


def _limits(entry: SceneMemberCard) -> str:
    if entry.limits is None:
        return f"{entry.character.name} (limits not shared)"
    return f"{entry.character.name} (limits: {', '.join(entry.limits) or 'none'})"


def describe_scene(event: Event) -> str | None:
    """One line for a scene event; None for any other event."""
    match event:
        case SceneInvitationReceived():
            where = f" to join {event.scene.name}" if event.scene is not None else ""
            limits = ", ".join(event.limits) if event.limits is not None else "not shared"
            return (
                f"{event.by.name} invites you to a {event.rating.label} scene{where} "
                f"[{', '.join(event.tags)}] {event.note!r} limits: {limits} "
                f"(invitation {event.invitation})"
            )
        case SceneInvitationDeclined():
            return f"{event.invitee.name} declined your scene invitation"
        case SceneInvitationWithdrawn():
            return f"scene invitation {event.invitation} from {event.by.name} withdrawn"
        case SceneStarted():
            members = "; ".join(_limits(m) for m in event.members)
            return f"scene {event.scene.name} started: {members}"
        case SceneMemberAdded():
            return f"{_limits(event.member)} was added to {event.scene.name}"
        case SceneVoteChanged():
            by = f" by {event.by.name}" if event.by is not None else ""
            return f"vote on adding {event.invitee.name} to {event.scene.name}: {event.state.value}{by}"  # noqa: E501
        case ScenePauseChanged():
            state = "paused" if event.paused else "resumed"
            return f"scene {event.scene.name} {state}"
        case SceneEnded():
            return f"scene {event.scene.name} ended: {event.reason.message}"
    return None
