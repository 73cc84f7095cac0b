"""Scene events as IRC lines, for ``render_events.render``.

A scene is a channel ``#scene-<id>``. Nobody JOINs it (the name is reserved); a member enters
by accepting an invitation, and the server sends the JOIN. The card, invitations and votes are
notices from SceneServ; the end of a scene is a notice and a PART sent for the member, with a
neutral reason. Imports the standard library, ``boudoir.domain`` and ``wire.irc`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, assert_never

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
    SceneVoteState,
)
from boudoir.domain.scenes import PAUSED_MESSAGE, RESUMED_MESSAGE
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import channel, mask_of, notices, time_tags
from boudoir.wire.irc.message import Message

if TYPE_CHECKING:
    from boudoir.wire.irc.render_events import IrcVariant

SCENESERV_MASK: Final = "SceneServ!services@services"

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


def render_scene_event(event: SceneEvent, variant: IrcVariant) -> list[Message]:
    """The lines of a scene event for ``variant``'s client, all news (never labeled)."""
    tags = time_tags(variant.tags, event.at)
    nick = variant.nick
    match event:
        case SceneInvitationReceived():
            return notices(SCENESERV_MASK, nick, _invitation(event), tags)
        case SceneInvitationDeclined():
            text = f"{event.invitee.name} declined your scene invitation {event.invitation}."
            return notices(SCENESERV_MASK, nick, text, tags)
        case SceneInvitationWithdrawn():
            text = (
                f"The scene invitation {event.invitation} from {event.by.name} is no longer "
                "open: that scene has ended."
            )
            return notices(SCENESERV_MASK, nick, text, tags)
        case SceneStarted():
            return _started(event, variant, tags)
        case SceneMemberAdded():
            name = event.member.character.name
            room = channel(event.scene.name)
            params = (room, name, name) if "extended-join" in variant.caps else (room,)
            return [
                Message("JOIN", params, source=mask_of(name), tags=tags),
                *notices(
                    SCENESERV_MASK, room, f"{name} joined the scene. {_limits(event.member)}", tags
                ),
            ]
        case SceneVoteChanged():
            return notices(SCENESERV_MASK, channel(event.scene.name), _vote_text(event), tags)
        case ScenePauseChanged():
            text = f"PAUSE (yellow): {PAUSED_MESSAGE}" if event.paused else RESUMED_MESSAGE
            return notices(SCENESERV_MASK, channel(event.scene.name), text, tags)
        case SceneEnded():
            room = channel(event.scene.name)
            lines = notices(SCENESERV_MASK, room, event.reason.message, tags)
            if variant.me is not None:
                source = mask_of(variant.me.name)
                lines.append(Message("PART", (room, event.reason.message), source, tags))
            return lines
        case _:
            assert_never(event)


def _limits(entry: SceneMemberCard) -> str:
    name = entry.character.name
    if entry.limits is None:
        return f"{name}: hard limits not shared with you"
    return f"{name}: hard limits: {', '.join(entry.limits) or 'none'}"


def _invitation(event: SceneInvitationReceived) -> str:
    by, code = event.by.name, event.invitation
    tags = ", ".join(event.tags) or "none"
    if event.scene is not None:
        members = ", ".join(m.name for m in event.members)
        lines = [f"{by} invites you to join the scene {channel(event.scene.name)} ({members}):"]
    else:
        lines = [f"{by} invites you to a scene:"]
    lines.append(f"  rating {event.rating.label}; tags: {tags}")
    if event.note:
        lines.append(f"  note: {event.note}")
    if event.limits is None:
        lines.append(f"  {by} does not share their hard limits with you")
    else:
        lines.append(f"  {by}'s hard limits: {', '.join(event.limits) or 'none'}")
    lines.append(
        f"Accept: /SCENE ACCEPT {code}   Decline: /SCENE DECLINE {code}   "
        f"Decline and block: /SCENE DECLINE BLOCK {code}   (or /msg SceneServ ACCEPT {code})"
    )
    return "\n".join(lines)


def _started(event: SceneStarted, variant: IrcVariant, tags: dict[str, str]) -> list[Message]:
    if variant.me is None:
        return []
    me = variant.me.name
    room = channel(event.scene.name)
    params = (room, me, me) if "extended-join" in variant.caps else (room,)
    server = variant.server_name
    names = " ".join(m.character.name for m in event.members)
    lines = [
        f"Scene card: rating {event.scene.rating.label}; tags: {', '.join(event.tags) or 'none'}"
    ]
    if event.note:
        lines.append(f"Note: {event.note}")
    lines.extend(_limits(m) for m in event.members)
    lines.append("SAFEWORD ends it for everyone at once; PAUSE stops it for a check-in.")
    if event.paused:
        lines.append(f"PAUSE (yellow): {PAUSED_MESSAGE}")
    return [
        Message("JOIN", params, source=mask_of(me), tags=tags),
        # Modern IRC, RPL_NAMREPLY: "@" marks a secret channel.
        Message(n.RPL_NAMREPLY, (me, "@", room, names), source=server),
        Message(n.RPL_ENDOFNAMES, (me, room, "End of /NAMES list"), source=server),
        *notices(SCENESERV_MASK, room, "\n".join(lines), tags),
    ]


def _vote_text(event: SceneVoteChanged) -> str:
    who = event.invitee.name
    waiting = ", ".join(ref.name for ref in event.waiting)
    if event.state is SceneVoteState.OPENED:
        by = event.by.name if event.by is not None else "A member"
        return (
            f"{by} proposes adding {who} to this scene. Waiting for: {waiting}. "
            f"/SCENE VOTE {channel(event.scene.name)} {who} YES|NO"
        )
    if event.state is SceneVoteState.YES:
        by = event.by.name if event.by is not None else "A member"
        return f"{by} said yes to adding {who}." + (f" Waiting for: {waiting}." if waiting else "")
    if event.state is SceneVoteState.PASSED:
        return f"Everyone said yes: {who} is invited."
    return f"The vote on adding {who} did not pass."
