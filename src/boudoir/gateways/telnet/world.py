"""Moving and building on telnet: what this gateway does besides the words of the core's
replies (``wire.telnet.replies``).

It keeps the client's location in step (a move, or being put out of a room by a kick, a ban or
a room closing), sends GMCP Room.Info for mappers when the room or its exits change, walks a
line that names no command through the exit of that name, and points a non-builder at the
operator command that grants building. Every rule is the core's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, Final

from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import CharacterRenamed, Event, MemberLeft
from boudoir.domain.ids import RoomId
from boudoir.domain.intents.rooms import ListMembers
from boudoir.domain.intents.world import Arrive, Go
from boudoir.domain.places import NotBuilder, RoomView
from boudoir.domain.replies import Reply
from boudoir.domain.replies.building import ExitsChanged
from boudoir.domain.replies.world import Arrived, LookedAround, NoExit
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import (
    Work,
    answer,
    documented,
    on_reply,
    perform,
    report_error,
    run_intent,
)
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.world import PEOPLE
from boudoir.wire.telnet.gmcp_events import room_info
from boudoir.wire.telnet.text import Style

NOT_BUILDER: Final = "Only builders may do that. Ask an operator: boudoir account builder {name}"
"""What a non-builder reads: the core's refusal, and the operator command that lifts it."""


async def arrive(client: TelnetClient) -> None:
    """Put a character that just logged in into its home room and show it."""
    try:
        await run_intent(client, Arrive())
    except BoudoirError as error:
        report_error(client, error)


@documented(PEOPLE)
def people(client: TelnetClient, line: Line) -> Work | None:
    """Everyone in the room one stands in, as the core lets this viewer see them."""
    try:
        return run_intent(client, ListMembers(here(client)))
    except BoudoirError as error:
        report_error(client, error)
        return None


async def try_exit(client: TelnetClient, text: str) -> bool:
    """Walk through the exit named ``text`` if the room has one; False if it has none."""
    if client.conn is None:
        return False
    try:
        reply = await perform(client, Go(text))
    except BoudoirError as error:
        report_error(client, error)
        return True
    if isinstance(reply, NoExit):
        return False
    if reply is not None:
        await answer(client, reply)
    return True


async def as_builder(client: TelnetClient, work: Coroutine[Any, Any, None]) -> None:
    """Run a building command; a non-builder is told how to become one."""
    try:
        await work
    except NotBuilder:
        conn = client.conn
        assert conn is not None
        client.tell(NOT_BUILDER.format(name=conn.account.name), Style.ERROR)
    finally:
        # The core sends someone put out of their room home before building there; follow.
        live = client.server.world.places.here(client.conn) if client.conn else None
        room_id = None if live is None else live.room.id
        if client.conn is not None and room_id != client.location:
            client.set_location(room_id)


@on_reply(Arrived, before=True)
def _moved(client: TelnetClient, reply: Reply) -> None:
    assert isinstance(reply, Arrived)
    client.set_location(reply.view.room.id)


@on_reply(Arrived, LookedAround)
def _show_map(client: TelnetClient, reply: Reply) -> None:
    assert isinstance(reply, Arrived | LookedAround)
    _send_room_info(client, reply.view)


@on_reply(ExitsChanged)
async def _refresh_map(client: TelnetClient, reply: Reply) -> None:
    """The exits here changed: a mapper (GMCP Room.Info) learns the new ones."""
    conn = client.conn
    if conn is None or not client.machine.gmcp_enabled:
        return
    view = await client.server.world.places.look(conn, people_shown=0)
    assert isinstance(view, RoomView)
    _send_room_info(client, view)


def _send_room_info(client: TelnetClient, view: RoomView) -> None:
    if client.machine.gmcp_enabled:
        exits = {e.name: e.destination for e in view.exits if e.destination is not None}
        package, payload = room_info(view.room.name, view.room.name, exits, view.room.rating)
        client.machine.send_gmcp(package, payload)


@on_event(CharacterRenamed)
def _renamed(client: TelnetClient, event: Event) -> None:
    """GMCP clients show who they act as (Char.Status): their own name's new case."""
    conn = client.conn
    if isinstance(event, CharacterRenamed) and conn and event.character.id == conn.character.id:
        client.send_char_status()


@on_event(MemberLeft)
def _put_out(client: TelnetClient, event: Event) -> None:
    """Put out of the room it stood in (a kick, a ban, the room closed): it stands nowhere
    until it moves; ``location`` then sends it home."""
    conn = client.conn
    if (
        type(event) is MemberLeft
        and conn is not None
        and event.character.id == conn.character.id
        and event.room.id == client.location
    ):
        # Walking also leaves the old room; the core notes the new place just after, so look
        # once this turn's work is done.
        asyncio.get_running_loop().call_soon(_check_still_placed, client, event.room.id)


def _check_still_placed(client: TelnetClient, room_id: RoomId) -> None:
    conn = client.conn
    if conn is None or client.location != room_id:
        return
    if client.server.world.places.here(conn) is None:
        client.set_location(None)
        client.tell('You are no longer in that room. Type "home" or "look".', Style.NOTICE)
        client.schedule_flush()
