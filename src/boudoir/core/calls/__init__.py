"""Calls and cams: the signalling services (no sockets, no media)."""

from __future__ import annotations

from boudoir.core.calls.cams import CamService
from boudoir.core.calls.service import CallService, CallWatch, ConnectionKeys, TurnRelay
from boudoir.core.calls.state import CallRecord, CallState, Side

__all__ = [
    "CallRecord",
    "CallService",
    "CallState",
    "CallWatch",
    "CamService",
    "ConnectionKeys",
    "Side",
    "TurnRelay",
]
