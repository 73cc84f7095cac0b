"""Replies to a telnet player's own commands, as lines of text (``boudoir.domain.replies``).

``render_reply`` dispatches by family; each family module matches its replies exhaustively,
so a new reply fails the type check until telnet says something for it. User text inside a
reply is passed through ``clean`` here; the gateway paints and wraps the result.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies import RelationReply, Reply, SpeechReply
from boudoir.wire.telnet.replies import relations, speech
from boudoir.wire.telnet.replies.told import Told


def render_reply(reply: Reply) -> Told | None:
    """What the player reads for ``reply``; None when the command is answered by silence."""
    match reply:
        case RelationReply():
            return relations.render(reply)
        case SpeechReply():
            return speech.render(reply)
        case _:
            assert_never(reply)


__all__ = ["Told", "render_reply"]
