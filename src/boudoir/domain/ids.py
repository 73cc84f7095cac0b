"""Identifiers. Opaque strings generated here so that no store round trip is needed."""

from __future__ import annotations

import secrets
from typing import NewType

AccountId = NewType("AccountId", str)
CharacterId = NewType("CharacterId", str)
RoomId = NewType("RoomId", str)
ConnectionId = NewType("ConnectionId", str)
MessageId = NewType("MessageId", str)


def _token() -> str:
    # 96 random bits: collisions are out of reach and the ids leak nothing (no clock, no counter).
    return secrets.token_hex(12)


def new_account_id() -> AccountId:
    return AccountId("a" + _token())


def new_character_id() -> CharacterId:
    return CharacterId("c" + _token())


def new_room_id() -> RoomId:
    return RoomId("r" + _token())


def new_message_id() -> MessageId:
    return MessageId(_token())
