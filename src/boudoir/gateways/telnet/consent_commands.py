"""Consent and safety on telnet: meeting requests, blocks, haven, ``@sweep`` and logging
consent. (``banish`` is a room intent: ``wire/telnet/commands/rooms.py``.)

Every rule is the core's: a meeting is asked and answered (``world.meetings``), a block is the
core's by account (``world.relations``), a log runs only while everyone present said yes
(``world.logs``), a report's evidence is checked against the server's seals
(``world.moderation``). This module parses the MUCK syntax, moves
telnet users where the core let them go, and words the answers. Refusals to reach someone are
the core's neutral refusal, never a hint of a block. Scenes are in ``scene_commands``;
reports and the attributable ``@emit`` in ``emit_commands``.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.registry import Connection, Registry
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.events import (
    LogStateChanged,
    MemberJoined,
    MessageKind,
)
from boudoir.domain.names import name_key
from boudoir.domain.scenes import is_scene_name
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, Work, command, usage
from boudoir.gateways.telnet.render import columns, render_event
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line, parse_line
from boudoir.wire.telnet.text import Style, clean

LOG_LINES_SHOWN: Final = 200
"""Lines ``log read`` prints: a long log is read in the browser or downloaded, not scrolled
through a MU* client's buffer."""
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
    "meetme",
    usage="meetme <name>   or   meetme (your open requests)",
    help="""Ask someone to meet you. They choose: "mjoin" comes to you, "msummon" brings you \
to them, "mdecline" says no. Nobody is ever moved without saying yes. Someone not accepting \
requests from you is refused, and you are not told why. Alone, lists who asks to meet you.""",
    topic="consent",
)
def meetme(client: TelnetClient, line: Line) -> None:
    conn = _conn(client)
    meetings = client.server.world.meetings
    if not line.args.strip():
        pending = meetings.pending(conn)
        if not pending:
            client.tell("Nobody is asking to meet you.")
            return
        names = ", ".join(r.requester.name for r in pending)
        client.tell(f"Asking to meet you: {names}. Type mjoin, msummon or mdecline <name>.")
        return
    name = _name(client, line, "meetme")
    if name is None:
        return
    meetings.request(conn, name)
    client.tell(f"You asked {clean(name)} to meet you. They may come, call you, or decline.")


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


@command(
    "mdecline",
    usage="mdecline <name>   or   mdecline/block <name>",
    help="""Say no to someone's meeting request; they read that you declined. With /block you \
also block them; they are told exactly the same.""",
    topic="consent",
    switches=("block",),
)
def mdecline(client: TelnetClient, line: Line) -> Work | None:
    name = _name(client, line, "mdecline")
    if name is None:
        return None
    return _decline_meeting(client, name, block=line.switch == "block")


async def _decline_meeting(client: TelnetClient, name: str, *, block: bool) -> None:
    await client.server.world.meetings.decline(_conn(client), name, block=block)
    also = " and blocked them" if block else ""
    client.tell(f"You declined to meet {clean(name)}{also}.")


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
    accounts = client.server.world.accounts
    if not on:
        client.haven_restore = current
        await accounts.update_settings(conn.account.id, dm_policy=HAVEN_POLICY)
        client.tell(
            "Haven is ON: nobody may page you, ask to meet you or invite you. Type haven "
            "again to turn it off.",
            Style.NOTICE,
        )
        return
    restore = client.haven_restore
    client.haven_restore = None
    policy = restore if restore is not None else RESTORED_POLICY
    await accounts.update_settings(conn.account.id, dm_policy=policy)
    note = "" if restore is not None else " (the default; your earlier setting was not kept)"
    client.tell(f"Haven is off: {POLICY_WORDS[policy]}{note}.")


# --- @sweep -------------------------------------------------------------------------------------


GATEWAY_WORDS: Final = {"web": "browser", "irc": "IRC", "telnet": "telnet"}


@command(
    "@sweep",
    usage="@sweep",
    help="""Who can hear you here: everyone in this room on every gateway (browser, IRC, \
telnet) that you may see, and whether a log is listening.""",
    aliases=("sweep",),
    topic="consent",
)
def sweep(client: TelnetClient, line: Line) -> None:
    conn = _conn(client)
    world = client.server.world
    room = here(client)
    live = world.registry.rooms[client.location] if client.location else None
    assert live is not None
    rows: list[list[str]] = []
    for member in world.rooms.members(conn, room, live):
        conns = live.members.get(member.character.id, set())
        via = sorted({GATEWAY_WORDS.get(c.session.gateway, c.session.gateway) for c in conns})
        you = " (you)" if member.character.id == conn.character.id else ""
        if client.screen_reader:
            rows.append([f"{member.character.name}{you}, on {' and '.join(via)}"])
        else:
            rows.append([member.character.name + you, ", ".join(via)])
    lines = [f"Listening in {room}:"]
    lines.append(columns(rows, client.width, client.screen_reader))
    state = world.logs.state(conn, live)
    lines.append(_log_line(state))
    client.tell("\n".join(lines))


def _log_line(state: LogStateChanged | None) -> str:
    if state is None:
        return "No log is listening: logging is off."
    if state.on:
        agreed = ", ".join(state.agreed)
        return f"A LOG IS LISTENING: logging is ON (agreed: {agreed or 'everyone present'})."
    missing = ", ".join(state.missing) or f"{state.waiting} more"
    return f"No log is listening yet: logging is proposed, waiting for {missing}."


# --- logging consent -------------------------------------------------------------------------


@command(
    "log",
    usage="log on | log off | log status | log list | log read <id>",
    help="""Logging by consent: a room is logged only while everyone present said yes. \
"log on" proposes it or says your yes; "log off" stops it at once for everyone (or drops the \
proposal); "log status" shows who agreed; "log list" lists the logs you may read and "log \
read <id>" shows one.""",
    topic="consent",
)
def log(client: TelnetClient, line: Line) -> Work | None:
    words = line.args.split()
    verb = words[0].lower() if words else "status"
    logs = client.server.world.logs
    conn = _conn(client)
    if verb in ("on", "yes", "propose", "agree"):
        logs.propose(conn, here(client))  # everyone present, this user too, is told
        return None
    if verb in ("off", "no", "withdraw"):
        logs.withdraw(conn, here(client))
        return None
    if verb == "status":
        here(client)
        live = client.server.world.registry.rooms[client.location] if client.location else None
        assert live is not None
        state = logs.state(conn, live)
        if state is None:
            client.tell(_log_line(None))
        else:
            text = render_event(state, client.view)
            client.tell(text if text is not None else _log_line(state))
        return None
    if verb == "list":
        return _log_list(client)
    if verb == "read" and len(words) == 2:
        return _log_read(client, words[1])
    usage(client, "log")
    return None


async def _log_list(client: TelnetClient) -> None:
    segments = await client.server.world.logs.segments(_conn(client).account.id)
    if not segments:
        client.tell("There are no logs you may read.")
        return
    rows = [
        [
            s.id,
            s.room_name,
            s.started_at.strftime("%Y-%m-%d %H:%M"),
            "still open" if s.ended_at is None else "to " + s.ended_at.strftime("%H:%M"),
        ]
        for s in segments
    ]
    client.tell(columns(rows, client.width, client.screen_reader))


async def _log_read(client: TelnetClient, segment_id: str) -> None:
    logs = client.server.world.logs
    account = _conn(client).account.id
    segment = await logs.segment(account, segment_id)
    lines = await logs.lines(account, segment.id)
    shown = lines[-LOG_LINES_SHOWN:]
    out = [f"Log {segment.id} of {segment.room_name}:"]
    if len(lines) > len(shown):
        out.append(f"(the last {len(shown)} of {len(lines)} lines; the browser shows them all)")
    for entry in shown:
        when = entry.at.strftime("%H:%M")
        text = clean(entry.text)
        if entry.kind == MessageKind.POSE.value:
            out.append(f"[{when}] {entry.sender_name} {text}")
        elif entry.kind == MessageKind.EMIT.value:
            out.append(f"[{when}] {text} [emit by {entry.sender_name}]")
        else:
            out.append(f'[{when}] {entry.sender_name}: "{text}"')
    client.tell("\n".join(out))


__all__ = ["move", "show_room", "standing_in"]
