"""A string field of a frozen event that may be computed on its first read.

A message's seal (``core.seals``) costs an HMAC, and most direct messages reach nobody who is
shown it: an IRC client without message-tags, telnet without seals shown. So the core may
build a message event with ``deferred(compute, ...)`` in place of the seal, and the field gives
``compute(...)``'s string on its first read, kept for every read after: to the renderers, the
replay, a report, a copy sent to another node, ``==`` and ``repr`` alike. Whoever reads the
field sees a ``str`` as before; nothing else changes.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast


class _Pending(partial[str]):
    """What a deferred field holds until its first read: the call that computes it."""

    __slots__ = ()


def deferred(compute: Callable[..., str], *arguments: Any) -> str:
    """A value for a field made with ``computed_on_first_read``: ``compute(*arguments)`` once,
    when the field is first read. Typed as the ``str`` it stands for."""
    return cast(str, _Pending(compute, *arguments))


class _ComputedOnFirstRead:
    """Replaces the slot's descriptor: reads through it, computing a pending value once."""

    __slots__ = ("_default", "_slot")

    def __init__(self, slot: Any, default: str) -> None:
        self._slot = slot
        self._default = default

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self._default
        value = self._slot.__get__(instance, owner)
        if type(value) is _Pending:
            value = value()
            self._slot.__set__(instance, value)
        return value

    def __set__(self, instance: object, value: str) -> None:
        # Only for whoever builds the object past its __init__ (the frozen dataclass's
        # ``object.__setattr__``, a decoder): frozen dataclasses refuse ``instance.x = v``.
        self._slot.__set__(instance, value)


def computed_on_first_read(cls: type, name: str, default: str = "") -> None:
    """Let the ``str`` field ``name`` of the slotted dataclass ``cls`` hold ``deferred(...)``."""
    setattr(cls, name, _ComputedOnFirstRead(cls.__dict__[name], default))
