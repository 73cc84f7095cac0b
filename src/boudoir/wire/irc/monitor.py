"""IRCv3 ``MONITOR`` (https://ircv3.net/specs/extensions/monitor), sans-I/O: a client's list
of watched names (by name key: each name as last shown, and whether it was reported online),
the command that changes and reads it, and the line that reports a change.

Who is online, as the asker may see them, is the core's: the caller passes it as ``online``
(a name: the name as shown when online to the asker, None otherwise).

Imports the standard library, ``boudoir.domain`` and ``wire.irc``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from boudoir.domain.names import name_key
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import mask_of
from boudoir.wire.irc.message import Message
from boudoir.wire.irc.server_info import MAX_MONITOR

MAX_TARGETS_PER_LINE: Final = 10
"""Names per 730/731/732 line, so that a line of the longest names stays under 512 bytes."""

Watched = dict[str, tuple[str, bool]]
Online = Callable[[str], str | None]
Numeric = tuple[str, ...]


def monitor(watched: Watched, params: Sequence[str], online: Online) -> list[Numeric] | None:
    """``MONITOR + | - | C | L | S [targets]``: the replies, None for an unknown action."""
    action = params[0].upper()
    targets = [t for p in params[1:2] for t in p.split(",") if t]
    if action == "+":
        return _add(watched, targets, online)
    if action == "-":
        for target in targets:
            watched.pop(name_key(target), None)
        return []
    if action == "C":
        watched.clear()
        return []
    names = [name for name, _ in watched.values()]
    if action == "L":
        return [*_in_lines(n.RPL_MONLIST, names), (n.RPL_ENDOFMONLIST, "End of MONITOR list")]
    if action == "S":
        return _status(watched, names, online)
    return None


def _add(watched: Watched, targets: list[str], online: Online) -> list[Numeric]:
    added, full = [], []
    for index, target in enumerate(targets):
        key = name_key(target)
        if key not in watched and len(watched) >= MAX_MONITOR:
            # The spec: the list is full; the targets not added are named.
            rest = ",".join(targets[index:])
            full = [(n.ERR_MONLISTFULL, str(MAX_MONITOR), rest, "Monitor list is full.")]
            break
        watched.setdefault(key, (target, False))
        added.append(target)
    return [*full, *_status(watched, added, online)]


def _status(watched: Watched, targets: list[str], online: Online) -> list[Numeric]:
    """730 for those the client may see online, 731 for the rest (whatever the reason)."""
    shown, offline = [], []
    for target in targets:
        found = online(target)
        if found is None:
            offline.append(target)
            watched[name_key(target)] = (target, False)
        else:
            shown.append(mask_of(found))
            watched[name_key(target)] = (found, True)
    return [*_in_lines(n.RPL_MONONLINE, shown), *_in_lines(n.RPL_MONOFFLINE, offline)]


def _in_lines(numeric: str, targets: list[str]) -> list[Numeric]:
    step = MAX_TARGETS_PER_LINE
    return [(numeric, ",".join(targets[i : i + step])) for i in range(0, len(targets), step)]


def change_line(
    watched: Watched, server: str, nick: str, name: str, online: bool
) -> Message | None:
    """The line telling that a watched ``name`` came online or went offline; None when it is
    not watched, or a status change of one already online (no news here)."""
    key = name_key(name)
    entry = watched.get(key)
    if entry is None or entry[1] == online:
        return None
    watched[key] = (name, online)
    if online:
        return Message(n.RPL_MONONLINE, (nick, mask_of(name)), source=server)
    return Message(n.RPL_MONOFFLINE, (nick, name), source=server)
