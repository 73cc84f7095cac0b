"""Replies to a telnet player's own commands, as lines of text (``boudoir.domain.replies``).

``render_reply`` dispatches by family; each family module matches its replies exhaustively,
so a new reply fails the type check until telnet says something for it. User text inside a
reply is passed through ``clean`` here; the gateway paints and wraps the result.

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
from boudoir.wire.telnet.layout import Screen, columns
from boudoir.wire.telnet.replies import (
    account,
    automod,
    building,
    logs,
    mail,
    meetings,
    moderation,
    presence,
    profiles,
    relations,
    rooms,
    scenes,
    speech,
    world,
)
from boudoir.wire.telnet.replies.told import Told


def render_reply(reply: Reply, screen: Screen) -> Told | None:
    """What the player reads for ``reply`` on ``screen``; None when the command is answered
    by silence."""
    match reply:
        case RelationReply():
            return relations.render(reply, screen)
        case PresenceReply():
            return presence.render(reply, screen)
        case MailReply():
            return mail.render(reply, screen)
        case WorldReply():
            return world.render(reply, screen)
        case BuildingReply():
            return building.render(reply, screen)
            return relations.render(reply)
        case ModerationReply():
            return moderation.render(reply)
        case AutomodReply():
            return automod.render(reply)
        case SceneReply():
            return scenes.render(reply, _table(screen))
        case LogReply():
            return logs.render(reply, _table(screen), screen_reader=screen.screen_reader)
        case CallReply():
            return None  # calls are answered in the browser
        case ProfileReply():
            return profiles.render(reply)
        case MeetingReply():
            return meetings.render(reply)
        case AccountReply():
            return account.render(reply)
        case RoomReply():
            return rooms.render(reply)
        case SpeechReply():
            return speech.render(reply)
        case _:
            assert_never(reply)


def _table(screen: Screen) -> scenes.Table:
    """Rows laid out for ``screen``: aligned columns, or sentences for a screen reader."""
    return lambda rows: columns(rows, screen.width, screen.screen_reader)


__all__ = ["Screen", "Told", "render_reply"]
