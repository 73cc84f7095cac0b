"""Presence: who is online and their status, shown only as each person's visibility allows."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from boudoir.core.ports import Clock, Session
from boudoir.core.presence_interest import SHOWS_EVERYONE, PresenceInterest, Shows
from boudoir.core.registry import Connection, Presence, Registry
from boudoir.core.screens import Screens, Writing
from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain import consent
from boudoir.domain.entities import PresenceVisibility, Status
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import CharacterRef, CharacterRenamed, PresenceChanged
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId
from boudoir.domain.names import name_key
from boudoir.domain.replies.speech import Away

MAX_STATUS_MESSAGE = 200
MAX_DEPARTURES = 1000
"""Characters remembered after going offline (IRC's WHOWAS); the oldest is forgotten first."""

Sighting = tuple[ConnectionId, CharacterId]
"""A connection that may see a character online."""


@dataclass(frozen=True, slots=True)
class OnlineCharacter:
    character: CharacterRef
    status: Status
    message: str


@dataclass(frozen=True, slots=True)
class Departure:
    """A character that went offline, from whichever gateway, with who its owner was then
    (so that the consent module decides who may still see it)."""

    character: CharacterRef
    description: str
    at: dt.datetime
    person: consent.Person


@dataclass(frozen=True, slots=True)
class Counts:
    """How many are on, from every gateway (IRC's LUSERS): characters online, guests holding
    a nick, the most users (both) seen at once, connections not yet registered, rooms open."""

    characters: int
    guests: int
    most_users: int
    unregistered: int
    rooms: int

    @property
    def users(self) -> int:
        return self.characters + self.guests


def away_seen(
    registry: Registry, viewer: Connection, subject: Connection, ties: consent.Ties
) -> Away | None:
    """``subject``'s status if it is other than online and ``viewer`` may see it (``ties``:
    ``registry.ties(viewer's account, subject's account)``, which the caller already has);
    ``None`` alike for online, a block either way, and presence hidden from ``viewer``. What
    the sender of a direct message is told of its recipient (IRC's RPL_AWAY)."""
    presence = registry.presence.get(subject.character.id)
    if presence is None or presence.status is _ONLINE:  # nearly always: one lookup
        return None
    if not consent.see_presence(viewer.person, subject.person, ties):
        return None
    return Away(presence.status, presence.message)


_ONLINE = Status.ONLINE
"""Looked up once: an enum member read through its class costs a lookup per message."""


class PresenceService:
    def __init__(self, registry: Registry, clock: Clock, screens: Screens) -> None:
        self._registry = registry
        self._clock = clock
        self._departures: deque[Departure] = deque(maxlen=MAX_DEPARTURES)
        self._screens = screens
        self.interest = PresenceInterest(registry)
        """What each of this node's connections shows of others' presence: whom ``announce``
        visits."""

    def arrived(self, connection: Connection, shows: Shows = SHOWS_EVERYONE) -> None:
        """``connection`` logged in here, showing ``shows`` of others' presence."""
        self.interest.declare(connection, shows)

    def shows(self, connection: Connection, shows: Shows) -> None:
        """``connection`` shows ``shows`` of others' presence from now on (its gateway's
        watch list or capabilities changed). Nothing for a connection logged out."""
        if self._registry.connections.get(connection.id) is connection:
            self.interest.declare(connection, shows)

    def departed_here(self, connection: Connection) -> None:
        """``connection`` logged out: it shows nothing any more."""
        self.interest.forget(connection)

    def _may_see(self, viewer: Connection, subject: Connection) -> bool:
        if viewer.account.id == subject.account.id:
            return True  # as ``consent.see_presence`` decides, before any tie
        if consent.see_presence_unless_blocked(subject.person):
            # Only a block can hide it (``consent``): no other tie to look up.
            return not self._registry.blocks(viewer.account.id, subject.account.id)
        ties = self._registry.ties(viewer.account.id, subject.account.id)
        return consent.see_presence(viewer.person, subject.person, ties)

    def _event(self, subject: Connection, online: bool) -> PresenceChanged:
        presence = self._registry.presence.get(subject.character.id, Presence())
        return PresenceChanged(
            self._clock(), subject.ref, online, presence.status, presence.message
        )

    def announce(self, subject: Connection, online: bool) -> None:
        """Tell everyone who may see it that ``subject``'s character came or went, or changed
        status, among the connections that would show it (``PresenceInterest.viewers``). The
        subject's own other connections are told too."""
        event = self._event(subject, online)
        account = subject.account.id
        person = subject.person
        if consent.see_presence_unless_blocked(person):
            # Only a block can hide it from anyone (``consent``): one set lookup each.
            blocked = self._registry.blocked
            for viewer in self.interest.everyone():
                if viewer is subject:
                    continue
                other = viewer.account.id
                blocks = blocked.get(other)
                if blocks is None or account not in blocks or other == account:
                    viewer.session.deliver(event)
            for viewer in self.interest.others(subject):
                other = viewer.account.id
                blocks = blocked.get(other)
                if blocks is None or account not in blocks or other == account:
                    viewer.session.deliver(event)
            return
        for viewer in self.interest.viewers(subject):
            if viewer.account.id == account or self._may_see(viewer, subject):
                viewer.session.deliver(event)

    def renamed(self, subject: Connection, old_name: str) -> None:
        """Tell that ``subject``'s character now shows its name as it does (``old_name``
        before): to its own connections, and once to each other connection that may see it,
        because it shares a room with it or may see its presence; never across a block (in a
        room, as room members do not hear across one; elsewhere, as ``consent.see_presence``
        decides)."""
        event = CharacterRenamed(self._clock(), subject.ref, old_name)
        mine = self._registry.character_connections(subject.character.id)
        rooms = {room for conn in mine for room in conn.rooms}
        for viewer in list(self._registry.connections.values()):
            # The subject's own account sees it whatever its presence setting.
            sees = self.is_visible(viewer, subject) or bool(
                viewer.rooms & rooms
                and not self._registry.blocks(viewer.account.id, subject.account.id)
            )
            if sees:
                viewer.session.deliver(event)

    def remember(self, subject: Connection, at: dt.datetime) -> None:
        """``subject``'s character went offline at ``at`` (here, or on another node)."""
        # Only characters whose presence everyone may see: friends-only presence would depend
        # on the lists of an account that is offline.
        if subject.account.presence_visibility is PresenceVisibility.EVERYONE:
            character = subject.character
            self._departures.append(
                Departure(subject.ref, character.short_description, at, subject.person)
            )

    def departed(self, viewer: Connection, name: str) -> Departure | None:
        """The last time the character ``name`` went offline, as ``viewer`` may know it: never
        across a block (either way), nor once its owner hides their presence."""
        key = name_key(name.strip())
        for departure in reversed(self._departures):
            if name_key(departure.character.name) != key:
                continue
            ties = consent.Ties(
                blocked=self._registry.blocks(viewer.account.id, departure.person.account_id)
            )
            if consent.see_presence(viewer.person, departure.person, ties):
                return departure
            return None
        return None

    def departures(self) -> tuple[Departure, ...]:
        """Every departure remembered, oldest first (for a node that joins late)."""
        return tuple(self._departures)

    def learn(self, departures: tuple[Departure, ...]) -> None:
        """Take the departures another node remembers (this node joined late, or Redis was
        away): both memories merged in the order they happened, each once, as many kept as
        one node keeps (the newest)."""
        seen = {(d.character.id, d.at) for d in self._departures}
        new = [d for d in departures if (d.character.id, d.at) not in seen]
        if new:
            merged = sorted([*self._departures, *new], key=lambda d: d.at)
            self._departures = deque(merged, maxlen=MAX_DEPARTURES)

    def forget(self, account: AccountId) -> None:
        """Forget when ``account``'s characters went offline (it was erased, or hid its
        presence)."""
        kept = [d for d in self._departures if d.person.account_id != account]
        if len(kept) != len(self._departures):
            self._departures = deque(kept, maxlen=MAX_DEPARTURES)

    def set_status(self, connection: Connection, status: Status, message: str = "") -> None:
        message = balance_bidi(" ".join(message.split()))
        if has_control_characters(message):
            raise InvalidInput("A status message cannot hold control characters.")
        if len(message) > MAX_STATUS_MESSAGE:
            raise InvalidInput(f"A status message is at most {MAX_STATUS_MESSAGE} characters.")
        if status is not Status.ONLINE:
            self._screens.check(connection, Writing.STATUS, message)
        presence = self._registry.presence.setdefault(connection.character.id, Presence())
        presence.status = status
        presence.message = message if status is not Status.ONLINE else ""
        self._registry.watch.status_set(connection)
        self.announce(connection, online=True)

    def online(self, viewer: Connection) -> list[OnlineCharacter]:
        """Characters online that ``viewer`` may see, with their status."""
        seen = []
        for subject in self._registry.online_characters():
            if subject.account.id != viewer.account.id and not self._may_see(viewer, subject):
                continue
            presence = self._registry.presence.get(subject.character.id, Presence())
            seen.append(OnlineCharacter(subject.ref, presence.status, presence.message))
        seen.sort(key=lambda o: o.character.name.casefold())
        return seen

    def public_names(self) -> list[str]:
        """The characters online that anyone, logged in or not, may see (the login screen's
        WHO), in alphabetical order (case-insensitive)."""
        names = {
            subject.character.name
            for subject in self._registry.online_characters()
            if consent.see_presence_unnamed(subject.person)
        }
        return sorted(names, key=str.casefold)

    def counts(self) -> Counts:
        registry = self._registry
        characters, guests = len(registry.by_character), len(registry.guest_of)
        most = max(registry.most_users, characters + guests)
        return Counts(characters, guests, most, registry.unregistered, len(registry.rooms))

    def opened_unregistered(self) -> None:
        """A connection opened that is not yet registered (IRC, before NICK and USER)."""
        self._registry.unregistered += 1

    def closed_unregistered(self) -> None:
        """A connection counted by ``opened_unregistered`` registered or closed."""
        self._registry.unregistered -= 1

    def own_status(self, connection: Connection) -> Status:
        """The status ``connection``'s character shows."""
        presence = self._registry.presence.get(connection.character.id)
        return presence.status if presence is not None else Status.ONLINE

    def sessions_of(self, character: CharacterId) -> list[Session]:
        """The sessions ``character`` is connected by (a gateway reads its own connections'
        state from them, such as telnet's idle time)."""
        return [c.session for c in self._registry.character_connections(character)]

    def is_visible(self, viewer: Connection, subject: Connection) -> bool:
        return viewer.account.id == subject.account.id or self._may_see(viewer, subject)

    def status_seen(self, viewer: Connection, character: CharacterId) -> OnlineCharacter | None:
        """``character``'s status as ``viewer`` may see it; ``None`` when it is offline or
        hidden from the viewer (a block either way, its owner's presence setting)."""
        subjects = self._registry.by_character.get(character)
        if not subjects:
            return None
        subject = next(iter(subjects))
        if not self.is_visible(viewer, subject):
            return None
        presence = self._registry.presence.get(character, Presence())
        return OnlineCharacter(subject.ref, presence.status, presence.message)

    def shares_a_room(self, viewer: Connection, character: CharacterId) -> bool:
        """Is ``character`` in one of ``viewer``'s rooms?"""
        rooms = viewer.rooms
        return any(c.rooms & rooms for c in self._registry.by_character.get(character, ()))

    def find_online(self, viewer: Connection, name: str) -> CharacterRef | None:
        """The character ``name`` if it is online and ``viewer`` may see so; otherwise
        ``None``, alike for offline, unknown, blocked either way or hidden by its owner."""
        found = self._registry.find_character(name)
        if not found:
            return None
        subject = next(iter(found))
        return subject.ref if self.is_visible(viewer, subject) else None

    def sightings(self, subjects: AccountId, viewers: AccountId | None = None) -> set[Sighting]:
        """Which connections may now see which online characters of the account ``subjects``:
        those of every other account, or only those of the account ``viewers``."""
        if viewers is None:
            watching = [c for c in self._registry.connections.values() if c.account.id != subjects]
        else:
            watching = list(self._registry.by_account.get(viewers, ()))
        characters = {c.character.id: c for c in self._registry.by_account.get(subjects, ())}
        return {
            (viewer.id, character_id)
            for character_id, subject in characters.items()
            for viewer in watching
            if self._may_see(viewer, subject)
        }

    def between(self, a: AccountId, b: AccountId) -> set[Sighting]:
        """What each of two accounts may see of the other's characters."""
        return self.sightings(a, b) | self.sightings(b, a)

    def reshow(self, before: set[Sighting], after: set[Sighting]) -> None:
        """After a change of friends, blocks or visibility: tell each viewer of the characters it
        now sees come online, or sees no longer (as going offline), and nothing else. Telling a
        viewer about characters whose visibility did not change would show which characters
        share an account, and a change of a friend list or a block that it cannot see."""
        changes = []
        for viewer_id, character_id in before ^ after:
            viewer = self._registry.connections.get(viewer_id)
            subjects = self._registry.by_character.get(character_id)
            if viewer is not None and subjects:
                changes.append((viewer, next(iter(subjects)), (viewer_id, character_id) in after))
        changes.sort(key=lambda c: (c[0].id, c[1].character.name.casefold()))
        for viewer, subject, online in changes:
            viewer.session.deliver(self._event(subject, online=online))
