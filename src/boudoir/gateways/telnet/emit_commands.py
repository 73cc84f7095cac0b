"""The attributable ``@emit`` on telnet: what others sent a user is kept, bounded and in
memory (``client.heard``, ``client.emits``), so that ``report`` (``reports.py``) can attach it
as sealed evidence and ``emitters`` can say who wrote the narration seen here.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.registry import Connection
from boudoir.domain.events import DirectMessageSent, Event, MessageKind, RoomMessageSent
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import command
from boudoir.gateways.telnet.profile import set_display
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.text import clean, columns

EMITTERS_SHOWN: Final = 5
"""Emits ``emitters`` accounts for: enough to trace a scene's last few lines of narration."""


def _conn(client: TelnetClient) -> Connection:
    conn = client.conn
    assert conn is not None
    return conn


@command(
    "emitters",
    usage="emitters",
    help=f"""Who wrote the last {EMITTERS_SHOWN} emits you saw in this room, newest last.""",
    aliases=("spoof?", "@emitters"),
    topic="speech",
)
def emitters(client: TelnetClient, line: Line) -> None:
    room = here(client)
    recent = [e for e in client.emits if e.room.id == client.location][-EMITTERS_SHOWN:]
    if not recent:
        client.tell(f"No emits in {room} since you came.")
        return
    rows = [[e.sender.name, clean(e.text)] for e in recent]
    client.tell(columns(rows, client.width, client.screen_reader))


@command(
    "spoofcheck",
    usage="spoofcheck on|off",
    help="""Show who emitted each emit after its text ("[emit by Alice]"); the same as \
"@set me=spoofcheck:yes".""",
    topic="speech",
)
def spoofcheck(client: TelnetClient, line: Line) -> None:
    wanted = line.args.strip().lower()
    if wanted not in ("on", "off", "yes", "no"):
        state = "on" if client.spoofcheck else "off"
        client.tell(f"Spoofcheck is {state}. Type spoofcheck on or spoofcheck off.")
        return
    set_display(client, "spoofcheck", wanted in ("on", "yes"))


# --- remembering what others sent --------------------------------------------------------------


@on_event(RoomMessageSent, DirectMessageSent)
def _remember(client: TelnetClient, event: Event) -> None:
    """Keep, bounded, what others said to this user (for ``report``) and the emits heard."""
    kind = type(event)
    if kind is not RoomMessageSent and kind is not DirectMessageSent:
        return
    assert isinstance(event, RoomMessageSent | DirectMessageSent)
    conn = client.conn
    if conn is None or event.sender.id == conn.character.id:
        return
    if isinstance(event, RoomMessageSent):
        if event.recipient is not None and event.recipient.id != conn.character.id:
            return  # a whisper for someone else is not this user's to report
        if event.kind is MessageKind.EMIT:
            client.emits.append(event)
    client.heard.append(event)
