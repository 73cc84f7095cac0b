"""The browser's log consent commands (``log_propose``, ``log_agree``, ``log_withdraw``)
(docs/websocket.md, "Logging"). The ``join`` reply's ``logging`` is the room family's
(``wire/webjson/replies/rooms.py``).

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Mapping

from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.events import LogStateChanged
from boudoir.wire.webjson import LogConsent
from boudoir.wire.webjson.render import log_state_object


def run_log_command(world: World, conn: Connection, command: LogConsent) -> Mapping[str, object]:
    """One log consent command: everyone in the room (this browser too) gets ``log_state``;
    the ``ok`` carries the state as this browser sees it."""
    logs = world.logs
    if command.action == "propose":
        state = logs.propose(conn, command.room)
    elif command.action == "agree":
        state = logs.agree(conn, command.room)
    else:
        state = logs.withdraw(conn, command.room)
    return {"logging": logging_state(state)}


def logging_state(state: LogStateChanged | None) -> dict[str, object]:
    shape = log_state_object(state)
    shape.pop("room", None)
    return shape
