"""People, where the connection's own state is part of the answer (``wire.telnet.commands.
social``): ``WHO`` (idle time and ``@doing`` are this gateway's own: people on other gateways
show neither), friends (``wf``: whom this connection watches for), ``away``/``back`` (the
core's ``SetStatus``, then GMCP's status) and ``@doing``. ``ws``, ``+finger`` and ``laston`` are
intents like any other. Every rule is the core's: ``presence`` says who this viewer may see.
"""

from __future__ import annotations

import time

from boudoir.core.commands import presence, run_now
from boudoir.core.screens import Writing
from boudoir.domain.ids import CharacterId
from boudoir.domain.intents import AddFriend, ListOnline, RemoveFriend, SetStatus
from boudoir.domain.names import name_key
from boudoir.domain.replies import OnlineList
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Handler, Work, documented, run_intent, told_for, usage
from boudoir.gateways.telnet.speech import context
from boudoir.wire.telnet.commands import Line, Spec
from boudoir.wire.telnet.commands.social import (
    DOING,
    MAX_DOING,
    STATUS_SPECS,
    WF,
    WHO,
    friends_text,
)
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies.presence import Activity
from boudoir.wire.telnet.replies.presence import who as who_table
from boudoir.wire.telnet.text import Style, clean


def _activity(client: TelnetClient, people: OnlineList) -> dict[CharacterId, Activity]:
    """For each person, the least idle of their telnet connections and its first @doing."""
    now = time.monotonic()
    activity = {}
    for person in people.people:
        sessions = client.server.world.presence.sessions_of(person.id)
        telnet = [s for s in sessions if isinstance(s, TelnetClient)]
        if telnet:
            idle = min(now - s.last_input for s in telnet)
            doing = next((s.doing for s in telnet if s.doing), "")
            activity[person.id] = Activity(idle, doing)
    return activity


@documented(WHO)
def who(client: TelnetClient, line: Line) -> None:
    people = presence.now(context(client), ListOnline(prefix=line.args.strip()))
    assert isinstance(people, OnlineList)
    screen = Screen(client.width, client.screen_reader)
    client.tell(who_table(people, _activity(client, people), screen))


@documented(WF)
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
    friends = await client.server.world.relations.friends(context(client).conn)
    return frozenset(name_key(n) for n in friends)


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
    conn = context(client).conn
    world = client.server.world
    friends = await world.relations.friends(conn)
    if not friends:
        client.tell('Your friend list is empty. "wf/add <name>" adds someone.')
        return
    online = {
        name_key(o.character.name): (o.character.name, o.status, o.message)
        for o in world.presence.online(conn)
    }
    client.tell(friends_text(friends, online, bool(client.watching)))


def _status(spec: Spec) -> Handler:
    """Set the status in the core at once, then the client's GMCP status, then the reply."""

    def handle(client: TelnetClient, line: Line) -> None:
        intent = spec.parse(line)
        assert isinstance(intent, SetStatus)
        done = run_now(context(client), intent)
        assert done is not None
        client.send_char_status()
        told = told_for(client, done)
        if told is not None:
            client.tell(told.text, told.style)

    return handle


for _spec in STATUS_SPECS:
    documented(_spec)(_status(_spec))


@documented(DOING)
def doing(client: TelnetClient, line: Line) -> None:
    conn = context(client).conn
    text = " ".join(clean(line.args).split())
    if len(text) > MAX_DOING:
        client.tell(f"@doing is at most {MAX_DOING} characters.", Style.ERROR)
        return
    # Shown to everyone in WHO: screened as a status message is (a refusal raises).
    client.server.world.screens.check(conn, Writing.STATUS, text)
    for session in client.server.world.presence.sessions_of(conn.character.id):
        if isinstance(session, TelnetClient):
            session.doing = text
    client.doing = text
    client.tell(f"@doing set: {text}" if text else "@doing cleared.")
