"""Scenes on IRC: the ``SCENE``, ``SAFEWORD``, ``PAUSE`` and ``RESUME`` commands, the same
through ``/msg SceneServ <command>``, and scene events as lines.

A scene is a channel ``#scene-<id>``: its members speak, PART and NAMES as in any channel.
Nobody JOINs it (the name is reserved); a member enters by accepting an invitation, and the
server sends the JOIN. The card, invitations and votes are notices from SceneServ; the end of a
scene is a notice and a PART sent for the member, with a neutral reason.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from typing import Final

from boudoir.core import commands
from boudoir.domain.errors import BoudoirError
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
    SceneVoteState,
)
from boudoir.domain.intents import Intent
from boudoir.domain.replies import SceneLeft
from boudoir.domain.scenes import PAUSED_MESSAGE, RESUMED_MESSAGE
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.render import channel, mask_of
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import SCENESERV, Usage
from boudoir.wire.irc.services.sceneserv import HELP

SCENESERV_MASK: Final = "SceneServ!services@services"


def _notice(client: IrcClient, text: str, *, target: str | None = None) -> None:
    """A reply from SceneServ to the running command."""
    for line in text.split("\n"):
        client.machine.send_message(
            Message("NOTICE", (target or client.nick, line or " "), source=SCENESERV_MASK)
        )


def _push(client: IrcClient, text: str, *, target: str | None = None) -> None:
    """News from SceneServ, never held in a labeled response."""
    tags = client.time_tags()
    for line in text.split("\n"):
        client.push(Message("NOTICE", (target or client.nick, line or " "), SCENESERV_MASK, tags))


def _words(message: Message) -> list[str]:
    return [word for param in message.params for word in param.split()]


@command("SCENE")
def scene_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, _words(message), "SCENE")


@command("SAFEWORD")
def safeword_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["SAFEWORD", *_words(message)], "SAFEWORD")


@command("PAUSE")
def pause_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["PAUSE", *_words(message)], "PAUSE")


@command("RESUME")
def resume_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["RESUME", *_words(message)], "RESUME")


@service("SceneServ")
def sceneserv(client: IrcClient, text: str) -> Work | None:
    """``/msg SceneServ <command>``: the same commands, with or without the word SCENE."""
    if client.conn is None:
        client.service("Log in first: /msg NickServ IDENTIFY <name> <password>, or HELP.")
        return None
    words = text.split()
    if words and words[0].upper() == "SCENE":
        words = words[1:]
    return run(client, words, "SCENE")


def run(client: IrcClient, words: list[str], name: str) -> Work | None:
    """Run one scene command from SceneServ's table; errors are answered here (a standard
    reply and a notice), words that fit no command with the help."""
    verb, args = (words[0].upper(), words[1:]) if words else ("HELP", [])
    # SCENE INVITE <nick>: the refusal names whom it was about, as PRIVMSG's 401 does.
    target = words[1] if len(words) > 1 and verb == "INVITE" else ""
    entry = SCENESERV.get(verb)
    try:
        intent = None if entry is None else entry.parse(args)
    except Usage:
        intent = None
    except BoudoirError as error:
        _refused(client, name, error, target)
        return None
    if intent is None:
        if verb != "HELP":
            client.fail(name, "INVALID_PARAMS", "Unknown scene command or wrong parameters")
        _notice(client, HELP)
        return None
    return _run(client, name, intent, target)


def _refused(client: IrcClient, name: str, error: BoudoirError, target: str = "") -> None:
    client.handle_error(name, error, target)
    _notice(client, error.message)


async def _run(client: IrcClient, name: str, intent: Intent, target: str) -> None:
    conn = client.conn
    if conn is None:  # scene commands need a login (the command table sees to it)
        return
    try:
        reply = await commands.run(commands.Context.of(client.server.world, conn), intent)
    except BoudoirError as error:
        _refused(client, name, error, target)
        return
    if isinstance(reply, SceneLeft):
        client.emit("PART", channel(reply.left.room.name), reply.left.reason)
    text = None if reply is None else service_text(reply)
    if text is not None:
        _notice(client, text)


# --- events -------------------------------------------------------------------------------


def _limits(entry: SceneMemberCard) -> str:
    name = entry.character.name
    if entry.limits is None:
        return f"{name}: hard limits not shared with you"
    return f"{name}: hard limits: {', '.join(entry.limits) or 'none'}"


def deliver_scene_event(client: IrcClient, event: Event) -> bool:
    """Render a scene event for ``client``; False when ``event`` is not one."""
    if isinstance(event, SceneInvitationReceived):
        _invitation(client, event)
    elif isinstance(event, SceneInvitationDeclined):
        _push(client, f"{event.invitee.name} declined your scene invitation {event.invitation}.")
    elif isinstance(event, SceneInvitationWithdrawn):
        _push(
            client,
            f"The scene invitation {event.invitation} from {event.by.name} is no longer open: "
            "that scene has ended.",
        )
    elif isinstance(event, SceneStarted):
        _started(client, event)
    elif isinstance(event, SceneMemberAdded):
        name = event.member.character.name
        room = channel(event.scene.name)
        params = (room, name, name) if "extended-join" in client.machine.caps else (room,)
        tags = client.time_tags(event.at)
        client.push(Message("JOIN", params, source=mask_of(name), tags=tags))
        _push(client, f"{name} joined the scene. {_limits(event.member)}", target=room)
    elif isinstance(event, SceneVoteChanged):
        _push(client, _vote_text(event), target=channel(event.scene.name))
    elif isinstance(event, ScenePauseChanged):
        text = f"PAUSE (yellow): {PAUSED_MESSAGE}" if event.paused else RESUMED_MESSAGE
        _push(client, text, target=channel(event.scene.name))
    elif isinstance(event, SceneEnded):
        room = channel(event.scene.name)
        _push(client, event.reason.message, target=room)
        if client.conn is not None:
            source = mask_of(client.conn.character.name)
            tags = client.time_tags(event.at)
            client.push(Message("PART", (room, event.reason.message), source=source, tags=tags))
    else:
        return False
    return True


def _invitation(client: IrcClient, event: SceneInvitationReceived) -> None:
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
    _push(client, "\n".join(lines))


def _started(client: IrcClient, event: SceneStarted) -> None:
    conn = client.conn
    if conn is None:
        return
    me = conn.character.name
    room = channel(event.scene.name)
    tags = client.time_tags(event.at)
    params = (room, me, me) if "extended-join" in client.machine.caps else (room,)
    client.push(Message("JOIN", params, source=mask_of(me), tags=tags))
    server = client.server.server_name
    names = " ".join(m.character.name for m in event.members)
    # Modern IRC, RPL_NAMREPLY: "@" marks a secret channel.
    client.push(Message(n.RPL_NAMREPLY, (me, "@", room, names), source=server))
    client.push(Message(n.RPL_ENDOFNAMES, (me, room, "End of /NAMES list"), source=server))
    lines = [
        f"Scene card: rating {event.scene.rating.label}; tags: {', '.join(event.tags) or 'none'}"
    ]
    if event.note:
        lines.append(f"Note: {event.note}")
    lines.extend(_limits(m) for m in event.members)
    lines.append("SAFEWORD ends it for everyone at once; PAUSE stops it for a check-in.")
    if event.paused:
        lines.append(f"PAUSE (yellow): {PAUSED_MESSAGE}")
    _push(client, "\n".join(lines), target=room)


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
