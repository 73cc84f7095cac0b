"""Events of calls as ``boudoir.v1`` JSON (docs/websocket.md, "Calls and cams").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import assert_never

from boudoir.domain.call_events import (
    CallEnded,
    CallEvent,
    CallIncoming,
    CallMediaChanged,
    CallRinging,
    CamChanged,
    CamViewersChanged,
    MediaSessionEnded,
    MediaSessionStarted,
    SignalRelayed,
)
from boudoir.domain.calls import CallMedia

Timestamp = Callable[..., str]


def _media(media: CallMedia) -> dict[str, object]:
    return {
        "send_audio": media.send_audio,
        "send_video": media.send_video,
        "receive_video": media.receive_video,
    }


def call_event_object(event: CallEvent, timestamp: Timestamp) -> dict[str, object]:
    """The JSON object of one call event."""
    at = timestamp(event.at)
    match event:
        case CallIncoming():
            return {"type": "call_incoming", "at": at, "call": event.call,
                    "from": event.caller.name, "video": event.video}  # fmt: skip
        case CallRinging():
            return {"type": "call_ringing", "at": at, "call": event.call,
                    "to": event.callee.name, "video": event.video}  # fmt: skip
        case CallEnded():
            return {"type": "call_ended", "at": at, "call": event.call,
                    "reason": event.reason.value}  # fmt: skip
        case CallMediaChanged():
            return {"type": "call_media", "at": at, "call": event.call,
                    "from": event.sender.name, **_media(event.media)}  # fmt: skip
        case MediaSessionStarted():
            shape: dict[str, object] = {"type": "media_session", "at": at,
                                        "session": event.session}  # fmt: skip
            if event.call is not None:
                shape["call"] = event.call
            if event.cam_room is not None:
                shape["cam"] = {"room": event.cam_room, "name": event.cam_name}
            shape["peer"] = event.peer.name
            shape["role"] = event.role.value
            shape["ice_servers"] = [
                {"urls": list(s.urls), "username": s.username, "credential": s.credential}
                for s in event.ice_servers
            ]
            # Relay only: no host or server-reflexive candidate is ever gathered, so neither
            # side learns the other's address.
            shape["ice_transport_policy"] = "relay"
            return shape
        case SignalRelayed():
            return {"type": "signal", "at": at, "session": event.session,
                    "from": event.sender.name, "kind": event.kind,
                    "data": json.loads(event.data)}  # fmt: skip
        case MediaSessionEnded():
            return {"type": "media_session_ended", "at": at, "session": event.session,
                    "reason": event.reason.value}  # fmt: skip
        case CamChanged():
            return {"type": "cam", "at": at, "room": event.room, "name": event.name,
                    "live": event.live, "explicit": event.terms.explicit,
                    "mutual_only": event.terms.mutual_only,
                    "audience": event.terms.audience.value}  # fmt: skip
        case CamViewersChanged():
            return {"type": "cam_viewers", "at": at, "room": event.room,
                    "viewers": list(event.viewers)}  # fmt: skip
        case _:
            assert_never(event)
