"""Moving in the world: arriving at login, exits, ``look``, ``go``, ``home``, ``jump`` and
``@home``.

The world's rules are the core's (``world.places``: exits, locks, and the room rules every
gateway shares); this module parses the MUCK commands, shows rooms the way MUCK players know
(name, description, obvious exits, who is here), keeps the client's location in step, and
sends GMCP Room.Info for mappers.
"""

from __future__ import annotations

import asyncio

from boudoir.core.places import ExitView, RoomView, ThingView
from boudoir.domain.entities import Room, Status
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import Event, MemberLeft
from boudoir.domain.ids import RoomId
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import (
    Line,
    Work,
    command,
    report_error,
    usage,
)
from boudoir.gateways.telnet.render import HIDDEN_TEXT, HIDDEN_TOPIC
from boudoir.wire.telnet.gmcp_events import room_info
from boudoir.wire.telnet.painter import safe
from boudoir.wire.telnet.text import Style


async def arrive(client: TelnetClient) -> None:
    """Put a character that just logged in into its home room and show it."""
    conn = client.conn
    if conn is None:
        return
    try:
        room = await client.server.world.places.arrive(conn)
    except BoudoirError as error:
        report_error(client, error)
        return
    await moved(client, room)


async def moved(client: TelnetClient, room: Room) -> None:
    """The character now stands in ``room``: keep the location, show the room."""
    client.set_location(room.id)
    await show_room(client)


async def show_room(client: TelnetClient) -> None:
    conn = client.conn
    if conn is None:
        return
    view = await client.server.world.places.look(conn)
    assert isinstance(view, RoomView)
    client.tell(describe_room(view, screen_reader=client.screen_reader), None)
    if client.machine.gmcp_enabled:
        exits = {e.name: e.destination for e in view.exits if e.destination is not None}
        package, payload = room_info(view.room.name, view.room.name, exits, view.room.rating)
        client.machine.send_gmcp(package, payload)


def describe_room(view: RoomView, *, screen_reader: bool) -> str:
    """A room as MUCK players read it: name and rating, description, exits, things, people.
    What someone the viewer blocks wrote is shown as hidden, with the command that reads it."""
    room = view.room
    lines = [f"{room.name} ({room.rating.label})"]
    if view.description_hidden:
        lines.append(f'{HIDDEN_TEXT} ("reveal" shows it)')
    elif room.description:
        lines.append(safe(room.description))
    if view.topic_hidden:
        lines.append(f'Topic: {HIDDEN_TOPIC} ("reveal topic" shows it)')
    elif room.topic:
        lines.append(f"Topic: {safe(room.topic)}")
    exits = [e.name for e in view.exits]
    if exits:
        lines.append("Obvious exits: " + ", ".join(exits) + ".")
    elif not screen_reader:
        lines.append('No obvious exits. ("jump <room>" reaches public rooms.)')
    things = [safe(t.name) for t in view.things]
    if view.hidden_things:
        some = "1 thing" if view.hidden_things == 1 else f"{view.hidden_things} things"
        things.append(f'[hidden: {some} left by someone you block] ("reveal" shows them)')
    if things:
        lines.append("You see: " + ", ".join(things) + ".")
    people = []
    for member in view.people:
        name = member.character.name
        if member.status is not Status.ONLINE:
            name += f" ({member.status.value})"
        people.append(name)
    if people:
        lines.append("Here: " + ", ".join(people) + ".")
    else:
        lines.append("Nobody else is here.")
    return "\n".join(lines)


async def try_exit(client: TelnetClient, text: str) -> bool:
    """Walk through the exit named ``text`` if the room has one; False if it has none."""
    conn = client.conn
    if conn is None:
        return False
    places = client.server.world.places
    try:
        room = await places.go(conn, text)
    except BoudoirError as error:
        if error.code == "no_such_exit":
            return False
        report_error(client, error)
        return True
    await moved(client, room)
    return True


@command(
    "look",
    usage="look [<person> | <exit> | <thing>]   look/reveal [<exit> | <thing>]",
    help="""Look at the room you are in, or at someone or something here. What someone you \
block wrote is shown as hidden by your block; look/reveal reads it (see "reveal").""",
    aliases=("l",),
    topic="world",
    switches=("reveal",),
)
def look(client: TelnetClient, line: Line) -> Work | None:
    return _look(client, line.args.strip() or None, reveal=line.switch == "reveal")


async def _look(client: TelnetClient, target: str | None, *, reveal: bool = False) -> None:
    conn = client.conn
    assert conn is not None
    if target is None and not reveal:
        await client.server.world.places.location(conn)
        await show_room(client)
        return
    view = await client.server.world.places.look(conn, target, reveal=reveal)
    hidden = f'{HIDDEN_TEXT} ("reveal {safe(target or "")}" shows it)'
    if isinstance(view, RoomView):
        client.tell(describe_room(view, screen_reader=client.screen_reader))
    elif isinstance(view, ExitView):
        where = view.destination or "nowhere (unlinked)"
        text = f"{safe(view.exit.name)}: leads to {where}."
        if view.description_hidden:
            text += "\n" + hidden
        elif view.exit.description:
            text += "\n" + safe(view.exit.description)
        client.tell(text)
    elif isinstance(view, ThingView):
        description = hidden if view.description_hidden else safe(view.thing.description)
        client.tell(f"{safe(view.thing.name)}\n{description or 'Nothing special.'}")
    else:
        header = view.name + (f" ({safe(view.pronouns)})" if view.pronouns else "")
        client.tell(header + "\n" + (safe(view.description) or "You see nothing special."))


@command(
    "reveal",
    usage="reveal [topic [<room>] | <exit> | <thing>]",
    help="""Read what someone you block wrote here, which look shows as hidden by your block: \
"reveal" shows the room with its description, topic and things; "reveal topic" the topic of \
this room (or of a channel: "reveal topic <room>"); "reveal <exit>" or "reveal <thing>" its \
description. The same as "look/reveal".""",
    topic="world",
)
def reveal(client: TelnetClient, line: Line) -> Work | None:
    words = line.args.split(None, 1)
    if words and words[0].lower() == "topic":
        return _reveal_topic(client, words[1].strip() if len(words) > 1 else None)
    return _look(client, line.args.strip() or None, reveal=True)


async def _reveal_topic(client: TelnetClient, room: str | None) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    live = world.places.here(conn) if room is None else world.rooms.live(conn, room)
    if live is None:
        live = world.rooms.live(conn, (await world.places.location(conn)).name)
    topic = world.authored.topic(conn, live, reveal=True)
    name = live.room.name
    client.tell(f"Topic of {name}: {safe(topic.text)}" if topic.text else f"{name} has no topic.")


@command(
    "go",
    usage="go <exit>   or just <exit>",
    help='Walk through an exit of this room: "go north", or simply "north" or "n".',
    aliases=("goto", "move"),
    topic="world",
)
def go(client: TelnetClient, line: Line) -> Work | None:
    if not line.args.strip():
        usage(client, "go")
        return None
    return _go(client, line.args.strip())


async def _go(client: TelnetClient, exit_name: str) -> None:
    if not await try_exit(client, exit_name):
        client.tell(f'There is no exit "{safe(exit_name)}" here.', Style.ERROR)


@command(
    "home",
    usage="home",
    help="Go to your home room (set it with @home), or to the server's default room.",
    topic="world",
)
def home(client: TelnetClient, line: Line) -> Work | None:
    return _home(client)


async def _home(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    await moved(client, await client.server.world.places.home(conn))


@command(
    "@home",
    usage="@home [<room>]",
    help="Make this room (or the named public room, or one you own) your home.",
    aliases=("@sethome",),
    topic="world",
)
def set_home(client: TelnetClient, line: Line) -> Work | None:
    return _set_home(client, line.args.strip() or None)


async def _set_home(client: TelnetClient, room_name: str | None) -> None:
    conn = client.conn
    assert conn is not None
    room = await client.server.world.places.set_home(conn, room_name)
    client.tell(f"Your home is now {room.name}.")


@command(
    "jump",
    usage="jump <room>",
    help="""Go straight to a public room, such as the rooms browser and IRC users make (they \
have no exits), or to a private room you were invited to (once per invitation) or manage. \
Scenes are never reachable this way.""",
    aliases=("@tel", "+jump"),
    topic="world",
)
def jump(client: TelnetClient, line: Line) -> Work | None:
    name = line.args.strip().removeprefix("#")
    if not name:
        usage(client, "jump")
        return None
    return _jump(client, name)


async def _jump(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    await moved(client, await client.server.world.places.jump(conn, name))


@command(
    "exits",
    usage="exits",
    help="List this room's exits and where they lead.",
    topic="world",
)
def exits(client: TelnetClient, line: Line) -> Work | None:
    return _exits(client)


async def _exits(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    view = await client.server.world.places.look(conn)
    assert isinstance(view, RoomView)
    if not view.exits:
        client.tell("This room has no exits.")
        return
    lines = []
    for listing in view.exits:
        where = listing.destination or "nowhere (unlinked)"
        aliases = f" ({', '.join(listing.aliases)})" if listing.aliases else ""
        lines.append(f"{safe(listing.name)}{safe(aliases)} leads to {where}.")
    client.tell("\n".join(lines))


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
