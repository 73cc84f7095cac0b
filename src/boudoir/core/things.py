"""Things: builders make them; people carry, drop, pick up and hand them (MUCK ``@create``,
``drop``, ``get``, ``inventory``, ``hand``).

Handing needs the receiver's yes: ``hand`` makes an offer that waits, in memory, until they
accept or decline it or it expires. An offer passes the same consent as a direct message
(``consent.direct_message``): a block, the receiver's policy, their absence all refuse it
with the one ``recipient_unavailable`` refusal a direct message gets.

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from boudoir.core.places import PlaceService
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import refused
from boudoir.core.screens import Screens, Writing
from boudoir.domain import consent
from boudoir.domain.errors import LimitExceeded
from boudoir.domain.events import CharacterRef, HandAnswered, ThingOffered
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.names import name_key
from boudoir.domain.places import (
    NoSuchOffer,
    NotBuilder,
    Thing,
    ThingLocked,
    ThingNotFound,
    check_thing_name,
    find_thing,
    new_thing_id,
)

MAX_THINGS_PER_ACCOUNT = 200
"""Things one account owns: props for scenes, not a warehouse."""
OFFER_LIFETIME = dt.timedelta(minutes=5)
"""An offer not answered within this is gone: the giver has moved on."""
MAX_OFFERS_PER_RECEIVER = 10
"""Open offers held for one character; past this an offer is refused like any unwelcome one,
so a crowd of givers cannot grow the server's memory."""


@dataclass(frozen=True, slots=True)
class Offer:
    thing_id: str
    thing: str
    giver: CharacterRef
    giver_account: AccountId
    at: dt.datetime


class OfferWatch:
    """Told of every change to the offers held for a character (a cluster node replicates
    them, so the receiver answers on whichever node they are). This one does nothing."""

    def offers_changed(self, character: CharacterId) -> None:
        pass


class ThingService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        places: PlaceService,
        clock: Clock,
        screens: Screens,
    ) -> None:
        self._screens = screens
        self._store = store
        self._registry = registry
        self._places = places
        self._clock = clock
        self._offers: dict[CharacterId, OrderedDict[CharacterId, Offer]] = {}
        """Receiver -> giver -> the offer waiting for the receiver's answer."""
        self.watch = OfferWatch()
        """Told of every change (a cluster node replicates them)."""

    async def create(self, connection: Connection, name: str) -> Thing:
        """A builder makes a thing; it starts carried by its maker."""
        if not await self._places.is_builder(connection.account):
            raise NotBuilder()
        name = check_thing_name(name)
        self._screens.check(connection, Writing.BUILDING, name)
        owned = await self._store.world.things_owned_by(connection.account.id)
        if len(owned) >= MAX_THINGS_PER_ACCOUNT:
            raise LimitExceeded(f"An account owns at most {MAX_THINGS_PER_ACCOUNT} things.")
        thing = Thing(
            id=new_thing_id(),
            name=name,
            owner_id=connection.account.id,
            created_at=self._clock(),
            carrier=connection.character.id,
        )
        await self._store.world.add_thing(thing)
        return thing

    async def inventory(self, connection: Connection) -> list[Thing]:
        return await self._places.carried(connection)

    async def _carried(self, connection: Connection, name: str) -> Thing:
        thing = find_thing(await self._places.carried(connection), name)
        if thing is None:
            raise ThingNotFound("You are not carrying that.")
        return thing

    async def drop(self, connection: Connection, name: str) -> Thing:
        """Put down something carried, in the room here."""
        thing = await self._carried(connection, name)
        room = await self._places.location(connection)
        thing = dataclasses.replace(thing, carrier=None, room=room.id)
        await self._store.world.update_thing(thing)
        return thing

    async def get(self, connection: Connection, name: str) -> Thing:
        """Pick up a thing lying here, if its lock lets this person."""
        room = await self._places.location(connection)
        thing = find_thing(await self._store.world.things_in(room.id), name)
        if thing is None:
            raise ThingNotFound()
        if not await self._places.passes(connection, thing.lock, thing.owner_id):
            raise ThingLocked()
        thing = dataclasses.replace(thing, carrier=connection.character.id, room=None)
        await self._store.world.update_thing(thing)
        return thing

    # Handing, with the receiver's yes ----------------------------------------------------------

    async def hand(self, connection: Connection, thing_name: str, receiver_name: str) -> Offer:
        """Offer something carried to someone here. They are asked; nothing changes hands
        until they accept. Refused exactly as a direct message would be."""
        thing = await self._carried(connection, thing_name)
        here = self._places.here(connection)
        key = name_key(receiver_name.strip())
        receiver = None
        if here is not None:
            receiver = next(
                (
                    next(iter(conns))
                    for conns in here.members.values()
                    if name_key(next(iter(conns)).character.name) == key
                ),
                None,
            )
        if receiver is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        ties = self._registry.ties(connection.account.id, receiver.account.id)
        decision = consent.direct_message(connection.person, receiver.person, ties, online=True)
        if not decision:
            raise refused(decision)
        now = self._clock()
        offers = self._offers.setdefault(receiver.character.id, OrderedDict())
        self._expire(offers, now)
        offers.pop(connection.character.id, None)
        if len(offers) >= MAX_OFFERS_PER_RECEIVER:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        offer = Offer(thing.id, thing.name, connection.ref, connection.account.id, now)
        offers[connection.character.id] = offer
        self.watch.offers_changed(receiver.character.id)
        event = ThingOffered(now, connection.ref, thing.name)
        self._registry.send(self._registry.character_connections(receiver.character.id), event)
        return offer

    def _expire(self, offers: OrderedDict[CharacterId, Offer], now: dt.datetime) -> None:
        for giver in [g for g, o in offers.items() if now - o.at > OFFER_LIFETIME]:
            del offers[giver]

    def offers(self, connection: Connection) -> list[Offer]:
        """What others are handing this character, oldest first."""
        offers = self._offers.get(connection.character.id)
        if offers is None:
            return []
        self._expire(offers, self._clock())
        return list(offers.values())

    def _take(self, connection: Connection, giver_name: str) -> Offer:
        offers = self._offers.get(connection.character.id, OrderedDict())
        self._expire(offers, self._clock())
        key = name_key(giver_name.strip())
        for giver, offer in offers.items():
            if name_key(offer.giver.name) == key:
                del offers[giver]
                if not offers:
                    self._offers.pop(connection.character.id, None)
                self.watch.offers_changed(connection.character.id)
                if self._registry.blocks(connection.account.id, offer.giver_account):
                    break  # a block since: the offer is gone, unseen
                return offer
        raise NoSuchOffer()

    async def accept_hand(self, connection: Connection, giver_name: str) -> Thing:
        """Take what ``giver_name`` offered: it is carried by this character now."""
        offer = self._take(connection, giver_name)
        thing = await self._store.world.get_thing(offer.thing_id)
        adrift_with_giver = (
            thing is not None
            and thing.carrier is None
            and thing.room is None
            and thing.owner_id == offer.giver_account
        )
        if thing is None or not (thing.carrier == offer.giver.id or adrift_with_giver):
            raise NoSuchOffer("That is no longer being offered.")
        thing = dataclasses.replace(thing, carrier=connection.character.id, room=None)
        await self._store.world.update_thing(thing)
        self._answer(connection, offer, accepted=True)
        return thing

    def decline_hand(self, connection: Connection, giver_name: str) -> Offer:
        offer = self._take(connection, giver_name)
        self._answer(connection, offer, accepted=False)
        return offer

    def _answer(self, connection: Connection, offer: Offer, *, accepted: bool) -> None:
        event = HandAnswered(self._clock(), connection.ref, offer.thing, accepted)
        self._registry.send(self._registry.character_connections(offer.giver.id), event)

    def forget(self, connection: Connection) -> None:
        """The character's last connection left: offers to it are dropped."""
        character = connection.character.id
        last = len(self._registry.character_connections(character)) <= 1
        if last and self._offers.pop(character, None) is not None:
            self.watch.offers_changed(character)
