"""What each ``boudoir.v1`` command does: one call into the core, and the ``ok`` fields.

Echoes are this module's job: the core does not send a connection its own room message,
whisper, direct message, arrival or departure (each gateway shows them as its protocol
wants), and the browser shows them as the events everyone else gets, before the ``ok``.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from boudoir.core import commands
from boudoir.core.registry import Connection
from boudoir.core.rooms import refused
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.events import MemberJoined, MemberLeft
from boudoir.domain.intents import (
    Intent,
    Join,
    LogIntent,
    ModerationIntent,
    Part,
    PresenceIntent,
    RoomIntent,
    SceneIntent,
)
from boudoir.domain.replies import CharacterSwitched, Joined, Parted
from boudoir.gateways.web.scene_commands import run_scene_intent
from boudoir.wire.webjson import (
    TYPING_TAG,
    Accept,
    Command,
    Decline,
    Describe,
    Direct,
    ListRequests,
    Ping,
    Say,
    SetStatus,
    SwitchCharacter,
    Typing,
    Whisper,
    timestamp,
)
from boudoir.wire.webjson.replies import fields

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import WebSession

Fields = Mapping[str, object]

NO_REPLY: Final[Fields] = {"": None}
"""Returned for a command that gets no ``ok`` even with a ``ref`` (typing)."""
SWITCHED: Final = "switched character"


def run_now(world: World, session: WebSession, conn: Connection, command: Command) -> Fields | None:
    """Carry out ``command`` at once if it needs nothing from the store (speech, typing, most
    direct messages): the fields of its ``ok``; None when it must go through ``run``. Domain
    errors raise. This is the hot path: the gateway calls it as a message arrives."""
    match command:
        case Say() if not _logged(world, conn, command.room):
            said = world.messages.say(conn, command.room, command.text, command.kind)
            session.deliver(said)
            return {"id": said.id}
        case Ping():
            return {}
        case Typing():
            return _typing(world, conn, command)
        case Whisper():
            whispered = world.messages.whisper(conn, command.room, command.to, command.text)
            session.deliver(whispered)
            return {"id": whispered.id}
        case Direct():
            sent = world.messages.direct_now(conn, command.to, command.text, command.kind)
            if sent is None:
                return None
            session.deliver(sent)
            return {"id": sent.id}
        case _:
            return None


async def run_intent(world: World, conn: Connection, intent: Intent) -> Fields:
    """Run an intent through the core: the fields of its ``ok`` (the reply's JSON shape)."""
    reply = await commands.run(commands.Context.of(world, conn), intent)
    return (None if reply is None else fields(reply)) or {}


def _logged(world: World, conn: Connection, room: str) -> bool:
    """Whether ``room`` is being logged: speech there is answered only once it is stored."""
    return world.logs.is_on(world.rooms.live(conn, room).room.id)


def _typing(world: World, conn: Connection, command: Typing) -> Fields:
    if command.room is not None:
        target = "#" + command.room.removeprefix("#")
    elif command.to is not None and not command.to.startswith("#"):
        target = command.to
    else:
        raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
    world.messages.signal(conn, target, ((TYPING_TAG, command.state),))
    return NO_REPLY


async def run(world: World, session: WebSession, conn: Connection, command: Command) -> Fields:
    """Carry out ``command`` for ``conn``; the fields of its ``ok``. Domain errors raise."""
    done = run_now(world, session, conn, command)
    if done is not None:
        return done
    match command:
        case Say():
            # A logged room: the ``ok`` waits until the line is stored (the room saw it live).
            said = world.messages.say(conn, command.room, command.text, command.kind)
            session.deliver(said)
            written = world.logs.written(said)
            if written is not None:
                await written
            return {"id": said.id}
        case Direct():
            sent = await world.messages.direct(conn, command.to, command.text, command.kind)
            session.deliver(sent)
            return {"id": sent.id}
        case Join() | Part():
            # The browser shows its own arrival and departure as everyone else sees them.
            reply = await commands.run(commands.Context.of(world, conn), command)
            if isinstance(reply, Joined):
                session.deliver(MemberJoined(world.clock(), reply.room.ref, conn.ref))
            elif isinstance(reply, Parted):
                session.deliver(MemberLeft(world.clock(), reply.room, conn.ref, reply.reason))
            return (None if reply is None else fields(reply)) or {}
        case RoomIntent():
            return await run_intent(world, conn, command)
        case _:
            return await _other(world, session, conn, command)


async def _other(world: World, session: WebSession, conn: Connection, command: Command) -> Fields:
    match command:
        case ListRequests():
            return {
                "requests": [
                    {
                        "id": str(request.first.id),
                        "from": request.sender.name,
                        "at": timestamp(request.first.at),
                        "kind": request.first.kind.value,
                        "text": request.first.text,
                        "waiting": len(request.waiting),
                        "letters": len(request.letters),
                        "letter": None
                        if request.first.letter_subject is None
                        else {"subject": request.first.letter_subject},
                    }
                    for request in world.messages.requests(conn)
                ]
            }
        case Accept():
            await world.messages.accept(conn, command.sender)
        case Decline():
            request = world.messages.decline(conn, command.sender)
            if command.block:
                await world.relations.block(conn, request.sender.name)
        case SetStatus():
            world.presence.set_status(conn, command.status, command.message)
        case PresenceIntent():
            return await run_intent(world, conn, command)
        case Describe():
            return await run_intent(world, conn, command)
        case SwitchCharacter():
            switched = await commands.run(commands.Context.of(world, conn), command)
            assert isinstance(switched, CharacterSwitched)
            if switched.before is not None:
                now = world.clock()
                for left in switched.left:
                    session.deliver(MemberLeft(now, left, switched.before, SWITCHED))
            return fields(switched) or {}
        case ModerationIntent():
            return await run_intent(world, conn, command)
        case LogIntent():
            return await run_intent(world, conn, command)
        case SceneIntent():
            return await run_scene_intent(world, session, conn, command)
    return {}
