"""Telling a telnet user the reply to their command: tables laid out to their window (or as
sentences for a screen reader), a room's log state in the words its event has, anything else
as ``wire.telnet.replies`` words it.

Imports ``boudoir.domain``, ``boudoir.wire`` and the gateway's own modules.
"""

from __future__ import annotations

from boudoir.domain.events import LogStateChanged
from boudoir.domain.replies import LogReply, LogState, Reply, SceneReply
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.render import columns, render_event
from boudoir.wire.telnet.replies import Screen, Told, render_reply
from boudoir.wire.telnet.replies import logs as log_replies
from boudoir.wire.telnet.replies import scenes as scene_replies


def tell_reply(client: TelnetClient, reply: Reply | None) -> None:
    """Tell ``reply`` to the user (nothing for None or a reply answered by silence)."""

    def table(rows: list[list[str]]) -> str:
        return columns(rows, client.width, client.screen_reader)

    told: Told | None
    match reply:
        case None:
            return
        case LogState(state=LogStateChanged() as state):
            text = render_event(state, client.view)
            told = Told(text) if text is not None else log_replies.render(reply)
        case LogReply():
            told = log_replies.render(reply, table, screen_reader=client.screen_reader)
        case SceneReply():
            told = scene_replies.render(reply, table)
        case _:
            told = render_reply(reply, Screen(client.width, client.screen_reader))
    if told is not None:
        client.tell(told.text, told.style)
