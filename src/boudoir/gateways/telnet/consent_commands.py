"""Consent and safety on telnet: meeting requests and haven. (``banish`` is a room intent,
``wire/telnet/commands/rooms.py``; blocks are relation intents; scenes are in
``scene_commands``, logging consent and ``@sweep`` in ``log_commands``, reports and the
attributable ``@emit`` in ``emit_commands``.)

Every rule is the core's: a meeting is asked and answered (``world.meetings``), haven is one's
message policy (``world.accounts``). This module parses the MUCK syntax, moves telnet users
where the core let them go, and words the answers. Refusals to reach someone are the core's
neutral refusal, never a hint of a block.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.commands import Context, run
from boudoir.core.registry import Connection, Registry
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.events import (
    MemberJoined,
)
from boudoir.domain.intents import ChangeSettings
from boudoir.domain.names import name_key
from boudoir.domain.scenes import is_scene_name
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, Work, command, usage
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line, parse_line
from boudoir.wire.telnet.text import Style

HAVEN_POLICY: Final = DirectMessagePolicy.NOBODY
"""What ``haven`` sets: nobody's pages, meeting requests or invitations reach the user."""
RESTORED_POLICY: Final = DirectMessagePolicy.SHARED_ROOM
"""The account default, restored when ``haven`` cannot remember what it replaced (it was
turned on in an earlier connection)."""
POLICY_WORDS: Final = {
    DirectMessagePolicy.ANYONE: "anyone may page you",
    DirectMessagePolicy.SHARED_ROOM: "people who share a room with you may page you",
    DirectMessagePolicy.FRIENDS: "only friends may page you",
    DirectMessagePolicy.NOBODY: "nobody may page you",
}


def _conn(client: TelnetClient) -> Connection:
    conn = client.conn
    assert conn is not None
    return conn


def _name(client: TelnetClient, line: Line, name: str) -> str | None:
    """The one name a command takes, or None (usage shown) when it has none."""
    wanted = line.args.strip()
    if not wanted or " " in wanted:
        usage(client, name)
        return None
    return wanted


# --- moving people who agreed to meet ------------------------------------------------------------


def show_room(client: TelnetClient) -> Work | None:
    """Show where the client now stands: the ``look`` command when the gateway has one."""
    look = COMMANDS.get("look")
    if look is None:
        live = client.server.world.registry.rooms.get(client.location) if client.location else None
        if live is not None:
            client.tell(live.room.name, Style.NOTICE)
        return None
    return look.handler(client, parse_line("look"))


def standing_in(registry: Registry, conn: Connection) -> str | None:
    """The room a character stands in, on any gateway: a telnet user's location; otherwise the
    first (by name) of the rooms they are in that is not a scene (a browser or IRC user has
    no one room they stand in)."""
    session = conn.session
    if isinstance(session, TelnetClient) and session.location in conn.rooms:
        live = registry.rooms.get(session.location) if session.location else None
        if live is not None:
            return live.room.name
    names = [
        live.room.name
        for live in (registry.rooms.get(room_id) for room_id in conn.rooms)
        if live is not None and not is_scene_name(live.room.name)
    ]
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
    live = world.registry.rooms.get(room.id)
    if live is not None:
        # Browser and IRC gateways show their own joins when told of them (a JOIN line, a tab).
        session.deliver(MemberJoined(world.clock(), live.ref, conn.ref))


@command(
    "mjoin",
    usage="mjoin <name>",
    help="Say yes to someone's meeting request by going to where they are.",
    topic="consent",
)
def mjoin(client: TelnetClient, line: Line) -> Work | None:
    name = _name(client, line, "mjoin")
    if name is None:
        return None
    return _meet(client, name, summon=False)


@command(
    "msummon",
    usage="msummon <name>",
    help="Say yes to someone's meeting request by bringing them to where you are.",
    topic="consent",
)
def msummon(client: TelnetClient, line: Line) -> Work | None:
    name = _name(client, line, "msummon")
    if name is None:
        return None
    return _meet(client, name, summon=True)


async def _meet(client: TelnetClient, name: str, *, summon: bool) -> None:
    conn = _conn(client)
    asker = client.server.world.meetings.take(conn, name, summon=summon)
    if summon:
        room = here(client)
        await move(client, asker, room, f"goes to meet {conn.character.name}", summoned_by=conn)
        client.tell(f"{asker.character.name} comes to meet you.")
        return
    room_name = standing_in(client.server.world.registry, asker)
    if room_name is None:
        client.tell(f"{asker.character.name} is not in a room you could go to.", Style.ERROR)
        return
    await move(client, conn, room_name, f"goes to meet {asker.character.name}")


# --- haven --------------------------------------------------------------------------------------


@command(
    "haven",
    usage="haven   or   haven on|off|status",
    help="""Refuse all pages, meeting requests and invitations (your message policy becomes \
"nobody"), or turn that off again; alone it switches. Senders are refused as by any "not \
accepting", never told you are in haven. Lasts until you turn it off, across logins.""",
    topic="consent",
)
def haven(client: TelnetClient, line: Line) -> Work | None:
    wanted = line.args.strip().lower()
    if wanted not in ("", "on", "off", "status"):
        usage(client, "haven")
        return None
    return _haven(client, wanted)


async def _haven(client: TelnetClient, wanted: str) -> None:
    conn = _conn(client)
    current = conn.account.dm_policy
    on = current is HAVEN_POLICY
    if wanted == "status" or (wanted == "on" and on) or (wanted == "off" and not on):
        state = "ON: nobody may page you" if on else f"off: {POLICY_WORDS[current]}"
        client.tell(f"Haven is {state}.")
        return
    context = Context.of(client.server.world, conn)
    if not on:
        client.haven_restore = current
        await run(context, ChangeSettings(dm_policy=HAVEN_POLICY))
        client.tell(
            "Haven is ON: nobody may page you, ask to meet you or invite you. Type haven "
            "again to turn it off.",
            Style.NOTICE,
        )
        return
    restore = client.haven_restore
    client.haven_restore = None
    policy = restore if restore is not None else RESTORED_POLICY
    await run(context, ChangeSettings(dm_policy=policy))
    note = "" if restore is not None else " (the default; your earlier setting was not kept)"
    client.tell(f"Haven is off: {POLICY_WORDS[policy]}{note}.")


__all__ = ["move", "show_room", "standing_in"]
