"""Meeting requests: one character asks another to meet (MUCK ``meetme``).

The person asked answers: go to the asker (``mjoin``), bring the asker to them (``msummon``),
or decline (``mdecline``). Asked, never forced: the core only keeps the request and says who
asked; the gateway moves whoever goes, through the ordinary room rules.

A request passes the same consent as a direct message (``consent.direct_message``): a block,
the recipient's policy or their being offline refuse it with one and the same error. Requests
live in memory only, a few per recipient, and expire.

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, deque
from dataclasses import dataclass

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, Registry
from boudoir.core.relations import RelationService
from boudoir.core.rooms import refused
from boudoir.domain import consent
from boudoir.domain.errors import BoudoirError, Throttled
from boudoir.domain.events import CharacterRef, MeetDeclined, MeetRequestReceived
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.names import name_key

MEET_REQUEST_LIFETIME = dt.timedelta(minutes=10)
"""A request not answered within this is gone: the asker has moved on, and an old "yes" must
not pull someone across the world long after they asked."""
MAX_MEET_REQUESTS_PER_RECIPIENT = 10
"""Open requests held for one person; the oldest is dropped past this, so a crowd of askers
cannot grow the server's memory."""
MEET_REQUESTS_PER_WINDOW = 5
"""Requests one account may send within ``MEET_RATE_WINDOW``, refused ones included (so that
probing who accepts costs the same as asking): enough to find a partner, too few to pester."""
MEET_RATE_WINDOW = dt.timedelta(minutes=1)


class NoMeetRequest(BoudoirError):
    code = "no_meet_request"
    default_message = "Nobody by that name is asking to meet you."


@dataclass(frozen=True, slots=True)
class MeetRequest:
    """One open request: who asks, and when."""

    requester: CharacterRef
    requester_account: AccountId
    at: dt.datetime


class MeetWatch:
    """Told of every change to the requests held for a character (a cluster node replicates
    them, so the person asked answers on whichever node they are). This one does nothing."""

    def meet_requests_changed(self, character: CharacterId) -> None:
        pass


class MeetingService:
    def __init__(self, registry: Registry, relations: RelationService, clock: Clock) -> None:
        self._registry = registry
        self._relations = relations
        self._clock = clock
        self._held: dict[CharacterId, OrderedDict[CharacterId, MeetRequest]] = {}
        """For each character asked, the open requests by asker, oldest first."""
        self._sent: dict[AccountId, deque[dt.datetime]] = {}
        """For each account, when it asked within the rate window."""
        self.watch = MeetWatch()
        """Told of every change (a cluster node replicates them)."""

    def request(self, connection: Connection, name: str) -> None:
        """Ask the online character ``name`` to meet. They are told who asks
        (``MeetRequestReceived``). Refused like a direct message, never saying why; asking the
        same person again replaces the first request without telling them twice."""
        self._count_attempt(connection.account.id)
        targets = self._registry.find_character(name)
        if targets is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        other = next(iter(targets))
        ties = self._registry.ties(connection.account.id, other.account.id)
        decision = consent.direct_message(connection.person, other.person, ties, online=True)
        if not decision:
            raise refused(decision)
        now = self._clock()
        held = self._open_for(other.character.id, now)
        repeated = connection.character.id in held
        held.pop(connection.character.id, None)
        held[connection.character.id] = MeetRequest(connection.ref, connection.account.id, now)
        while len(held) > MAX_MEET_REQUESTS_PER_RECIPIENT:
            held.popitem(last=False)
        self.watch.meet_requests_changed(other.character.id)
        if not repeated:
            event = MeetRequestReceived(now, connection.ref)
            self._registry.send(self._registry.character_connections(other.character.id), event)

    def pending(self, connection: Connection) -> list[MeetRequest]:
        """The open requests to this connection's character, oldest first."""
        held = self._held.get(connection.character.id)
        if held is None:
            return []
        self._expire(held, self._clock())
        return [
            r
            for r in held.values()
            if not self._registry.blocks(connection.account.id, r.requester_account)
        ]

    def take(self, connection: Connection, requester_name: str, *, summon: bool) -> Connection:
        """Answer yes to ``requester_name``'s request: it is used up, and the asker's
        connection is returned for the gateway to move one of them (``summon``: the asker comes
        here; otherwise this connection goes to the asker). ``NoMeetRequest`` when there is no
        open request from an asker still online."""
        request = self._pop(connection, requester_name)
        askers = self._registry.character_connections(request.requester.id)
        if not askers:
            raise NoMeetRequest
        # The same connection serves both answers (``summon`` is for the gateway, which moves
        # one side); with several, one chosen the same way every time.
        return min(askers, key=lambda c: c.id)

    async def decline(
        self, connection: Connection, requester_name: str, *, block: bool = False
    ) -> None:
        """Say no to ``requester_name``'s request. The asker is told "declined"
        (``MeetDeclined``), the same words whether or not ``block`` also blocks them."""
        request = self._pop(connection, requester_name)
        event = MeetDeclined(self._clock(), connection.ref)
        self._registry.send(self._registry.character_connections(request.requester.id), event)
        if block:
            await self._relations.block(connection, request.requester.name)

    def forget(self, connection: Connection) -> None:
        """This connection logs out or leaves its character: once the character has no other
        connection, requests to and from it are dropped. Idempotent."""
        character = connection.character.id
        others = self._registry.character_connections(character) - {connection}
        if others:
            return
        if self._held.pop(character, None) is not None:
            self.watch.meet_requests_changed(character)
        for recipient in list(self._held):
            held = self._held[recipient]
            if held.pop(character, None) is None:
                continue
            if not held:
                del self._held[recipient]
            self.watch.meet_requests_changed(recipient)
        account = connection.account.id
        if not self._registry.by_account.get(account, set()) - {connection}:
            self._sent.pop(account, None)

    # --- internals --------------------------------------------------------------------------

    def _count_attempt(self, account: AccountId) -> None:
        now = self._clock()
        sent = self._sent.setdefault(account, deque())
        while sent and now - sent[0] >= MEET_RATE_WINDOW:
            sent.popleft()
        if len(sent) >= MEET_REQUESTS_PER_WINDOW:
            retry = (sent[0] + MEET_RATE_WINDOW - now).total_seconds()
            raise Throttled("You asked to meet too often; wait a moment.", retry_after=retry)
        sent.append(now)

    def _open_for(
        self, character: CharacterId, now: dt.datetime
    ) -> OrderedDict[CharacterId, MeetRequest]:
        """The requests held for ``character``, expired ones dropped (created when none)."""
        held = self._held.setdefault(character, OrderedDict())
        self._expire(held, now)
        return held

    @staticmethod
    def _expire(held: OrderedDict[CharacterId, MeetRequest], now: dt.datetime) -> None:
        while held:
            oldest = next(iter(held.values()))
            if now - oldest.at < MEET_REQUEST_LIFETIME:
                break
            held.popitem(last=False)

    def _pop(self, connection: Connection, requester_name: str) -> MeetRequest:
        recipient = connection.character.id
        held = self._open_for(recipient, self._clock())
        key = name_key(requester_name)
        found = next((k for k, r in held.items() if name_key(r.requester.name) == key), None)
        if found is None:
            if not held:
                del self._held[recipient]
            raise NoMeetRequest
        request = held.pop(found)
        if not held:
            del self._held[recipient]
        self.watch.meet_requests_changed(recipient)
        if self._registry.blocks(connection.account.id, request.requester_account):
            raise NoMeetRequest
        return request
