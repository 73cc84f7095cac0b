"""The browser's scene commands (docs/websocket.md, "Scenes"): run through the core as
intents; the ``ok`` fields are the reply's (``wire.webjson.replies``).

The one echo is this module's: a browser that leaves a scene gets the departure (and the
scene's end, when it was the last) as the events the others got, before the ``ok``.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from boudoir.core import commands
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.intents import SceneIntents
from boudoir.domain.replies import SceneLeft
from boudoir.wire.webjson.replies import fields

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import WebSession


async def run_scene_intent(
    world: World, session: WebSession, conn: Connection, intent: SceneIntents
) -> Mapping[str, object]:
    """Carry out a scene intent: the fields of its ``ok``. Domain errors raise."""
    reply = await commands.run(commands.Context.of(world, conn), intent)
    if isinstance(reply, SceneLeft):
        session.deliver(reply.left)
        if reply.ended is not None:
            session.deliver(reply.ended)
    return (None if reply is None else fields(reply)) or {}
