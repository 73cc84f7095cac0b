"""Replies: what a core handler answers the person who gave an intent, one frozen dataclass
per kind of answer, named as a fact (``Blocked``, ``BlockList``).

A reply goes only to the connection (or HTTP request) that asked; what others see goes out as
domain events. Each wire renders a reply in its own form (``wire/irc/replies``: NickServ
notices or numerics, ``wire/telnet/replies``: lines of text, ``wire/webjson/replies``: the
fields of the ``ok`` or the HTTP answer), with a ``match`` that ends in ``assert_never``, so a
new reply fails the type check in every wire until each renders it.

Replies are grouped by family like intents (a base class and a union per module); ``Reply`` is
the union of every family.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.replies.automod import (
    AutomodReplies,
    AutomodReply,
    PhraseCleared,
    RuleAdded,
    RuleChanged,
    RuleList,
    RuleRemoved,
    RuleShown,
    TextTried,
)
from boudoir.domain.replies.building import (
    BuildingReplies,
    BuildingReply,
    Carrying,
    Described,
    DescriptionSet,
    Dug,
    Examined,
    ExitsChanged,
    HandDeclined,
    HandOffered,
    HandTaken,
    Linked,
    Locked,
    Offers,
    Opened,
    PickedUp,
    PutDownDone,
    Recased,
    Recycled,
    Renamed,
    ThingMade,
    Unlinked,
    Unlocked,
    Waiting,
    WhichOffer,
)
from boudoir.domain.replies.logs import (
    Listener,
    Listeners,
    LogConsentChanged,
    LoggedLine,
    LogLineDeleted,
    LogList,
    LogPart,
    LogRead,
    LogReplies,
    LogReply,
    LogState,
)
from boudoir.domain.replies.mail import (
    LetterDeleted,
    LetterRead,
    Letters,
    LetterSent,
    MailReplies,
    MailReply,
    Unread,
)
from boudoir.domain.replies.meetings import (
    MeetingDeclined,
    MeetingReplies,
    MeetingReply,
    MeetingRequested,
    MeetingRequests,
)
from boudoir.domain.replies.moderation import (
    AccountApproved,
    ActionTaken,
    AuditShown,
    InvitationCreated,
    ItemResolved,
    ItemShown,
    ModerationReplies,
    ModerationReply,
    PendingAccounts,
    QueueShown,
    ReportFiled,
    StaffConfirmed,
)
from boudoir.domain.replies.presence import (
    LastOnline,
    MemberOnline,
    NeverSeen,
    NotOnline,
    OnlineList,
    PersonOnline,
    PresenceReplies,
    PresenceReply,
    RoomPresence,
    SharedRoom,
    WhoisShown,
    WhowasShown,
)
from boudoir.domain.replies.relations import (
    Blocked,
    BlockList,
    RelationReplies,
    RelationReply,
    Unblocked,
)
from boudoir.domain.replies.scenes import (
    AdditionProposed,
    OpenSceneInvitation,
    SafewordCalled,
    SceneAccepted,
    SceneInvitationList,
    SceneInvitationRefused,
    SceneInvitationSent,
    SceneLeft,
    SceneList,
    ScenePauseSet,
    SceneReplies,
    SceneReply,
    SceneSummary,
    VoteCast,
)
from boudoir.domain.replies.world import (
    Arrived,
    Exits,
    HomeSet,
    Looked,
    LookedAround,
    NoExit,
    TopicRevealed,
    WorldReplies,
    WorldReply,
)

Reply = (
    AutomodReplies
    | BuildingReplies
    | LogReplies
    | MailReplies
    | MeetingReplies
    | ModerationReplies
    | PresenceReplies
    | RelationReplies
    | SceneReplies
    | WorldReplies
)
"""Every reply, of every family."""

__all__ = [
    "AccountApproved",
    "ActionTaken",
    "AdditionProposed",
    "Arrived",
    "AuditShown",
    "AutomodReplies",
    "AutomodReply",
    "BlockList",
    "Blocked",
    "BuildingReplies",
    "BuildingReply",
    "Carrying",
    "Described",
    "DescriptionSet",
    "Dug",
    "Examined",
    "Exits",
    "ExitsChanged",
    "HandDeclined",
    "HandOffered",
    "HandTaken",
    "HomeSet",
    "InvitationCreated",
    "ItemResolved",
    "ItemShown",
    "LastOnline",
    "LetterDeleted",
    "LetterRead",
    "LetterSent",
    "Letters",
    "Linked",
    "Listener",
    "Listeners",
    "Locked",
    "LogConsentChanged",
    "LogLineDeleted",
    "LogList",
    "LogPart",
    "LogRead",
    "LogReplies",
    "LogReply",
    "LogState",
    "LoggedLine",
    "Looked",
    "LookedAround",
    "MailReplies",
    "MailReply",
    "MeetingDeclined",
    "MeetingReplies",
    "MeetingReply",
    "MeetingRequested",
    "MeetingRequests",
    "MemberOnline",
    "ModerationReplies",
    "ModerationReply",
    "NeverSeen",
    "NoExit",
    "NotOnline",
    "Offers",
    "OnlineList",
    "OpenSceneInvitation",
    "Opened",
    "PendingAccounts",
    "PersonOnline",
    "PhraseCleared",
    "PickedUp",
    "PresenceReplies",
    "PresenceReply",
    "PutDownDone",
    "QueueShown",
    "Recased",
    "Recycled",
    "RelationReplies",
    "RelationReply",
    "Renamed",
    "Reply",
    "ReportFiled",
    "RoomPresence",
    "RuleAdded",
    "RuleChanged",
    "RuleList",
    "RuleRemoved",
    "RuleShown",
    "SafewordCalled",
    "SceneAccepted",
    "SceneInvitationList",
    "SceneInvitationRefused",
    "SceneInvitationSent",
    "SceneLeft",
    "SceneList",
    "ScenePauseSet",
    "SceneReplies",
    "SceneReply",
    "SceneSummary",
    "SharedRoom",
    "StaffConfirmed",
    "TextTried",
    "ThingMade",
    "TopicRevealed",
    "Unblocked",
    "Unlinked",
    "Unlocked",
    "Unread",
    "VoteCast",
    "Waiting",
    "WhichOffer",
    "WhoisShown",
    "WhowasShown",
    "WorldReplies",
    "WorldReply",
]
