"""The in-process bus: publish/subscribe by topic within one Boudoir process.

The default ``Bus`` when a deployment runs a single node, and the bus of most tests. Imports
``boudoir.core.ports``, ``boudoir.domain`` and the standard library only.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from boudoir.core.ports import BusHandler

logger = logging.getLogger(__name__)


class MemoryBus:
    """Implements ``boudoir.core.ports.Bus`` inside one process.

    ``publish`` awaits every handler of the topic in the order they subscribed, one after the
    other, and returns when all have run. A handler that raises is logged and skipped: one broken
    subscriber must not keep a message from the others. After ``close`` the bus forgets its
    handlers, and ``publish`` and ``subscribe`` raise ``RuntimeError``.
    """

    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[BusHandler]] = defaultdict(list)
        self._closed = False

    async def publish(self, topic: str, payload: bytes) -> None:
        self._check_open("publish")
        # A snapshot: a handler that subscribes or closes the bus does not change this delivery.
        handlers = tuple(self._handlers.get(topic, ()))
        for handler in handlers:
            try:
                await handler(topic, payload)
            except Exception:
                # Exception, not BaseException: cancellation still propagates to the publisher.
                logger.exception("bus handler %r failed on topic %r", handler, topic)

    async def subscribe(self, topic: str, handler: BusHandler) -> None:
        self._check_open("subscribe")
        self._handlers[topic].append(handler)

    async def close(self) -> None:
        """Unsubscribe every handler. Closing twice is harmless."""
        self._closed = True
        self._handlers.clear()

    def _check_open(self, operation: str) -> None:
        if self._closed:
            raise RuntimeError(f"cannot {operation}: this MemoryBus is closed")
