"""``edit last`` and ``delete last``: one's own most recent line in the room one stands in
(``wire.telnet.commands.edits``), remembered per room as it is said (``remember``). The core
tells everyone who heard it, this connection included, as ``MessageEdited`` or
``MessageDeleted``, which ``wire.telnet.render`` shows as a system line.

Imports ``core``, ``domain``, ``wire.telnet`` and the gateway's own modules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import RoomMessageSent
from boudoir.domain.intents import DeleteMessage, EditMessage
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Handler, Work, documented, report_error, run_intent
from boudoir.gateways.telnet.commands import usage as show_usage
from boudoir.wire.telnet.commands import Line, Spec, Usage
from boudoir.wire.telnet.commands.edits import DELETE, EDIT
from boudoir.wire.telnet.text import Style

NOTHING_TO_CHANGE: Final = "You have said nothing here lately that you can still change."


def remember(client: TelnetClient, event: RoomMessageSent) -> None:
    """``event`` is the client's newest line in its room."""
    client.own_lines[event.room.id] = event.id


def _changing(spec: Spec) -> Handler:
    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            intent = spec.parse(line)
        except Usage:
            show_usage(client, spec.name)
            return None
        assert isinstance(intent, EditMessage | DeleteMessage)
        room = client.location
        message_id = client.own_lines.get(room) if room is not None else None
        if room is None or message_id is None:
            client.tell(NOTHING_TO_CHANGE, Style.ERROR)
            return None
        if isinstance(intent, DeleteMessage):
            del client.own_lines[room]
        return _change(client, replace(intent, id=message_id))

    return handle


async def _change(client: TelnetClient, intent: EditMessage | DeleteMessage) -> None:
    try:
        await run_intent(client, intent)
    except BoudoirError as error:
        report_error(client, error)


documented(EDIT)(_changing(EDIT))
documented(DELETE)(_changing(DELETE))
