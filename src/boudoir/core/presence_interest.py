"""Which of this node's connections show which presence changes: the index that lets a
character's coming, going or change of status visit only the connections that would show it,
instead of every connection online.

A gateway declares, for each of its connections, what it shows of others' presence
(``Shows``): everyone's (the browser keeps a live list of who is online), the characters it
watches by name (IRC ``MONITOR``, telnet's friend alerts), and the characters it shares a room
with (IRC ``away-notify``). What a connection shows decides only whom the core visits; whether
it may see the change is still ``consent.see_presence``'s, asked for each connection visited
(``PresenceService.announce``). Connections of other nodes are not in here: the node that
decides tells them as before (``Registry.remote``).

Imports ``boudoir.core.registry``, ``boudoir.domain`` and the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from boudoir.core.registry import Connection, Registry
from boudoir.domain.ids import ConnectionId
from boudoir.domain.names import name_key

NO_NAMES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Shows:
    """What one connection shows of other characters' presence."""

    everyone: bool = True
    """Every change it may see (a live list of who is online)."""
    names: frozenset[str] = NO_NAMES
    """The name keys (``domain.names.name_key``) of the characters it watches."""
    room_mates: bool = False
    """The changes of the characters it shares a room with (at the moment of the change)."""

    @classmethod
    def watching(cls, names: Iterable[str], *, room_mates: bool = False) -> Shows:
        """Only the characters called ``names`` (as typed; compared by name key), and those
        sharing a room with it if ``room_mates``."""
        keys = frozenset(name_key(name) for name in names)
        return cls(everyone=False, names=keys or NO_NAMES, room_mates=room_mates)


SHOWS_EVERYONE = Shows()
"""What a connection whose gateway declares nothing shows: everything, as every connection was
told before this index (a test's session, a gateway that keeps a list of everyone)."""


class PresenceInterest:
    """This node's own connections by what they show (``Shows``), kept as they log in and
    out and as they change what they watch."""

    __slots__ = ("_everyone", "_registry", "_room_mates", "_shows", "_watchers")

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._shows: dict[ConnectionId, Shows] = {}
        self._everyone: dict[ConnectionId, Connection] = {}
        self._watchers: dict[str, dict[ConnectionId, Connection]] = {}
        self._room_mates: set[ConnectionId] = set()

    def declare(self, connection: Connection, shows: Shows) -> None:
        """``connection`` shows ``shows`` from now on (instead of what it showed)."""
        before = self._shows.get(connection.id)
        if before == shows:
            return
        self.forget(connection)
        cid = connection.id
        self._shows[cid] = shows
        if shows.everyone:
            self._everyone[cid] = connection
        for key in shows.names:
            self._watchers.setdefault(key, {})[cid] = connection
        if shows.room_mates:
            self._room_mates.add(cid)

    def forget(self, connection: Connection) -> None:
        """``connection`` logged out: it shows nothing any more."""
        cid = connection.id
        shows = self._shows.pop(cid, None)
        if shows is None:
            return
        self._everyone.pop(cid, None)
        for key in shows.names:
            watchers = self._watchers.get(key)
            if watchers is not None:
                watchers.pop(cid, None)
                if not watchers:
                    del self._watchers[key]
        self._room_mates.discard(cid)

    def viewers(self, subject: Connection) -> Iterator[Connection]:
        """The connections that would show a presence change of ``subject``'s character, each
        once: those that show everyone's (``everyone``), then the few others (``others``).
        Not ``subject`` itself; whether each may see it is for the caller to ask."""
        for viewer in self.everyone():
            if viewer is not subject:
                yield viewer
        yield from self.others(subject)

    def everyone(self) -> list[Connection]:
        """The connections that show everyone's presence (a browser's live list), as they
        are now (a delivery that ends one changes no list being walked)."""
        return list(self._everyone.values())

    def others(self, subject: Connection) -> Iterator[Connection]:
        """The connections that would show a presence change of ``subject``'s character but
        do not show everyone's, each once: its own account's, those watching its name, those
        sharing a room with it that show their room mates', and every connection of another
        node (whose node shows them what it is told). Not ``subject`` itself."""
        registry = self._registry
        everyone = self._everyone
        seen: set[ConnectionId] = {subject.id}
        for group in (
            registry.by_account.get(subject.account.id, ()),
            self._watchers.get(name_key(subject.character.name), {}).values(),
            self._sharing_a_room(subject),
            registry.remote.values(),
        ):
            for viewer in group:
                cid = viewer.id
                if cid not in seen and cid not in everyone:
                    seen.add(cid)
                    yield viewer

    def _sharing_a_room(self, subject: Connection) -> Iterator[Connection]:
        room_mates = self._room_mates
        if not room_mates:
            return
        registry = self._registry
        rooms = {
            room
            for conn in registry.character_connections(subject.character.id)
            for room in conn.rooms
        }
        for room in sorted(rooms):
            live = registry.rooms.get(room)
            if live is None:
                continue
            for conns in live.members.values():
                for conn in conns:
                    if conn.id in room_mates:
                        yield conn
