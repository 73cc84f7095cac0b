"""Cluster messages as bytes: MessagePack through msgspec, typed both ways.

msgspec encodes and checks frozen dataclasses, enums, dates and tuples by itself; what it cannot
type is a union of many dataclasses, which is what a domain ``Event`` is. So a message is
encoded as ``[tag, body]`` (its class name, its fields), and wherever a field's type holds an
``Event`` (directly, or inside a tuple or another dataclass) the event goes as ``[event tag,
its own MessagePack document]``, decoded by that event type's own typed decoder. Every value is
checked against its field's type on the way in: a malformed or foreign message raises
``Undecodable`` instead of building half an object, and nothing is pickled, so whoever can
write to Redis can send a node nothing but data.

Imports ``boudoir.core.cluster.messages``, ``boudoir.domain`` and msgspec.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any, Final

import msgspec

from boudoir.core.cluster.messages import MESSAGE_TYPES, ClusterMessage, Deliveries, Delivery
from boudoir.domain.events import Event
from boudoir.domain.ids import ConnectionId, RoomId

EVENT_TYPES: Final[dict[str, type[Event]]] = {t.__name__: t for t in typing.get_args(Event)}

Convert = Callable[[Any], Any]


class Undecodable(ValueError):
    """Bytes that are not a cluster message this node knows."""


_encoder: Final = msgspec.msgpack.Encoder()
_raw: Final = msgspec.msgpack.Decoder()
_event_decoders: Final[dict[str, msgspec.msgpack.Decoder[Any]]] = {
    name: msgspec.msgpack.Decoder(cls) for name, cls in EVENT_TYPES.items()
}


def _holds_event(hint: Any) -> bool:
    if hint == Event:
        return True
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return any(_holds_event(h) for h in typing.get_type_hints(hint).values())
    return any(_holds_event(arg) for arg in typing.get_args(hint))


def _homogeneous_tuple(hint: Any) -> Any | None:
    """``X`` for ``tuple[X, ...]``, else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _outward(hint: Any) -> Convert | None:
    """How to make a value of type ``hint`` encodable, or None when msgspec takes it as it is."""
    if not _holds_event(hint):
        return None
    if hint == Event:
        return lambda event: (type(event).__name__, _encoder.encode(event))
    item = _homogeneous_tuple(hint)
    if item is not None:
        inner = _outward(item)
        assert inner is not None
        return lambda values: [inner(value) for value in values]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        fields = [(name, _outward(h)) for name, h in typing.get_type_hints(hint).items()]
        return lambda value: {
            name: getattr(value, name) if out is None else out(getattr(value, name))
            for name, out in fields
        }
    raise TypeError(f"cannot carry {hint!r} between nodes")  # a programming error


def _inward(hint: Any) -> Convert:
    """How to check and build a value of type ``hint`` from what MessagePack gave."""
    if not _holds_event(hint):
        return lambda value: msgspec.convert(value, type=hint, strict=False)
    if hint == Event:

        def event(value: Any) -> Any:
            tag, document = value
            return _event_decoders[tag].decode(document)

        return event
    item = _homogeneous_tuple(hint)
    if item is not None:
        inner = _inward(item)
        return lambda values: tuple(inner(value) for value in values)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        cls = hint
        fields = [(name, _inward(h)) for name, h in typing.get_type_hints(cls).items()]

        def build(value: dict[str, Any]) -> Any:
            return cls(**{name: convert(value[name]) for name, convert in fields if name in value})

        return build
    raise TypeError(f"cannot carry {hint!r} between nodes")  # a programming error


_OUT: Final[dict[type, Convert | None]] = {cls: _outward(cls) for cls in MESSAGE_TYPES}
_IN: Final[dict[str, Convert]] = {cls.__name__: _inward(cls) for cls in MESSAGE_TYPES}


# ``Deliveries``, the bulk of what crosses between nodes, is encoded and decoded through a
# msgspec shape of its own (each event still as its tag and document): checked and built in C,
# where the generic path above builds and checks each ``Delivery`` field by field in Python.
# The bytes are those the generic path would give. The shapes live only while a message is
# encoded or decoded and hold no cycles: not tracked by the garbage collector (``gc=False``), so
# they do not bring its next collection nearer, and on a busy node each collection walks every
# message held for replay.


class _DeliveryShape(msgspec.Struct, frozen=True, gc=False):
    event: tuple[str, bytes]
    connections: tuple[ConnectionId, ...] = ()
    room: RoomId | None = None
    rendered: tuple[tuple[str, bytes], ...] = ()


class _DeliveriesShape(msgspec.Struct, frozen=True, gc=False):
    items: tuple[_DeliveryShape, ...]


_tagged: Final = msgspec.msgpack.Decoder(tuple[str, msgspec.Raw])
_deliveries: Final = msgspec.msgpack.Decoder(_DeliveriesShape)


def _decode_deliveries(body: msgspec.Raw) -> Deliveries:
    decoders = _event_decoders
    return Deliveries(
        tuple(
            Delivery(
                decoders[item.event[0]].decode(item.event[1]),
                item.connections,
                item.room,
                item.rendered,
            )
            for item in _deliveries.decode(body).items
        )
    )


def _encode_deliveries(message: Deliveries) -> bytes:
    encode_event = _encoder.encode
    return _encoder.encode(
        (
            "Deliveries",
            _DeliveriesShape(
                tuple(
                    _DeliveryShape(
                        (type(item.event).__name__, encode_event(item.event)),
                        item.connections,
                        item.room,
                        item.rendered,
                    )
                    for item in message.items
                )
            ),
        )
    )


def encode(message: ClusterMessage) -> bytes:
    if type(message) is Deliveries:
        return _encode_deliveries(message)
    out = _OUT[type(message)]
    return _encoder.encode((type(message).__name__, message if out is None else out(message)))


def decode(data: bytes) -> ClusterMessage:
    try:
        tag, body = _tagged.decode(data)
        if tag == "Deliveries":
            return _decode_deliveries(body)
        message: ClusterMessage = _IN[tag](_raw.decode(body))
        return message
    except (msgspec.DecodeError, msgspec.ValidationError, KeyError, TypeError, ValueError) as e:
        raise Undecodable(f"not a cluster message: {e}") from None
