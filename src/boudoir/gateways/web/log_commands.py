"""The ``logging`` state of the ``join`` reply (docs/websocket.md, "Logging"): the room's log
consent as this browser sees it. The consent commands themselves (``log_propose``,
``log_agree``, ``log_withdraw``) are log intents run through the core.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.world import World
from boudoir.wire.webjson.replies.logs import logging_state


def room_logging(world: World, conn: Connection, live: LiveRoom) -> dict[str, object]:
    """The ``logging`` field of a room's state."""
    return logging_state(world.logs.state(conn, live))
