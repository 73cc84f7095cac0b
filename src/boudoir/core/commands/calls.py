"""Handlers of the intents about calls: each a call into ``world.calls``.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.calls import CallMedia
from boudoir.domain.intents.calls import (
    AnswerCall,
    CallIntents,
    HangUp,
    PlaceCall,
    RelaySignal,
    SetCallMedia,
)
from boudoir.domain.replies.calls import CallPlaced


async def run(context: Context, intent: CallIntents) -> CallPlaced | None:
    calls = context.world.calls
    match intent:
        case PlaceCall(to, video):
            return CallPlaced(calls.place(context.conn, to, video=video))
        case AnswerCall(call, accept):
            calls.answer(context.conn, call, accept=accept)
        case SetCallMedia(call, send_audio, send_video, receive_video):
            calls.set_media(context.conn, call, CallMedia(send_audio, send_video, receive_video))
        case HangUp(call):
            calls.hang_up(context.conn, call)
        case RelaySignal(session, kind, data):
            calls.relay_signal(context.conn, session, kind, data)
        case _:
            assert_never(intent)
    return None
