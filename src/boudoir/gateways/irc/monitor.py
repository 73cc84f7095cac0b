"""IRCv3 ``MONITOR``: a list of names whose coming online and going offline the client is
told (the list and its lines: ``wire.irc.monitor``).

What is reported is the core's presence as this client may see it: the initial state comes
from ``PresenceService.find_online`` and changes from the ``PresenceChanged`` events the core
delivers only to those allowed to see them. So a person blocked either way, or whose presence
visibility hides them from this client, always reads as offline, and nothing they do is ever
reported; a block or a visibility change made later reads as going offline.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from boudoir.domain.events import PresenceChanged
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import command
from boudoir.gateways.irc.services import send
from boudoir.wire.irc import Message
from boudoir.wire.irc.monitor import change_line, monitor


@command("MONITOR", min_params=1)
def monitor_command(client: IrcClient, message: Message) -> None:
    conn = client.conn
    assert conn is not None
    find_online = client.server.world.presence.find_online

    def online(name: str) -> str | None:
        found = find_online(conn, name)
        return None if found is None else found.name

    replies = monitor(client.monitoring, message.params, online)
    # The core visits this client with the presence changes of the names it now watches.
    client.server.world.presence.shows(conn, client.presence_shows())
    if replies is None:
        client.fail("MONITOR", "INVALID_PARAMS", "Use MONITOR + | - | C | L | S")
    else:
        send(client, replies)


def presence_changed(client: IrcClient, event: PresenceChanged) -> None:
    """A monitored character came online or went offline, as the core let this client see."""
    name, server = event.character.name, client.server.server_name
    line = change_line(client.monitoring, server, client.nick, name, event.online)
    if line is not None:
        client.push(line)
