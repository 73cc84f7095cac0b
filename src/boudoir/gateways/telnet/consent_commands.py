"""Meeting answers (``mjoin``, ``msummon``) and ``haven`` on telnet
(``wire.telnet.commands.consent``). Every rule is the core's: a meeting is asked and answered
(``world.meetings``), haven is one's message policy. This module moves people where the core
let them go; refusals to reach someone are the core's neutral refusal, never a hint of a block.
"""

from __future__ import annotations

from boudoir.core.registry import Connection
from boudoir.core.rooms import RoomService
from boudoir.domain.events import Event, MemberJoined
from boudoir.domain.intents import ChangeSettings
from boudoir.domain.names import name_key
from boudoir.domain.scenes import is_scene_name
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import COMMANDS, Work, documented, perform, usage
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line, parse_line
from boudoir.wire.telnet.commands.consent import (
    HAVEN,
    HAVEN_POLICY,
    HAVEN_WORDS,
    MJOIN,
    MSUMMON,
    haven,
)
from boudoir.wire.telnet.commands.spec import Doc
from boudoir.wire.telnet.text import Style


def _conn(client: TelnetClient) -> Connection:
    conn = client.conn
    assert conn is not None
    return conn


def show_room(client: TelnetClient) -> Work | None:
    """Show where the client now stands (``look``)."""
    return COMMANDS["look"].handler(client, parse_line("look"))


def standing_in(rooms: RoomService, conn: Connection) -> str | None:
    """The room a character stands in, on any gateway: a telnet user's location; otherwise the
    first (by name) of the rooms they are in that is not a scene (a browser or IRC user has
    no one room they stand in)."""
    session = conn.session
    if isinstance(session, TelnetClient) and session.location in conn.rooms:
        live = rooms.live_by_id(session.location) if session.location else None
        if live is not None:
            return live.room.name
    names = [live.room.name for live in rooms.rooms_of(conn) if not is_scene_name(live.room.name)]
    return min(names, key=name_key) if names else None


async def move(
    client: TelnetClient,
    conn: Connection,
    room_name: str,
    reason: str,
    *,
    summoned_by: Connection | None = None,
) -> None:
    """Move ``conn`` to ``room_name`` through the core (the room's own rules hold); when
    ``summoned_by`` brings it there, a refusal is told to ``conn`` and ``summoned_by`` reads
    only that it cannot come (``PlaceService.summon``). A telnet user stands there and is
    shown it; a browser or IRC user joins it and is told so."""
    world = client.server.world
    if summoned_by is None:
        room = await world.places.go_to(conn, room_name, reason)
    else:
        room = await world.places.summon(conn, room_name, reason, host=summoned_by)
    session = conn.session
    if isinstance(session, TelnetClient):
        session.set_location(room.id)
        work = show_room(session)
        if work is not None:
            if session is client:
                await work
            else:
                session.queue_work(work)
        return
    live = world.rooms.live_by_id(room.id)
    if live is not None:
        # Browser and IRC gateways show their own joins when told of them (a JOIN line, a tab).
        session.deliver(MemberJoined(world.clock(), live.ref, conn.ref))


@on_event(MemberJoined)
def _brought_here(client: TelnetClient, event: Event) -> None:
    """Told of one's own arrival in a room the core says one stands in now: brought there by a
    ``msummon`` answered on another node (``PlaceService.placed``). Stand there and look, as
    ``move`` does for a summons answered on this node."""
    conn = client.conn
    if (
        type(event) is MemberJoined
        and conn is not None
        and event.character.id == conn.character.id
        and event.room.id != client.location
    ):
        live = client.server.world.places.here(conn)
        if live is not None and live.room.id == event.room.id:
            client.set_location(live.room.id)
            work = show_room(client)
            if work is not None:
                client.queue_work(work)


def _meeting(doc: Doc, *, summon: bool) -> None:
    @documented(doc)
    def handle(client: TelnetClient, line: Line) -> Work | None:
        wanted = line.args.strip()
        if not wanted or " " in wanted:
            usage(client, doc.name)
            return None
        return _meet(client, wanted, summon=summon)


_meeting(MJOIN, summon=False)
_meeting(MSUMMON, summon=True)


async def _meet(client: TelnetClient, name: str, *, summon: bool) -> None:
    conn = _conn(client)
    asker = client.server.world.meetings.take(conn, name, summon=summon)
    if summon:
        room = here(client)
        await move(client, asker, room, f"goes to meet {conn.character.name}", summoned_by=conn)
        client.tell(f"{asker.character.name} comes to meet you.")
        return
    room_name = standing_in(client.server.world.rooms, asker)
    if room_name is None:
        client.tell(f"{asker.character.name} is not in a room you could go to.", Style.ERROR)
        return
    await move(client, conn, room_name, f"goes to meet {asker.character.name}")


@documented(HAVEN)
def haven_command(client: TelnetClient, line: Line) -> Work | None:
    wanted = line.args.strip().lower()
    if wanted not in HAVEN_WORDS:
        usage(client, "haven")
        return None
    return _haven(client, wanted)


async def _haven(client: TelnetClient, wanted: str) -> None:
    conn = _conn(client)
    current = conn.account.dm_policy
    done = haven(wanted, current, client.haven_restore)
    if done.policy is not None:
        client.haven_restore = current if done.policy is HAVEN_POLICY else None
        await perform(client, ChangeSettings(dm_policy=done.policy))
    client.tell(done.text, Style.NOTICE if done.notice else None)
