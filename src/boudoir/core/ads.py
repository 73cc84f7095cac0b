"""Ads: "looking for roleplay" posts in rooms that take them (the room setting ``ads``).

An ad passes the rules of speech in its room (a moderated room, a mute, automod) and reaches
everyone there but across a block, as a roll does. Each account posts at most one ad per room
every ``interval`` seconds, whichever of its characters posts it; the charge is kept in each
node's memory and published, so a cluster applies one limit (docs/cluster.md, "Limits across
nodes"). What reached whom is kept with the replay buffers (``core.replay``), so ``ads`` shows
someone only the ads delivered while they were there.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from boudoir.core.characters import CharacterService
from boudoir.core.messaging import may_speak
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.replay import ReplayBuffers
from boudoir.core.rooms import RoomService
from boudoir.core.screens import Screens
from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain import consent
from boudoir.domain.ads import DEFAULT_AD_INTERVAL_SECONDS, MAX_AD_TAGS, MAX_AD_TEXT, AdPosted
from boudoir.domain.consent import Reason
from boudoir.domain.errors import ConsentRefused, InvalidInput, Throttled
from boudoir.domain.events import MessageKind
from boudoir.domain.ids import AccountId, RoomId, new_message_id
from boudoir.domain.profiles import InterestLevel

NO_ADS = "This room does not take ads."

AdCharged = Callable[[AccountId, RoomId, float], None]
"""Told of each ad posted here: (account, room, when, as a POSIX time)."""


class AdService:
    def __init__(
        self,
        registry: Registry,
        rooms: RoomService,
        characters: CharacterService,
        replay: ReplayBuffers,
        screens: Screens,
        clock: Clock,
    ) -> None:
        self._registry = registry
        self._rooms = rooms
        self._characters = characters
        self._replay = replay
        self._screens = screens
        self._clock = clock
        self.interval = DEFAULT_AD_INTERVAL_SECONDS
        """Seconds between two ads of one account in one room (``ad_interval_seconds``)."""
        self._last: dict[tuple[AccountId, RoomId], float] = {}
        self.charged_here: list[AdCharged] = []
        """Told of every ad posted on this node (a cluster publishes it)."""

    def _live(self, connection: Connection, room: str) -> LiveRoom:
        """The room ``connection`` is in by that name; empty: the one room it is in (telnet)."""
        if not room:
            if len(connection.rooms) != 1:
                raise InvalidInput("Say which room, for example: ad #lobby <text>.")
            return self._registry.rooms[next(iter(connection.rooms))]
        return self._rooms.live(connection, room)

    def post(self, connection: Connection, room: str, text: str) -> AdPosted:
        """Post an ad in ``room`` (one ``connection`` is in; empty: its one room)."""
        live = self._live(connection, room)
        if not live.room.ads:
            raise ConsentRefused(Reason.NOT_PERMITTED.value, NO_ADS)
        text = " ".join(text.split())
        if not text:
            raise InvalidInput("An ad needs some text.")
        if len(text) > MAX_AD_TEXT:
            raise InvalidInput(f"An ad is at most {MAX_AD_TEXT} characters long.")
        if has_control_characters(text):
            raise InvalidInput("An ad cannot hold control characters.")
        text = balance_bidi(text)
        may_speak(connection, live)
        now = self._clock().timestamp()
        key = (connection.account.id, live.room.id)
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            wait = math.ceil(self.interval - (now - last))
            raise Throttled(
                f"One ad per room every {_duration(math.ceil(self.interval))}: the next in "
                f"{_duration(wait)}.",
                retry_after=wait,
            )
        self._screens.check(connection, MessageKind.SAY, text, room=live)
        self.charge(connection.account.id, live.room.id, now)
        for told in self.charged_here:
            told(connection.account.id, live.room.id, now)
        character = connection.character
        tags: tuple[str, ...] = ()
        if consent.ad_tags_shown(character.visibility.kinks):
            kinks = self._characters.kink_list
            favourites = [
                kinks.name_of(k) for k, level in character.kinks if level is InterestLevel.FAVOURITE
            ]
            tags = tuple(sorted(favourites, key=str.casefold)[:MAX_AD_TAGS])
        event = AdPosted(new_message_id(), self._clock(), live.ref, connection.ref, text, tags)
        blocked = self._registry.blocked.get(connection.account.id)
        live.deliver(event, None, blocked)
        self._replay.advertised(live, event, connection.account.id)
        return event

    def charge(self, account: AccountId, room: RoomId, at: float) -> None:
        """Count an ad (posted here, or on another node: ``core.cluster.limits``)."""
        previous = self._last.get((account, room))
        if previous is None or at > previous:
            self._last[(account, room)] = at
        self._sweep(at)

    def _sweep(self, now: float) -> None:
        """Forget charges past their interval, so the table stays as small as the ads of the
        last ``interval`` seconds."""
        if len(self._last) < 1024:
            return
        for key, at in list(self._last.items()):
            if now - at >= self.interval:
                del self._last[key]

    def recent(self, connection: Connection, room: str) -> list[AdPosted]:
        """The ads of ``room`` (one ``connection`` is in) that reached it, oldest first."""
        live = self._live(connection, room)
        return self._replay.room_ads(connection.account.id, live.room.id)


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"
