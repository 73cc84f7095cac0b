"""One event's renderings, kept per variant while the core hands it to every recipient.

The core delivers one event to all its recipients before it moves on to the next, so keeping
the last event only is enough: a room of a hundred clients costs one rendering per variant
(the set of choices a wire's ``render`` depends on: tags, colours, window width, framing...)
and a dictionary lookup and an append per client. Every gateway (IRC, telnet, web) uses this
one class; each chooses its variant key, something cheap to hash that determines the bytes.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from boudoir.domain.events import Event

K = TypeVar("K", bound=Hashable)
"""A variant key."""
R = TypeVar("R")
"""What one rendering gives (bytes, or None when the variant shows nothing)."""


class VariantCache(Generic[K, R]):
    """The renderings of the last event, by variant key.

    The hot path reads ``renderings(event)`` once and then looks each recipient's key up in
    the dictionary it returns, rendering (``get``) only on a miss. The cache holds the event
    itself, so its identity cannot be reused by another object while cached.
    """

    __slots__ = ("event", "rendered")

    def __init__(self) -> None:
        self.event: Event | None = None
        self.rendered: dict[K, R] = {}
        """The last event's renderings so far, by variant key."""

    def renderings(self, event: Event) -> dict[K, R]:
        """The renderings of ``event`` so far (emptied when ``event`` is a new one)."""
        if event is not self.event:
            self.event = event
            self.rendered = {}
        return self.rendered

    def get(self, event: Event, key: K, render: Callable[[], R]) -> R:
        """``event`` as variant ``key`` shows it: ``render()`` on the first need, kept after."""
        rendered = self.renderings(event)
        try:
            return rendered[key]
        except KeyError:
            result = rendered[key] = render()
            return result
