"""A message edited or deleted, as the system line a MU* player reads.

A terminal cannot change what it already printed, so an edit is told with its new text
(``Alice edited a line: ...``) and a deletion as a fact (``Alice deleted a line.``); a
removal by a moderator never names the moderator. A room the reader does not stand in gets
its channel prefix, as its speech does.

Imports ``boudoir.domain`` and ``boudoir.wire`` only.
"""

from __future__ import annotations

from boudoir.domain.events import MessageDeleted, MessageEdited
from boudoir.domain.ids import CharacterId, RoomId
from boudoir.wire.telnet.painter import Painter, safe


def render_change(
    event: MessageEdited | MessageDeleted,
    viewer: CharacterId | None,
    location: RoomId | None,
    paint: Painter,
) -> str:
    room = event.room
    prefix = "" if room is None or room.id == location else paint.channel(room.name) + " "
    what = "a line" if room is not None else "a page"
    mine = event.sender.id == viewer
    who = "You" if mine else paint.name(event.sender.name)
    if isinstance(event, MessageEdited):
        what = "your line" if mine and room is not None else "your page" if mine else what
        return prefix + paint.system(f"{who} edited {what}: ") + safe(event.text)
    if event.by_moderator:
        whose = "your line" if mine else f"a line by {paint.name(event.sender.name)}"
        if room is None:
            whose = "your page" if mine else f"a page by {paint.name(event.sender.name)}"
        return prefix + paint.system(f"A moderator removed {whose}.")
    what = ("your line" if room is not None else "your page") if mine else what
    return prefix + paint.system(f"{who} deleted {what}.")
