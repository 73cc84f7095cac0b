"""The world commands of ``boudoir.v1`` (``wire.webjson.world_commands``): stand in the room
the browser shows, then give the core the same intent telnet gives (``go``, ``@describe``,
``@dig``, ``@open``, ``@link``). Every rule is the core's.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from boudoir.core import commands
from boudoir.core.commands import Context
from boudoir.core.commands.rooms import joined
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.intents.world import StandIn
from boudoir.domain.places import NoSuchExit
from boudoir.domain.replies.world import Arrived, NoExit
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.rooms import room_state
from boudoir.wire.webjson.world_commands import InRoom


async def look(world: World, conn: Connection, command: StandIn) -> dict[str, object]:
    """The room ``command.room`` as one standing there sees it, and whether one may build."""
    reply = await commands.run(Context.of(world, conn), command)
    assert reply is not None
    return {**(fields(reply) or {}), "builder": await world.places.is_builder(conn.account)}


async def in_room(world: World, conn: Connection, command: InRoom) -> dict[str, object]:
    """Carry out ``command.intent`` standing in ``command.room``; the ``ok``'s fields. A walk
    adds the room one arrived in as a ``join`` reply shows it (``joined``)."""
    context = Context.of(world, conn)
    await commands.run(context, StandIn(command.room))
    reply = await commands.run(context, command.intent)
    if isinstance(reply, NoExit):
        raise NoSuchExit()  # telnet tries the line as a command; a browser named an exit
    answer = {} if reply is None else dict(fields(reply) or {})
    if isinstance(reply, Arrived):
        live = world.rooms.live(conn, reply.view.room.name)
        await world.replay_ready(conn)
        answer["joined"] = room_state(joined(world, conn, live))
    return answer
