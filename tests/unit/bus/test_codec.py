"""Cluster messages survive the trip between nodes unchanged, for every kind of event, and
bytes that are not a message are refused with one error type."""

from __future__ import annotations

import datetime as dt
import typing

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boudoir.bus.codec import Undecodable, decode, encode
from boudoir.core.cluster.messages import (
    MESSAGE_TYPES,
    AccountBroadcast,
    AccountChanged,
    Deliveries,
    Delivery,
    NodeLeft,
    RoomBroadcast,
)
from boudoir.core.seals import Sealer
from boudoir.domain.entities import AccountList, ListEntry
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    Event,
    MessageDeleted,
    MessageEdited,
    MessageKind,
    RoomRef,
    ServerNotice,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, MessageId, RoomId
from boudoir.domain.ratings import Rating

EVENT_TYPES = typing.get_args(Event)
NOON = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
LOUNGE = RoomRef(RoomId("r1"), "lounge", Rating.GENERAL)
ALICE = CharacterRef(CharacterId("c1"), "alice")
EDITED = MessageEdited(
    MessageId("m1"), NOON, NOON, ALICE, MessageKind.POSE, "waves \u00e9", LOUNGE, None, "seal"
)
DELETED = MessageDeleted(MessageId("m1"), NOON, ALICE, LOUNGE, by_moderator=True)

# Whole numbers in messages are counts and revisions: MessagePack's 64 bits hold them all.
st.register_type_strategy(int, st.integers(-(2**63), 2**63 - 1))
# A room's lists hold each account once (checked when one is built).
st.register_type_strategy(
    AccountList,
    st.lists(st.from_type(ListEntry), max_size=3, unique_by=lambda e: e.account_id).map(
        lambda entries: AccountList(tuple(entries))
    ),
)


@pytest.mark.parametrize("event_type", EVENT_TYPES, ids=lambda t: t.__name__)
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_event_crosses_in_a_room_broadcast(event_type: type, data: st.DataObject) -> None:
    event = data.draw(st.from_type(event_type))
    message = RoomBroadcast(RoomId("r1"), event, AccountId("a1"))
    assert decode(encode(message)) == message


@pytest.mark.parametrize("message_type", MESSAGE_TYPES, ids=lambda t: t.__name__)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_kind_of_message_crosses(message_type: type, data: st.DataObject) -> None:
    message = data.draw(st.from_type(message_type))
    assert decode(encode(message)) == message


@pytest.mark.parametrize(
    "message",
    [
        AccountBroadcast(
            AccountId("a1"),
            ServerNotice(dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC), "Maintenance at noon."),
        ),
        AccountChanged(AccountId("a2")),
        NodeLeft("node-b", "Connection closed"),
        RoomBroadcast(RoomId("r1"), EDITED, AccountId("a1")),
        RoomBroadcast(RoomId("r1"), DELETED, AccountId("a1")),
    ],
)
def test_plain_messages_cross(message: object) -> None:
    assert decode(encode(message)) == message  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xc1",  # never used in MessagePack
        msgspec.msgpack.encode(("Unknown", {})),
        msgspec.msgpack.encode(("NodeLeft", {"node": 3, "reason": "x"})),
        msgspec.msgpack.encode(("NodeLeft", {"node": "b"})),
        msgspec.msgpack.encode(("RoomBroadcast", {"room": "r", "event": ("Nope", b"")})),
        msgspec.msgpack.encode(("RoomBroadcast", {"room": "r", "event": ("ServerNotice", b"x")})),
        msgspec.msgpack.encode(["just", "a", "list"]),
    ],
)
def test_anything_else_is_undecodable(data: bytes) -> None:
    with pytest.raises(Undecodable):
        decode(data)


def test_a_message_whose_seal_nobody_read_yet_reaches_another_node_with_its_seal() -> None:
    # The core seals on first read (``Sealer.seal_on_read``); the copy for another node reads it.
    sealer = Sealer(bytes(range(32)))
    bob = CharacterRef(CharacterId("c2"), "bob")
    seal = sealer.seal_on_read("m1", NOON, "bob", "alice", "say", "hello")
    event = DirectMessageSent(MessageId("m1"), NOON, ALICE, bob, MessageKind.SAY, "hello", (), seal)
    message = Deliveries((Delivery(event, (ConnectionId("irc-1"),)),))
    arrived = decode(encode(message))
    assert isinstance(arrived, Deliveries)
    assert arrived.items[0].event == event
    sent = arrived.items[0].event
    assert isinstance(sent, DirectMessageSent)
    line = {"id": "m1", "at": "2026-12-07T12:00:00.000Z", "to": "bob", "from": "alice"}
    assert sealer.verify({**line, "kind": "say", "text": "hello", "seal": sent.seal})
