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

from boudoir.domain.intents.automod import (
    AddRule,
    AutomodIntent,
    AutomodIntents,
    ChangeRule,
    ClearPhrase,
    ListRules,
    RemoveRule,
    ShowRule,
    TryText,
)
from boudoir.domain.intents.building import (
    AnswerHand,
    BuilderIntent,
    BuildingIntent,
    BuildingIntents,
    Describe,
    Dig,
    Examine,
    Hand,
    LinkExit,
    ListCarried,
    ListOffers,
    Lock,
    MakeThing,
    OpenExit,
    PickUp,
    PutDown,
    Recycle,
    Rename,
    UnlinkExit,
    Unlock,
)
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
from boudoir.domain.intents.mail import (
    CountUnread,
    DeleteLetter,
    ListLetters,
    MailIntent,
    MailIntents,
    ReadLetter,
    SendLetter,
)
from boudoir.domain.intents.meetings import (
    DeclineMeeting,
    ListMeetingRequests,
    MeetingIntent,
    MeetingIntents,
    RequestMeeting,
)
from boudoir.domain.intents.moderation import (
    ApproveAccount,
    ConfirmStaff,
    CreateInvitation,
    ListPendingAccounts,
    ModerationIntent,
    ModerationIntents,
    Report,
    ResolveItem,
    ShowAudit,
    ShowItem,
    ShowQueue,
    TakeAction,
)
from boudoir.domain.intents.presence import (
    FindOnline,
    LastSeen,
    ListOnline,
    ListRoomPresence,
    PresenceIntent,
    PresenceIntents,
    Whois,
    Whowas,
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
from boudoir.domain.intents.world import (
    Arrive,
    Go,
    GoHome,
    Jump,
    ListExits,
    Look,
    RevealTopic,
    SetHome,
    WorldIntent,
    WorldIntents,
)

Intent = (
    AutomodIntents
    | BuildingIntents
    | LogIntents
    | MailIntents
    | MeetingIntents
    | ModerationIntents
    | PresenceIntents
    | RelationIntents
    | SceneIntents
    | WorldIntents
)
"""Every intent, of every family."""

__all__ = [
    "AcceptSceneInvitation",
    "AddRule",
    "AgreeToLog",
    "AnswerHand",
    "ApproveAccount",
    "Arrive",
    "AutomodIntent",
    "AutomodIntents",
    "Block",
    "BuilderIntent",
    "BuildingIntent",
    "BuildingIntents",
    "ChangeRule",
    "ClearPhrase",
    "ConfirmStaff",
    "CountUnread",
    "CreateInvitation",
    "DeclineMeeting",
    "DeclineSceneInvitation",
    "DeleteLetter",
    "DeleteLogLine",
    "Describe",
    "Dig",
    "Examine",
    "FindOnline",
    "Go",
    "GoHome",
    "Hand",
    "Intent",
    "InviteToScene",
    "Jump",
    "LastSeen",
    "LeaveScene",
    "LinkExit",
    "ListBlocks",
    "ListCarried",
    "ListExits",
    "ListLetters",
    "ListListeners",
    "ListLogs",
    "ListMeetingRequests",
    "ListOffers",
    "ListOnline",
    "ListPendingAccounts",
    "ListRoomPresence",
    "ListRules",
    "ListSceneInvitations",
    "ListScenes",
    "Lock",
    "LogIntent",
    "LogIntents",
    "Look",
    "MailIntent",
    "MailIntents",
    "MakeThing",
    "MeetingIntent",
    "MeetingIntents",
    "ModerationIntent",
    "ModerationIntents",
    "OpenExit",
    "PauseScene",
    "PickUp",
    "PresenceIntent",
    "PresenceIntents",
    "ProposeForScene",
    "ProposeLog",
    "PutDown",
    "ReadLetter",
    "ReadLog",
    "Recycle",
    "RelationIntent",
    "RelationIntents",
    "RemoveRule",
    "Rename",
    "Report",
    "RequestMeeting",
    "ResolveItem",
    "ResumeScene",
    "RevealTopic",
    "Safeword",
    "SceneIntent",
    "SceneIntents",
    "SendLetter",
    "SetHome",
    "ShowAudit",
    "ShowItem",
    "ShowLogState",
    "ShowQueue",
    "ShowRule",
    "TakeAction",
    "TryText",
    "Unblock",
    "UnlinkExit",
    "Unlock",
    "VoteOnAddition",
    "Whois",
    "Whowas",
    "WithdrawFromLog",
    "WorldIntent",
    "WorldIntents",
]
