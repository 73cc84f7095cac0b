"""Handlers of the intents about calls and cams: each a call into ``world.calls`` or
``world.cams``.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.calls import CallMedia, CamTerms
from boudoir.domain.intents.calls import (
    AnswerCall,
    CallIntents,
    CamAction,
    HangUp,
    PlaceCall,
    RelaySignal,
    SetCallMedia,
    StartCam,
    StopCam,
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
        case StartCam(room, explicit, mutual_only, audience):
            context.world.cams.start(context.conn, room, CamTerms(explicit, mutual_only, audience))
        case StopCam(room):
            context.world.cams.stop(context.conn, room)
        case CamAction(what, room, name):
            cams = context.world.cams
            actions = {"invite": cams.invite, "open": cams.open, "close": cams.close,
                       "boot": cams.boot, "cut": cams.cut}  # fmt: skip
            actions[what](context.conn, room, name)
        case _:
            assert_never(intent)
    return None
