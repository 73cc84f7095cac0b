"""The call and cam commands a browser sends (docs/websocket.md, "Calls and cams"), as
entries of ``commands.SPECS`` built with the parser's own field checks. A signal's ``data``
is any JSON object, kept as its compact text and relayed as it came.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any

from boudoir.domain.calls import SIGNAL_KINDS, CamAudience
from boudoir.domain.intents.calls import (
    AnswerCall,
    CamAction,
    HangUp,
    PlaceCall,
    RelaySignal,
    SetCallMedia,
    StartCam,
    StopCam,
)
from boudoir.wire.webjson.bad_message import BadMessage

Check = Callable[[str, object], object]
CAM_ACTIONS = ("invite", "open", "close", "boot", "cut")
"""``cam_<action>`` commands, each on ``name``'s cam in ``room``."""


def signal_data(field: str, value: object) -> str:
    """A signal's ``data``: a JSON object (an SDP description, a candidate), as compact
    text."""
    if not isinstance(value, dict):
        raise BadMessage(f"Field {field!r} must be an object.")
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def specs(
    spec: Callable[..., Any],
    string: Check,
    boolean: Check,
    choice: Callable[[Mapping[str, object] | frozenset[str]], Check],
) -> dict[str, Any]:
    """Each command's spec, made by the parser's ``spec`` from its checks."""
    text, flag = (string, True), (boolean, True)
    return {
        "call": spec(PlaceCall, to=text, video=flag),
        "call_answer": spec(AnswerCall, call=text, accept=flag),
        "call_media": spec(
            SetCallMedia, call=text, send_audio=flag, send_video=flag, receive_video=flag
        ),
        "hangup": spec(HangUp, call=text),
        "signal": spec(
            RelaySignal,
            session=text,
            kind=(choice(SIGNAL_KINDS), True),
            data=(signal_data, True),
        ),
        "cam_start": spec(
            StartCam,
            room=text,
            explicit=flag,
            mutual_only=flag,
            audience=(choice({a.value: a for a in CamAudience}), True),
        ),
        "cam_stop": spec(StopCam, room=text),
        **{
            f"cam_{what}": spec(functools.partial(CamAction, what), room=text, name=text)
            for what in CAM_ACTIONS
        },
    }
