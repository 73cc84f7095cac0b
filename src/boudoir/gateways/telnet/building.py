"""Building and things, the FuzzBall MUCK way: ``@dig``, ``@open``, ``@link``, ``@unlink``,
``@describe``, ``@name``, ``@lock``, ``@unlock``, ``@recycle``, ``examine``, and ``@create``,
``inventory``, ``get``, ``drop`` and ``hand`` (which waits for the receiver's yes).

Every rule is the core's (``world.building``, ``world.things``): who builds, who owns what,
which rooms an exit may lead to, who a lock lets through, and whether a hand may reach
someone (refused exactly as a page is). This module parses the MUCK syntax, says what was
done, keeps the client's location and its mapper (GMCP Room.Info) in step, and points a
non-builder at the operator command that grants building.

Imports ``boudoir.core`` (through the client's world), ``boudoir.domain``, ``boudoir.wire``
and the telnet gateway's own modules.
"""

from __future__ import annotations

import re
from typing import Final

from boudoir.core.building import Examination
from boudoir.core.places import RoomView
from boudoir.domain.events import CharacterRenamed, Event
from boudoir.domain.names import name_key
from boudoir.domain.places import NotBuilder
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import Line, Work, command, usage
from boudoir.gateways.telnet.profile import line_breaks
from boudoir.gateways.telnet.render import columns
from boudoir.wire.telnet.gmcp_events import room_info
from boudoir.wire.telnet.painter import safe
from boudoir.wire.telnet.text import Style, clean

NOT_BUILDER: Final = "Only builders may do that. Ask an operator: boudoir account builder {name}"
"""What a non-builder reads: the core's refusal, and the operator command that lifts it."""

HAND_TO: Final = re.compile(r"^(?P<thing>.+?)\s+to\s+(?P<person>\S+)$", re.IGNORECASE)
"""``hand brass lamp to Bob``: the thing, then the one word of a character's name."""


# --- Shared steps -----------------------------------------------------------------------------


async def _as_builder(client: TelnetClient, work: Work) -> None:
    """Run a building command; a non-builder is told how to become one."""
    try:
        await work
    except NotBuilder:
        conn = client.conn
        assert conn is not None
        client.tell(NOT_BUILDER.format(name=conn.account.name), Style.ERROR)
    finally:
        _keep_location(client)


def _keep_location(client: TelnetClient) -> None:
    """The core sends someone put out of their room home before building there; follow it."""
    conn = client.conn
    if conn is None:
        return
    live = client.server.world.places.here(conn)
    room_id = None if live is None else live.room.id
    if room_id != client.location:
        client.set_location(room_id)


async def _refresh_map(client: TelnetClient) -> None:
    """The exits here changed: a mapper (GMCP Room.Info) learns the new ones."""
    conn = client.conn
    if conn is None or not client.machine.gmcp_enabled:
        return
    view = await client.server.world.places.look(conn)
    assert isinstance(view, RoomView)
    exits = {e.name: e.destination for e in view.exits if e.destination is not None}
    package, payload = room_info(view.room.name, view.room.name, exits, view.room.rating)
    client.machine.send_gmcp(package, payload)


def _needs(
    client: TelnetClient, line: Line, name: str, *, equals: bool = False, right: bool = False
) -> bool:
    """True when the line has what ``name`` needs (arguments; with ``equals`` a target before
    ``=``; with ``right`` a value after it); otherwise shows its usage."""
    missing = not line.args.strip()
    if equals and (not line.has_equals or not line.left or (right and not line.right)):
        missing = True
    if missing:
        usage(client, name)
    return not missing


# --- Rooms and exits --------------------------------------------------------------------------


@command(
    "@dig",
    usage="@dig <room>[=<exit there>[,<exit back>]]",
    help="""Make a new public room that you own. With exits, also open the way there from \
this room and the way back: "@dig Garden=North;n,South;s" makes Garden, an exit North (typed \
"north" or "n") from here to it, and South from it back here. Names after semicolons are \
aliases. A room dug without exits is reached with "jump <room>" or "@link".""",
    topic="building",
)
def dig(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@dig"):
        return None
    name = line.left if line.has_equals else line.args.strip()
    there, _, back = line.right.partition(",")
    return _as_builder(client, _dig(client, name, there.strip(), back.strip()))


async def _dig(client: TelnetClient, name: str, there: str, back: str) -> None:
    conn = client.conn
    assert conn is not None
    building = client.server.world.building
    if there:
        # One call checks both exits and the room here before making anything.
        room = await building.dig(conn, name, exits=(there, back))
        way_back = f" and {safe(back.split(';')[0])} leading back" if back else ""
        client.tell(f"Dug {room.name}, with {safe(there.split(';')[0])} leading there{way_back}.")
        await _refresh_map(client)
        return
    room = await building.dig(conn, name)
    client.tell(
        f'Dug {room.name}. Reach it with "jump {room.name}", or open a way: '
        f'"@open <exit>={room.name}".'
    )


@command(
    "@open",
    usage="@open <exit>[=<room>]",
    help="""Open an exit from the room you manage to a public or unlisted room: "@open \
Door;d=Garden". Without a room the exit leads nowhere until "@link". Private rooms and scenes \
have no way in.""",
    topic="building",
)
def open_exit(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@open"):
        return None
    spec = line.left if line.has_equals else line.args.strip()
    return _as_builder(client, _open(client, spec, line.right or None))


async def _open(client: TelnetClient, spec: str, destination: str | None) -> None:
    conn = client.conn
    assert conn is not None
    exit = await client.server.world.building.open(conn, spec, destination)
    if destination is None:
        client.tell(f'Opened {safe(exit.name)}; it leads nowhere until "@link {exit.name}=<room>".')
    else:
        client.tell(f"Opened {safe(exit.name)}, leading to {clean(destination).lstrip('#')}.")
    await _refresh_map(client)


@command(
    "@link",
    usage="@link <exit>=<room>",
    help="Point an exit here that you own at a public or unlisted room.",
    topic="building",
)
def link(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@link", equals=True, right=True):
        return None
    return _as_builder(client, _link(client, line.left, line.right))


async def _link(client: TelnetClient, exit_name: str, room: str) -> None:
    conn = client.conn
    assert conn is not None
    exit = await client.server.world.building.link(conn, exit_name, room)
    client.tell(f"{safe(exit.name)} now leads to {clean(room).lstrip('#')}.")
    await _refresh_map(client)


@command(
    "@unlink",
    usage="@unlink <exit>",
    help="Make an exit here that you own lead nowhere (it stays, to be linked again).",
    topic="building",
)
def unlink(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@unlink"):
        return None
    return _as_builder(client, _unlink(client, line.args.strip()))


async def _unlink(client: TelnetClient, exit_name: str) -> None:
    conn = client.conn
    assert conn is not None
    exit = await client.server.world.building.unlink(conn, exit_name)
    client.tell(f"{safe(exit.name)} now leads nowhere.")
    await _refresh_map(client)


# --- Any target -------------------------------------------------------------------------------

TARGETS: Final = "here, me, #<room>, an exit here, or a thing you carry or see"
"""What the building commands name, for their help."""


@command(
    "@describe",
    usage="@desc <target>=<text>   (target: me, here, an exit or a thing)",
    help=f"""Describe yourself ("@desc me=A tall fox in a green coat.": what people see when \
they look at you and in "ws"; put your species here), the room you manage ("@desc here=..."), \
or an exit or thing you own. %r starts a new line. An empty text clears it. Targets: \
{TARGETS}. A longer description for +finger: "@set me=long:<text>".""",
    aliases=("@desc",),
    topic="building",
)
def describe(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@describe", equals=True):
        return None
    return _as_builder(client, _describe(client, line.left, line_breaks(line.right)))


async def _describe(client: TelnetClient, target: str, text: str) -> None:
    conn = client.conn
    assert conn is not None
    await client.server.world.building.describe(conn, target, text)
    if name_key(target) in ("me", name_key(conn.character.name)):
        client.tell("Description set." if text else "Description cleared.")
    elif name_key(target) == "here":
        client.tell("Room described." if text else "Room description cleared.")
    else:
        client.tell(f"{clean(target)} described." if text else f"{clean(target)}: cleared.")


@command(
    "@name",
    usage="@name <exit or thing>=<new name>   @name me=<your name in another case>",
    help="""Rename an exit (with its aliases: "@name door=Oak door;oak;o") or a thing you own. \
"@name me=ALICE" shows your own name in another case (as Alice), everywhere; a character's \
name itself, and a room's, stays.""",
    topic="building",
)
def rename(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@name", equals=True, right=True):
        return None
    conn = client.conn
    assert conn is not None
    if name_key(line.left.strip()) in ("me", name_key(conn.character.name)):
        # Anyone may, builder or not: the core tells this user and whoever sees them.
        return _recase(client, line.right.strip())
    return _as_builder(client, _rename(client, line.left, line.right))


async def _recase(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    await client.server.world.recase_character(conn.account.id, conn.character.name, name)


@on_event(CharacterRenamed)
def _renamed(client: TelnetClient, event: Event) -> None:
    """GMCP clients show who they act as (Char.Status): their own name's new case."""
    conn = client.conn
    if isinstance(event, CharacterRenamed) and conn and event.character.id == conn.character.id:
        client.send_char_status()


async def _rename(client: TelnetClient, target: str, name: str) -> None:
    conn = client.conn
    assert conn is not None
    new_name = await client.server.world.building.rename(conn, target, name)
    client.tell(f"{clean(target)} is now called {safe(new_name)}.")
    await _refresh_map(client)


@command(
    "@lock",
    usage="@lock <exit or thing>=<lock>",
    help="""Lock an exit (who may walk it) or a thing (who may pick it up) that you own. A \
lock names characters and combines them with ! (not), & (and), | (or) and parentheses: \
"@lock north=alice|bob", "@lock door=!carol", "@lock chest=me". The words "me" (or "owner") \
and "builder" pass the owner and builders.""",
    topic="building",
)
def lock(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@lock", equals=True, right=True):
        return None
    return _as_builder(client, _lock(client, line.left, line.right))


async def _lock(client: TelnetClient, target: str, expression: str) -> None:
    conn = client.conn
    assert conn is not None
    locked = await client.server.world.building.lock(conn, target, expression)
    client.tell(f"Locked {clean(target)}: {clean(locked.text)}.")


@command(
    "@unlock",
    usage="@unlock <exit or thing>",
    help="Take the lock off an exit or a thing you own: anyone may pass or pick it up again.",
    topic="building",
)
def unlock(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@unlock"):
        return None
    return _as_builder(client, _unlock(client, line.args.strip()))


async def _unlock(client: TelnetClient, target: str) -> None:
    conn = client.conn
    assert conn is not None
    await client.server.world.building.unlock(conn, target)
    client.tell(f"Unlocked {clean(target)}.")


@command(
    "@recycle",
    usage="@recycle <target>",
    help=f"""Destroy a room you own once nobody is in it (its exits go with it; exits into it \
are unlinked), or an exit or thing you own. Targets: {TARGETS}. There is no undo.""",
    topic="building",
)
def recycle(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@recycle"):
        return None
    return _as_builder(client, _recycle(client, line.args.strip()))


async def _recycle(client: TelnetClient, target: str) -> None:
    conn = client.conn
    assert conn is not None
    gone = await client.server.world.building.recycle(conn, target)
    client.tell(f"Recycled {safe(gone)}.")
    await _refresh_map(client)


@command(
    "examine",
    usage="examine [<target>]",
    help=f"""Show the details of a room, exit or thing you own (builders see any): owner, \
description, lock, aliases, where it leads or lies. Without a target, the room here. \
Targets: {TARGETS}.""",
    aliases=("ex",),
    topic="building",
)
def examine(client: TelnetClient, line: Line) -> Work | None:
    return _as_builder(client, _examine(client, line.args.strip() or "here"))


async def _examine(client: TelnetClient, target: str) -> None:
    conn = client.conn
    assert conn is not None
    found = await client.server.world.building.examine(conn, target)
    client.tell(examination_text(found, width=client.width, screen_reader=client.screen_reader))


def examination_text(found: Examination, *, width: int, screen_reader: bool) -> str:
    """``examine`` as labelled rows (plain sentences for a screen reader)."""
    owner = "you" if found.yours else (found.owner or "someone else")
    rows = [
        ["Name:", f"{safe(found.name)} ({found.kind} {found.id})"],
        ["Owner:", owner],
    ]
    if found.aliases:
        rows.append(["Aliases:", safe(", ".join(found.aliases))])
    if found.kind == "exit":
        rows.append(["From:", found.source or "nowhere"])
        rows.append(["Leads to:", found.destination or "nowhere (unlinked)"])
    if found.location is not None:
        rows.append(["Where:", found.location])
    if found.kind != "room":
        rows.append(["Lock:", safe(found.lock) if found.lock else "none"])
    rows.append(["Description:", safe(found.description) if found.description else "none"])
    if screen_reader:
        # "Lock: alice|bob." reads better aloud than the table's "Lock:, alice|bob.".
        return "\n".join(f"{label} {value.rstrip('.')}." for label, value in rows)
    return columns(rows, width, screen_reader)


# --- Things -----------------------------------------------------------------------------------


@command(
    "@create",
    usage="@create <thing>",
    help="""Make a thing (builders): a prop for your scenes. You carry it; "drop" it, "hand" \
it to someone, "@desc" and "@lock" it.""",
    topic="world",
)
def create(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "@create"):
        return None
    return _as_builder(client, _create(client, line.args.strip()))


async def _create(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    thing = await client.server.world.things.create(conn, name)
    client.tell(f"You made {safe(thing.name)}; you are carrying it.")


@command(
    "inventory",
    usage="inventory",
    help="List what you are carrying.",
    aliases=("i", "inv"),
    topic="world",
)
def inventory(client: TelnetClient, line: Line) -> Work | None:
    return _inventory(client)


async def _inventory(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    things = await client.server.world.things.inventory(conn)
    if not things:
        client.tell("You are carrying nothing.")
        return
    client.tell("You are carrying: " + ", ".join(safe(t.name) for t in things) + ".")


@command(
    "get",
    usage="get <thing>",
    help="Pick up a thing lying here (unless its lock keeps you from it).",
    aliases=("take",),
    topic="world",
)
def get(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "get"):
        return None
    return _get(client, line.args.strip())


async def _get(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    thing = await client.server.world.things.get(conn, name)
    client.tell(f"You pick up {safe(thing.name)}.")


@command(
    "drop",
    usage="drop <thing>",
    help="Put down something you carry, in the room here.",
    topic="world",
)
def drop(client: TelnetClient, line: Line) -> Work | None:
    if not _needs(client, line, "drop"):
        return None
    return _drop(client, line.args.strip())


async def _drop(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    thing = await client.server.world.things.drop(conn, name)
    client.tell(f"You drop {safe(thing.name)}.")


@command(
    "hand",
    usage="hand <thing> to <person>   hand/accept <person>   hand/decline <person>   hand/list",
    help="""Offer something you carry to someone here ("hand lamp to Bob", or "hand \
Bob=lamp"). Nothing changes hands until they say yes: they type "hand/accept <your name>" or \
"hand/decline <your name>". "hand/list" shows what others are handing you.""",
    switches=("accept", "decline", "list"),
    topic="world",
)
def hand(client: TelnetClient, line: Line) -> Work | None:
    if line.switch == "list":
        _list_offers(client)
        return None
    if line.switch in ("accept", "decline"):
        giver = line.args.strip() or _only_giver(client)
        if giver is None:
            return None
        if line.switch == "decline":
            _decline(client, giver)
            return None
        return _accept(client, giver)
    if line.has_equals:
        person, thing = line.left, line.right
    else:
        match = HAND_TO.match(line.args.strip())
        person, thing = (match["person"], match["thing"]) if match else ("", "")
    if not person or not thing:
        usage(client, "hand")
        return None
    return _hand(client, thing, person)


async def _hand(client: TelnetClient, thing: str, person: str) -> None:
    conn = client.conn
    assert conn is not None
    offer = await client.server.world.things.hand(conn, thing, person)
    client.tell(f"You offer {safe(offer.thing)} to {clean(person)}; it is theirs if they accept.")


def _only_giver(client: TelnetClient) -> str | None:
    """``hand/accept`` alone answers the one offer waiting; with none or several it says so
    (and returns None)."""
    conn = client.conn
    assert conn is not None
    offers = client.server.world.things.offers(conn)
    if len(offers) == 1:
        return offers[0].giver.name
    if not offers:
        client.tell("Nobody is handing you anything.")
    else:
        names = ", ".join(offer.giver.name for offer in offers)
        client.tell(f"Several people are handing you things ({names}): name one.", Style.ERROR)
    return None


async def _accept(client: TelnetClient, giver: str) -> None:
    conn = client.conn
    assert conn is not None
    thing = await client.server.world.things.accept_hand(conn, giver)
    client.tell(f"You take {safe(thing.name)} from {clean(giver)}.")


def _decline(client: TelnetClient, giver: str) -> None:
    conn = client.conn
    assert conn is not None
    offer = client.server.world.things.decline_hand(conn, giver)
    client.tell(f"You decline {safe(offer.thing)} from {offer.giver.name}.")


def _list_offers(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    offers = client.server.world.things.offers(conn)
    if not offers:
        client.tell("Nobody is handing you anything.")
        return
    rows = [
        [offer.giver.name, f"offers {safe(offer.thing)}", f"hand/accept {offer.giver.name}"]
        for offer in offers
    ]
    client.tell(columns(rows, client.width, client.screen_reader))
