"""The walkable world across nodes: ``meetme`` requests and hand offers wait for their answer
on every node, so the person asked answers from whichever node they are on; someone brought
by a ``msummon`` to where the host stands, on another node, stands there from their own node.

The node where a request or an offer is made, answered or dropped publishes what is held for
that character, whole (``MeetRequestsHeld``, ``OffersHeld``); the others take it without
telling anyone. Expiry needs no message: every node drops what is past its time the same way.

The host's node brings the guest into the room (the room's rules, and who is told of the
arrival, are decided there as for anyone); where the guest stood is known on the guest's own
node, which is told (``Placed``) and takes them out of it, telling everyone.

Imports ``boudoir.core`` (meetings, things, places, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from boudoir.core.cluster.messages import MeetRequestsHeld, OffersHeld, Placed
from boudoir.core.cluster.remote import RemoteSession
from boudoir.core.meetings import MeetingService, MeetWatch
from boudoir.core.places import PlaceService, PlaceWatch
from boudoir.core.registry import Connection
from boudoir.core.things import OfferWatch, ThingService
from boudoir.domain.ids import CharacterId, RoomId

if TYPE_CHECKING:
    from boudoir.core.cluster.node import ClusterNode


class WalkableReplica(MeetWatch, OfferWatch, PlaceWatch):
    """Publishes this node's changes to the meeting requests and offers, applies the others';
    tells a summoned guest's node where they stand now."""

    def __init__(
        self,
        meetings: MeetingService,
        things: ThingService,
        places: PlaceService,
        node: ClusterNode,
    ) -> None:
        self._meetings = meetings
        self._things = things
        self._places = places
        self._node = node
        meetings.watch = self
        things.watch = self
        places.watch = self
        node.walkable = self

    def placed_elsewhere(self, guest: Connection, room: RoomId, reason: str) -> bool:
        session = guest.session
        if not isinstance(session, RemoteSession):
            return False
        self._node.tell(session.node, Placed(session.local_id, room, reason))
        return True

    def placed(self, message: Placed) -> None:
        """Another node brought one of this node's people into a room (``placed_elsewhere``)."""
        guest = self._node.own_connection(message.connection)
        if guest is not None:
            self._places.placed(guest, message.room, message.reason)

    def meet_requests_changed(self, character: CharacterId) -> None:
        self._node.publish(self._meet_requests(character))

    def offers_changed(self, character: CharacterId) -> None:
        self._node.publish(self._offers(character))

    def _meet_requests(self, character: CharacterId) -> MeetRequestsHeld:
        held = self._meetings._held.get(character)
        return MeetRequestsHeld(character, tuple(held.values()) if held else ())

    def _offers(self, character: CharacterId) -> OffersHeld:
        held = self._things._offers.get(character)
        return OffersHeld(character, tuple(held.values()) if held else ())

    def states(self) -> tuple[tuple[MeetRequestsHeld, ...], tuple[OffersHeld, ...]]:
        """Everything held (for a node that joins late)."""
        return (
            tuple(self._meet_requests(c) for c in sorted(self._meetings._held)),
            tuple(self._offers(c) for c in sorted(self._things._offers)),
        )

    def apply(self, message: MeetRequestsHeld | OffersHeld, *, learning: bool = False) -> None:
        """Take another node's change. ``learning``: from a snapshot, where only what this
        node does not hold yet is taken."""
        if isinstance(message, MeetRequestsHeld):
            requests = self._meetings._held
            if learning and message.character in requests:
                return
            if message.requests:
                requests[message.character] = OrderedDict(
                    (r.requester.id, r) for r in message.requests
                )
            else:
                requests.pop(message.character, None)
            return
        offers = self._things._offers
        if learning and message.character in offers:
            return
        if message.offers:
            offers[message.character] = OrderedDict((o.giver.id, o) for o in message.offers)
        else:
            offers.pop(message.character, None)
