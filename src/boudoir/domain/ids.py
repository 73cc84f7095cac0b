"""Identifiers. Opaque strings generated here so that no store round trip is needed."""

from __future__ import annotations

import os
from typing import Final, NewType

AccountId = NewType("AccountId", str)
CharacterId = NewType("CharacterId", str)
RoomId = NewType("RoomId", str)
ConnectionId = NewType("ConnectionId", str)
MessageId = NewType("MessageId", str)


TOKEN_BYTES: Final = 12
"""96 random bits: collisions are out of reach and the ids leak nothing (no clock, no counter)."""
_BATCH: Final = TOKEN_BYTES * 256
"""Random bytes read from the kernel at once: one system call for 256 ids, not one each."""

_random = bytearray()


def _token() -> str:
    # os.urandom is what ``secrets`` reads; reading it in batches keeps a system call off the
    # path of every message.
    if len(_random) < TOKEN_BYTES:
        _random[:] = os.urandom(_BATCH)
    token = _random[-TOKEN_BYTES:].hex()
    del _random[-TOKEN_BYTES:]
    return token


def _forget_random() -> None:
    # A forked child must not hand out its parent's next ids.
    _random.clear()


os.register_at_fork(after_in_child=_forget_random)


def new_account_id() -> AccountId:
    return AccountId("a" + _token())


def new_character_id() -> CharacterId:
    return CharacterId("c" + _token())


def new_room_id() -> RoomId:
    return RoomId("r" + _token())


def new_message_id() -> MessageId:
    return MessageId(_token())
