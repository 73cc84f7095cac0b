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

from boudoir.core.commands import relations, speech
from boudoir.core.commands.context import Context
from boudoir.domain.intents import Intent, RelationIntent, SpeechIntent
from boudoir.domain.replies import Reply


async def run(context: Context, intent: Intent) -> Reply | None:
    """Carry out ``intent`` for ``context``; its reply, or None. Domain errors raise."""
    match intent:
        case RelationIntent():
            return await relations.run(context, intent)
        case SpeechIntent():
            return await speech.run(context, intent)
        case _:
            assert_never(intent)


run_now = speech.run_now
"""The hot path: speech intents carried out at once (``core.commands.speech``)."""

__all__ = ["Context", "run", "run_now"]
