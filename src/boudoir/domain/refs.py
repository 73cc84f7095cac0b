"""How events name a character and a room: id and name (and a room's rating), never an
account. Re-exported by ``domain.events``.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.ids import CharacterId, RoomId
from boudoir.domain.ratings import Rating


@dataclass(frozen=True, slots=True)
class CharacterRef:
    id: CharacterId
    name: str


@dataclass(frozen=True, slots=True)
class RoomRef:
    id: RoomId
    name: str
    rating: Rating
