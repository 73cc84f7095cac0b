"""IRCv3 ``MONITOR``: a list of names whose coming online and going offline the client is
told (https://ircv3.net/specs/extensions/monitor).

What is reported is the core's presence as this client may see it: the initial state comes
from ``PresenceService.find_online`` and changes from the ``PresenceChanged`` events the core
delivers only to those allowed to see them. So a person blocked either way, or whose presence
visibility hides them from this client, always reads as offline, and nothing they do is ever
reported; a block or a visibility change made later reads as going offline.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.events import PresenceChanged
from boudoir.domain.names import name_key
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import command
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import mask_of
from boudoir.wire.irc.server_info import MAX_MONITOR

MAX_TARGETS_PER_LINE: Final = 10
"""Names per 730/731/732 line, so that a line of the longest names stays under 512 bytes."""


@command("MONITOR", min_params=1)
def monitor_command(client: IrcClient, message: Message) -> None:
    action = message.params[0].upper()
    targets = [t for p in message.params[1:2] for t in p.split(",") if t]
    watched = client.monitoring
    if action == "+":
        _add(client, targets)
    elif action == "-":
        for target in targets:
            watched.pop(name_key(target), None)
    elif action == "C":
        watched.clear()
    elif action == "L":
        _reply_in_lines(client, n.RPL_MONLIST, [name for name, _ in watched.values()])
        client.reply(n.RPL_ENDOFMONLIST, "End of MONITOR list")
    elif action == "S":
        _status(client, [name for name, _ in watched.values()])
    else:
        client.fail("MONITOR", "INVALID_PARAMS", "Use MONITOR + | - | C | L | S")


def _add(client: IrcClient, targets: list[str]) -> None:
    watched = client.monitoring
    added = []
    for index, target in enumerate(targets):
        key = name_key(target)
        if key not in watched and len(watched) >= MAX_MONITOR:
            # The spec: the list is full; the targets not added are named.
            rest = ",".join(targets[index:])
            client.reply(n.ERR_MONLISTFULL, str(MAX_MONITOR), rest, "Monitor list is full.")
            break
        watched.setdefault(key, (target, False))
        added.append(target)
    _status(client, added)


def _status(client: IrcClient, targets: list[str]) -> None:
    """730 for those this client may see online, 731 for the rest (whatever the reason)."""
    conn = client.conn
    assert conn is not None
    presence = client.server.world.presence
    online, offline = [], []
    for target in targets:
        key = name_key(target)
        found = presence.find_online(conn, target)
        if found is None:
            offline.append(target)
            client.monitoring[key] = (target, False)
        else:
            online.append(mask_of(found.name))
            client.monitoring[key] = (found.name, True)
    _reply_in_lines(client, n.RPL_MONONLINE, online)
    _reply_in_lines(client, n.RPL_MONOFFLINE, offline)


def _reply_in_lines(client: IrcClient, numeric: str, targets: list[str]) -> None:
    for start in range(0, len(targets), MAX_TARGETS_PER_LINE):
        client.reply(numeric, ",".join(targets[start : start + MAX_TARGETS_PER_LINE]))


def presence_changed(client: IrcClient, event: PresenceChanged) -> None:
    """A monitored character came online or went offline, as the core let this client see;
    a status change of one already online is not news here."""
    key = name_key(event.character.name)
    entry = client.monitoring.get(key)
    if entry is None or entry[1] == event.online:
        return
    name = event.character.name
    client.monitoring[key] = (name, event.online)
    source = client.server.server_name
    if event.online:
        client.push(Message(n.RPL_MONONLINE, (client.nick, mask_of(name)), source=source))
    else:
        client.push(Message(n.RPL_MONOFFLINE, (client.nick, name), source=source))
