"""Replies to an IRC client's own commands (``boudoir.domain.replies``).

A reply to a service command (``/msg NickServ BLOCK ...``) is the text of the service's
notices (``service_text``: one notice per line). Replies IRC answers with numerics are rendered
by the family's own functions where the command needs them.

``service_text`` dispatches by family; each family module matches its replies exhaustively,
so a new reply fails the type check until IRC says something for it.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies import (
    AccountReply,
    AutomodReply,
    BuildingReply,
    CallReply,
    LogReply,
    MailReply,
    MeetingReply,
    ModerationReply,
    PresenceReply,
    ProfileReply,
    RelationReply,
    Reply,
    RoomReply,
    SceneReply,
    SpeechReply,
    WorldReply,
)
from boudoir.wire.irc.replies import (
    account,
    automod,
    logs,
    meetings,
    moderation,
    profiles,
    relations,
    rooms,
    scenes,
    speech,
)


def service_text(reply: Reply) -> str | None:
    """The notice text (lines split by ``\\n``) answering ``reply``; None for no answer."""
    match reply:
        case RelationReply():
            return relations.service_text(reply)
        case WorldReply() | BuildingReply():
            return None  # the walkable world is telnet's (the others see its rooms as rooms)
        case CallReply():
            return None  # calls are answered in the browser
        case MailReply():
            return None  # mail is read and sent on telnet (IRC gets the new-letter notice)
        case PresenceReply():
            return None  # answered with numerics by WHO, WHOIS... (``presence``), not a service
        case ModerationReply():
            return moderation.service_text(reply)
        case AutomodReply():
            return automod.service_text(reply)
        case SceneReply():
            return scenes.service_text(reply)
        case LogReply():
            return logs.service_text(reply)
        case ProfileReply():
            return profiles.service_text(reply)
        case MeetingReply():
            return meetings.service_text(reply)
        case AccountReply():
            return account.service_text(reply)
        case RoomReply():
            return rooms.service_text(reply)
        case SpeechReply():
            return speech.service_text(reply)
        case _:
            assert_never(reply)


__all__ = ["service_text"]
