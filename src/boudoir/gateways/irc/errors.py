"""Core errors as IRC replies: the one table is ``wire.irc.errors``; this asks the core
whether a channel is known to the sender (a room it may not see reads as none at all).

Imports ``core``, ``domain`` and ``wire.irc``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boudoir.domain.errors import BoudoirError
from boudoir.wire.irc.errors import FAIL, error_reply

if TYPE_CHECKING:
    from boudoir.gateways.irc.client import IrcClient


def reply_error(
    client: IrcClient, command: str, error: BoudoirError, target: str = "", room: str = ""
) -> None:
    """Answer ``error`` from ``command`` about ``target`` (``room``: the channel a person is
    in), as ``wire.irc.errors`` words it."""
    conn = client.conn
    # A room it may see listed with someone in it it may see (the core's ``members``).
    answer = error_reply(
        command,
        error,
        target,
        room,
        may_know_of=lambda name: (
            conn is not None and bool(client.server.world.rooms.members(conn, name))
        ),
    )
    if answer is None:
        return
    if answer[0] == FAIL:
        client.fail(*answer[1:])
    else:
        client.reply(*answer)
