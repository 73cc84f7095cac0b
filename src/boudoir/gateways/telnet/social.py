"""People: who is on (``WHO``, ``ws``), profiles (``+finger``), ``laston``, friends (``wf``),
``away``/``back`` (the core's ``SetStatus``) and ``@doing``. Message requests (``requests``,
``accept``, ``decline``) are commands of the command layer (``wire/telnet/commands/speech.py``).

Every answer is the core's: ``presence.online`` says who this viewer may see online,
``World.profile`` what of a character they may see (someone blocked either way reads exactly
like a name nobody has), ``places.laston`` when someone was last on. This module only lays the
answers out, as columns or, for a screen reader, as plain sentences.

Idle time and ``@doing`` are the telnet gateway's own (the time of a connection's last command,
a line kept on the connection): people on other gateways show neither.

Imports ``boudoir.core`` (through the client's world), ``boudoir.domain``, ``boudoir.wire``.
"""

from __future__ import annotations

import time
from typing import Final

from boudoir.core.commands import Context, presence, run_now
from boudoir.core.screens import Writing
from boudoir.domain.entities import Status
from boudoir.domain.ids import CharacterId
from boudoir.domain.intents import AddFriend, ListOnline, RemoveFriend, SetStatus
from boudoir.domain.names import name_key
from boudoir.domain.replies import OnlineList
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Work, command, run_intent, usage
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import render_reply
from boudoir.wire.telnet.replies.presence import Activity, status_text
from boudoir.wire.telnet.replies.presence import who as who_table
from boudoir.wire.telnet.text import Style, clean

MAX_DOING: Final = 60
"""Characters of ``@doing``: one cell of a WHO line on an 80-column window."""
# --- who is on ----------------------------------------------------------------------------------


def _activity(client: TelnetClient, people: OnlineList) -> dict[CharacterId, Activity]:
    """For each person, the least idle of their telnet connections and its first @doing."""
    now = time.monotonic()
    activity = {}
    presence = client.server.world.presence
    for person in people.people:
        sessions = [s for s in presence.sessions_of(person.id) if isinstance(s, TelnetClient)]
        if sessions:
            idle = min(now - s.last_input for s in sessions)
            doing = next((s.doing for s in sessions if s.doing), "")
            activity[person.id] = Activity(idle, doing)
    return activity


@command(
    "WHO",
    usage="WHO [<name prefix>]",
    help="""Who is online that you may see, with how long each has been idle (telnet users) \
and what they are doing (@doing) or their status. People who hide their presence from you, \
or who block you, are not listed.""",
    aliases=("+who",),
    topic="social",
)
def who(client: TelnetClient, line: Line) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    people = presence.now(Context.of(world, conn), ListOnline(prefix=line.args.strip()))
    assert isinstance(people, OnlineList)
    screen = Screen(client.width, client.screen_reader)
    client.tell(who_table(people, _activity(client, people), screen))


# --- friends ------------------------------------------------------------------------------------


@command(
    "wf",
    usage="wf   wf/add <name>   wf/remove <name>   wf/on   wf/off",
    help="""Watch for friends: "wf" lists your friends who are online; "wf/add" and \
"wf/remove" change your friend list (friends see your presence if you show it to friends, and \
may page you if you accept pages from friends); you are told "[wf] Bob has connected." when a \
friend comes or goes, unless you turn that off with "wf/off".""",
    aliases=("+wf", "watchfor"),
    topic="social",
    switches=("add", "remove", "on", "off"),
)
def watch_friends(client: TelnetClient, line: Line) -> Work | None:
    if line.switch in ("add", "remove"):
        if not line.args.strip():
            usage(client, "wf")
            return None
        return _change_friend(client, line.args.strip(), add=line.switch == "add")
    if line.switch in ("on", "off"):
        return _alerts(client, on=line.switch == "on")
    return _list_friends(client)


async def _friend_keys(client: TelnetClient) -> frozenset[str]:
    conn = client.conn
    assert conn is not None
    return frozenset(name_key(n) for n in await client.server.world.relations.friends(conn))


async def _change_friend(client: TelnetClient, name: str, *, add: bool) -> None:
    await run_intent(client, AddFriend(name) if add else RemoveFriend(name))
    if client.watching or add:
        client.watching = await _friend_keys(client)
        client.refresh_view()


async def _alerts(client: TelnetClient, *, on: bool) -> None:
    client.watching = await _friend_keys(client) if on else frozenset()
    client.refresh_view()
    if on:
        client.tell("You will be told when your friends connect and disconnect.")
    else:
        client.tell('Friend alerts are off ("wf/on" to turn them on again).')


async def _list_friends(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    friends = await world.relations.friends(conn)
    if not friends:
        client.tell('Your friend list is empty. "wf/add <name>" adds someone.')
        return
    online = {name_key(o.character.name): o for o in world.presence.online(conn)}
    here = []
    away = []
    for name in sorted(friends, key=name_key):
        person = online.get(name_key(name))
        if person is None:
            away.append(name)
            continue
        status = status_text(person.status, person.message)
        here.append(f"{person.character.name} ({status})" if status else person.character.name)
    lines = ["Friends online: " + (", ".join(here) if here else "none") + "."]
    if away:
        lines.append("Not online, or not showing it to you: " + ", ".join(away) + ".")
    if not client.watching:
        lines.append('Friend alerts are off ("wf/on" to turn them on).')
    client.tell("\n".join(lines))


# --- your presence ------------------------------------------------------------------------------


@command(
    "away",
    usage="away [<message>]",
    help="""Mark yourself away, with an optional message shown in WHO, +finger and to friends \
who watch for you. "back" undoes it.""",
    aliases=("+away",),
    topic="social",
)
def away(client: TelnetClient, line: Line) -> None:
    _set_status(client, SetStatus(Status.AWAY, line.args.strip()))


@command(
    "back",
    usage="back",
    help="Mark yourself back (online) after away.",
    aliases=("+back",),
    topic="social",
)
def back(client: TelnetClient, line: Line) -> None:
    _set_status(client, SetStatus(Status.ONLINE))


def _set_status(client: TelnetClient, intent: SetStatus) -> None:
    """Set it in the core at once, then the client's GMCP status, then the reply."""
    conn = client.conn
    assert conn is not None
    done = run_now(Context.of(client.server.world, conn), intent)
    assert done is not None
    client.send_char_status()
    told = render_reply(done, Screen(client.width, client.screen_reader))
    if told is not None:
        client.tell(told.text, told.style)


@command(
    "@doing",
    usage="@doing [<text>]",
    help=f"""A short line (at most {MAX_DOING} characters) shown beside your name in WHO while \
you are connected. "@doing" alone clears it.""",
    aliases=("doing",),
    topic="social",
)
def doing(client: TelnetClient, line: Line) -> None:
    conn = client.conn
    assert conn is not None
    text = " ".join(clean(line.args).split())
    if len(text) > MAX_DOING:
        client.tell(f"@doing is at most {MAX_DOING} characters.", Style.ERROR)
        return
    # Shown to everyone in WHO: screened as a status message is (a refusal raises).
    client.server.world.screens.check(conn, Writing.STATUS, text)
    registry = client.server.world.registry
    for other in registry.character_connections(conn.character.id):
        if isinstance(other.session, TelnetClient):
            other.session.doing = text
    client.doing = text
    client.tell(f"@doing set: {text}" if text else "@doing cleared.")
