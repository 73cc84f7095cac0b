"""The command layer: one handler per intent, for every gateway.

A gateway parses its wire into an intent (``boudoir.domain.intents``), builds a ``Context``
(the world and who acts: a live connection, or an account for the HTTP API) and awaits
``run(context, intent)``. The handler does the work through the world's services and returns a
reply (``boudoir.domain.replies``) for the one who asked, or None when there is nothing to
say; a refusal raises a ``BoudoirError``, which each gateway maps to its own error form
through its one error table. What others see goes out as domain events from the services.

``run`` dispatches by family (``RelationIntent`` -> ``relations.run``); each family's ``run``
matches its intents exhaustively, so an intent without a handler fails the type check.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands import (
    account,
    automod,
    building,
    calls,
    logs,
    mail,
    meetings,
    moderation,
    presence,
    profiles,
    relations,
    rooms,
    scenes,
    speech,
    world,
)
from boudoir.core.commands.context import Context
from boudoir.domain.intents import (
    AccountIntent,
    AutomodIntent,
    BuildingIntent,
    CallIntent,
    Intent,
    LogIntent,
    MailIntent,
    MeetingIntent,
    ModerationIntent,
    PresenceIntent,
    ProfileIntent,
    RelationIntent,
    RoomIntent,
    SceneIntent,
    SpeechIntent,
    WorldIntent,
)
from boudoir.domain.replies import Reply


async def run(context: Context, intent: Intent) -> Reply | None:
    """Carry out ``intent`` for ``context``; its reply, or None. Domain errors raise."""
    match intent:
        case RelationIntent():
            return await relations.run(context, intent)
        case PresenceIntent():
            return await presence.run(context, intent)
        case MailIntent():
            return await mail.run(context, intent)
        case WorldIntent():
            return await world.run(context, intent)
        case BuildingIntent():
            return await building.run(context, intent)
        case ModerationIntent():
            return await moderation.run(context, intent)
        case AutomodIntent():
            return await automod.run(context, intent)
        case SceneIntent():
            return await scenes.run(context, intent)
        case LogIntent():
            return await logs.run(context, intent)
        case CallIntent():
            return await calls.run(context, intent)
        case MeetingIntent():
            return await meetings.run(context, intent)
        case ProfileIntent():
            return await profiles.run(context, intent)
        case AccountIntent():
            return await account.run(context, intent)
        case RoomIntent():
            return await rooms.run(context, intent)
        case SpeechIntent():
            return await speech.run(context, intent)
        case _:
            assert_never(intent)


run_now = speech.run_now
"""The hot path: speech intents carried out at once (``core.commands.speech``)."""

__all__ = ["Context", "run", "run_now"]
