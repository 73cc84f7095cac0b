"""Intents: what a person asks the world to do, one frozen dataclass per command, named in
the imperative (``Block``, ``Join``, ``Safeword``).

Every gateway parses its wire into one of these (IRC lines, telnet lines, JSON messages and
HTTP requests alike) and hands it to the one core handler (``boudoir.core.commands.run``).
They live in the domain, beside the events they lead to, so that the sans-I/O wire parsers can
build them without importing the core.

An intent belongs to one family (a module here with a base class, e.g. ``RelationIntent``,
and the union of its intents); ``Intent`` is the union of every family, so the dispatcher's
``match`` is checked for exhaustiveness by mypy: an intent without a handler fails the type
check.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.logs import (
    AgreeToLog,
    DeleteLogLine,
    ListListeners,
    ListLogs,
    LogIntent,
    LogIntents,
    ProposeLog,
    ReadLog,
    ShowLogState,
    WithdrawFromLog,
)
from boudoir.domain.intents.meetings import (
    DeclineMeeting,
    ListMeetingRequests,
    MeetingIntent,
    MeetingIntents,
    RequestMeeting,
)
from boudoir.domain.intents.relations import (
    Block,
    ListBlocks,
    RelationIntent,
    RelationIntents,
    Unblock,
)
from boudoir.domain.intents.scenes import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListSceneInvitations,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    Safeword,
    SceneIntent,
    SceneIntents,
    VoteOnAddition,
)

Intent = RelationIntents | SceneIntents | LogIntents | MeetingIntents
"""Every intent, of every family."""

__all__ = [
    "AcceptSceneInvitation",
    "AgreeToLog",
    "Block",
    "DeclineMeeting",
    "DeclineSceneInvitation",
    "DeleteLogLine",
    "Intent",
    "InviteToScene",
    "LeaveScene",
    "ListBlocks",
    "ListListeners",
    "ListLogs",
    "ListMeetingRequests",
    "ListSceneInvitations",
    "ListScenes",
    "LogIntent",
    "LogIntents",
    "MeetingIntent",
    "MeetingIntents",
    "PauseScene",
    "ProposeForScene",
    "ProposeLog",
    "ReadLog",
    "RelationIntent",
    "RelationIntents",
    "RequestMeeting",
    "ResumeScene",
    "Safeword",
    "SceneIntent",
    "SceneIntents",
    "ShowLogState",
    "Unblock",
    "VoteOnAddition",
    "WithdrawFromLog",
]
