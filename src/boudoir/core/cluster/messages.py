"""What nodes tell each other: frozen dataclasses of plain values, domain references and
domain events, so ``bus.codec`` can carry them without pickling anything.

Imports ``boudoir.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId, RoomId


@dataclass(frozen=True, slots=True)
class RoomBroadcast:
    """Something said or done in a room, for that room's members on the receiving node.
    ``author`` is the account it comes from, if a person's (their blocks apply to it)."""

    room: RoomId
    event: Event
    author: AccountId | None = None


@dataclass(frozen=True, slots=True)
class AccountBroadcast:
    """An event for every connection of one account on the receiving node."""

    account: AccountId
    event: Event
    author: AccountId | None = None


@dataclass(frozen=True, slots=True)
class AccountChanged:
    """An account's stored state changed (a suspension, a password, a block, an erasure):
    nodes where it or someone it relates to is connected reload what they cached of it."""

    account: AccountId


@dataclass(frozen=True, slots=True)
class NodeLeft:
    """A node stopped (or was found dead): its people are gone."""

    node: str
    reason: str


ClusterMessage = RoomBroadcast | AccountBroadcast | AccountChanged | NodeLeft
"""Every message a node may publish."""

MESSAGE_TYPES: tuple[type[ClusterMessage], ...] = (
    RoomBroadcast,
    AccountBroadcast,
    AccountChanged,
    NodeLeft,
)
