"""Rooms: create, join, leave, topic, invitations, the directory and who is here; and what a
room's managers control: its key, flags, visibility and limit, moderators and voices, kicks,
bans and the lists of exceptions.

Every setting change returns the event it emitted, or ``None`` when the setting already had that
value: nothing is sent then (the IRC convention for a mode already set). Each change is shown to
every connection in the room, the actor's included; a viewer on either side of a block with the
actor sees it without who did it (``by`` is ``None``), and a viewer on either side of a block
with the person it is about does not see it at all (that person is not there, for them).

``RoomService`` (``world.rooms``) is one object made of four parts over a shared base
(``base.py``): ``membership.py``, ``settings.py``, ``bans.py`` and ``directory.py``; the limits
on a room's texts and numbers are in ``limits.py``. This module is the public face: import
from ``boudoir.core.rooms``. Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.rooms.bans import BANNED, RoomBans
from boudoir.core.rooms.base import MembershipObserver, RoomBase, refused
from boudoir.core.rooms.directory import Member, RoomDirectory, RoomListing
from boudoir.core.rooms.limits import (
    MAX_KICK_REASON,
    MAX_MEMBER_LIMIT,
    MAX_ROOM_DESCRIPTION,
    MAX_ROOMS_PER_CONNECTION,
)
from boudoir.core.rooms.membership import RoomMembership
from boudoir.core.rooms.settings import RoomSettings

__all__ = [
    "BANNED",
    "MAX_KICK_REASON",
    "MAX_MEMBER_LIMIT",
    "MAX_ROOMS_PER_CONNECTION",
    "MAX_ROOM_DESCRIPTION",
    "Member",
    "MembershipObserver",
    "RoomBase",
    "RoomListing",
    "RoomService",
    "refused",
]


class RoomService(RoomMembership, RoomSettings, RoomBans, RoomDirectory):
    """Every room operation, as ``world.rooms``: the parts share one ``RoomBase`` state."""
