"""Handlers of the intents about moving in the world (``PlaceService`` keeps exits, locks and
the room rules every gateway shares).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.places import PlaceService
from boudoir.core.registry import Connection
from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents.world import (
    Arrive,
    Go,
    GoHome,
    Jump,
    ListExits,
    Look,
    RevealTopic,
    SetHome,
    StandIn,
    WorldIntents,
)
from boudoir.domain.places import RoomView
from boudoir.domain.replies.world import (
    Arrived,
    Exits,
    HomeSet,
    Looked,
    LookedAround,
    NoExit,
    TopicRevealed,
    WorldReplies,
)


async def run(context: Context, intent: WorldIntents) -> WorldReplies:
    world, conn = context.world, context.conn
    places = world.places
    shown = context.people_shown
    match intent:
        case Arrive():
            await places.arrive(conn)
            return Arrived(await _here(places, conn, shown))
        case Look(None, False):
            await places.location(conn)
            return LookedAround(await _here(places, conn, shown))
        case Look(target, reveal):
            view = await places.look(conn, target, reveal=reveal, people_shown=shown)
            return Looked(view, target or "")
        case RevealTopic(room):
            live = places.here(conn) if room is None else world.rooms.live(conn, room)
            if live is None:
                live = world.rooms.live(conn, (await places.location(conn)).name)
            topic = world.authored.topic(conn, live, reveal=True)
            return TopicRevealed(live.room.name, topic.text)
        case StandIn(room):
            places.stand_in(conn, room)
            return LookedAround(await _here(places, conn, shown))
        case Go(exit):
            try:
                await places.go(conn, exit)
            except BoudoirError as error:
                if error.code == "no_such_exit":
                    return NoExit(exit)
                raise
            return Arrived(await _here(places, conn, shown))
        case GoHome():
            await places.home(conn)
            return Arrived(await _here(places, conn, shown))
        case SetHome(room):
            return HomeSet((await places.set_home(conn, room)).name)
        case Jump(room):
            await places.jump(conn, room)
            return Arrived(await _here(places, conn, shown))
        case ListExits():
            return Exits((await _here(places, conn, 0)).exits)
        case _:
            assert_never(intent)


async def _here(places: PlaceService, conn: Connection, shown: int | None) -> RoomView:
    view = await places.look(conn, people_shown=shown)
    assert isinstance(view, RoomView)  # no target: the room one stands in
    return view
