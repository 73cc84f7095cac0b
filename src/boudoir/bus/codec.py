"""Cluster messages as bytes: MessagePack through msgspec, typed both ways.

A message is encoded as ``[tag, {field: value}]``, its class name and its fields; a field that
holds a domain event (a union of many dataclasses) as ``[event tag, event]``. Decoding checks
every value against the field's type, so a malformed or foreign message raises ``Undecodable``
instead of building half an object. Nothing is pickled: whoever can write to Redis can send
a node nothing but data.

Imports ``boudoir.core.cluster.messages``, ``boudoir.domain`` and msgspec.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any, Final

import msgspec

from boudoir.core.cluster.messages import MESSAGE_TYPES, ClusterMessage
from boudoir.domain.events import Event

EVENT_TYPES: Final[dict[str, type[Event]]] = {t.__name__: t for t in typing.get_args(Event)}


class Undecodable(ValueError):
    """Bytes that are not a cluster message this node knows."""


_Field = tuple[str, bool, Callable[[Any], Any]]
"""A field's name, whether it holds an event, and how to check and convert its value."""


def _converter(hint: Any) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return msgspec.convert(value, type=hint, strict=False)

    return convert


def _fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        (f.name, hints[f.name] == Event, _converter(hints[f.name])) for f in dataclasses.fields(cls)
    )


_MESSAGES: Final[dict[str, tuple[type[ClusterMessage], tuple[_Field, ...]]]] = {
    cls.__name__: (cls, _fields(cls)) for cls in MESSAGE_TYPES
}
_EVENTS: Final[dict[str, msgspec.msgpack.Decoder[Any]]] = {
    name: msgspec.msgpack.Decoder(cls) for name, cls in EVENT_TYPES.items()
}
_encoder: Final = msgspec.msgpack.Encoder()
_raw: Final = msgspec.msgpack.Decoder()


def encode(message: ClusterMessage) -> bytes:
    cls = type(message)
    _, fields = _MESSAGES[cls.__name__]
    body: dict[str, Any] = {}
    for name, is_event, _ in fields:
        value = getattr(message, name)
        # An event goes as its own MessagePack document, decoded by its own typed decoder.
        body[name] = (type(value).__name__, _encoder.encode(value)) if is_event else value
    return _encoder.encode((cls.__name__, body))


def decode(data: bytes) -> ClusterMessage:
    try:
        tag, body = _raw.decode(data)
        cls, fields = _MESSAGES[tag]
        values: dict[str, Any] = {}
        for name, is_event, convert in fields:
            if name not in body:
                continue  # the dataclass's default, or a TypeError below
            value = body[name]
            if is_event:
                event_tag, event = value
                values[name] = _EVENTS[event_tag].decode(event)
            else:
                values[name] = convert(value)
        return cls(**values)
    except (msgspec.DecodeError, msgspec.ValidationError, KeyError, TypeError, ValueError) as e:
        raise Undecodable(f"not a cluster message: {e}") from None
