"""Text people wrote that stays in a room (its topic, its description, the things left there,
an exit's description), as each viewer may see it: not as written when the viewer blocks its
author.

Such text is not speech (the hot path keeps a block's speech from arriving at all): it is room
state, shown to everyone who comes in. ``consent.shown_as_written`` decides; this module applies
it, so that gateways only render: text hidden from a viewer comes out of here empty, with a
flag saying it is hidden by the viewer's own block, and is given only when the viewer asks for
it on purpose (``reveal``). The blocked side sees the text as everyone does; who set a topic is
hidden both ways, as presence is.

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from boudoir.core.ports import Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.domain import consent
from boudoir.domain.entities import Room
from boudoir.domain.ids import AccountId
from boudoir.domain.places import Thing


@dataclass(frozen=True, slots=True)
class TopicView:
    """A room's topic as one viewer sees it."""

    text: str
    """Empty when hidden (unless revealed)."""
    by: str | None
    """The character who set it; ``None`` when unknown or across a block either way."""
    at: dt.datetime | None
    hidden: bool
    """The viewer blocks who set it: shown as hidden by the viewer's block."""


async def topic_author(store: Store, registry: Registry, room: Room) -> AccountId | None:
    """The account behind ``room.topic_by`` (a character name): online characters from live
    state, others from the store. ``None`` when no topic was set or its setter is gone."""
    if not room.topic_by:
        return None
    conns = registry.find_character(room.topic_by)
    if conns:
        return next(iter(conns)).account.id
    character = await store.characters.find_by_name(room.topic_by)
    return None if character is None else character.account_id


async def listed(
    store: Store, registry: Registry, viewer: AccountId, room: Room, blocking: Collection[AccountId]
) -> tuple[Room, bool]:
    """``room`` as the directory lists it to ``viewer``, who blocks ``blocking``: with its topic
    emptied, and True, when the viewer blocks who set it."""
    if not room.topic or not blocking:
        return room, False
    live = registry.rooms.get(room.id)
    author = live.topic_author if live is not None else await topic_author(store, registry, room)
    if consent.shown_as_written(viewer, author, blocking):
        return room, False
    return dataclasses.replace(room, topic="", topic_by=""), True


class AuthoredText:
    """What of others' room text each viewer sees (``World.authored``)."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def shown(self, viewer: Connection, author: AccountId | None) -> bool:
        """Is text ``author`` wrote shown to ``viewer`` as written?"""
        blocking = self._registry.blocking.get(viewer.account.id, ())
        return consent.shown_as_written(viewer.account.id, author, blocking)

    def _topic(
        self, viewer: Connection, room: Room, author: AccountId | None, reveal: bool
    ) -> TopicView:
        hidden = bool(room.topic) and not self.shown(viewer, author)
        across = author is not None and self._registry.blocks(viewer.account.id, author)
        return TopicView(
            "" if hidden and not reveal else room.topic,
            None if across or not room.topic_by else room.topic_by,
            room.topic_at,
            hidden,
        )

    def topic(self, viewer: Connection, live: LiveRoom, *, reveal: bool = False) -> TopicView:
        """The topic of a room ``viewer`` is in; with ``reveal``, its text even when hidden
        (the viewer asked to read it)."""
        return self._topic(viewer, live.room, live.topic_author, reveal)

    def description_hidden(self, viewer: Connection, room: Room) -> bool:
        """Is the room's description hidden from ``viewer``? Its managers write it; it counts
        as its owner's (who chose the moderators)."""
        return bool(room.description) and not self.shown(viewer, room.owner_id)

    def things(self, viewer: Connection, things: Sequence[Thing]) -> tuple[list[Thing], int]:
        """The things lying in a room as ``viewer`` sees them: those shown as written, and how
        many are hidden whole (left there by someone the viewer blocks)."""
        shown = [t for t in things if self.shown(viewer, t.owner_id)]
        return shown, len(things) - len(shown)
