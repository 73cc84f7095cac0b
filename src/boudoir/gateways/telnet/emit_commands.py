"""What others sent a telnet user, kept bounded and in memory (``client.heard``,
``client.emits``): ``report`` attaches it as sealed evidence
(``wire.telnet.commands.moderation``), and ``emitters`` says who wrote the narration seen here;
``spoofcheck`` shows the author after each emit.
"""

from __future__ import annotations

from dataclasses import replace

from boudoir.domain.events import DirectMessageSent, Event, MessageKind, RoomMessageSent
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import Work, documented, run_intent, usage
from boudoir.gateways.telnet.profile import set_display
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line, Usage
from boudoir.wire.telnet.commands.moderation import REPORT_SPEC, evidence, parse_report
from boudoir.wire.telnet.commands.speech import EMITTERS, EMITTERS_SHOWN, SPOOFCHECK
from boudoir.wire.telnet.text import clean, columns


@documented(EMITTERS)
def emitters(client: TelnetClient, line: Line) -> None:
    room = here(client)
    recent = [e for e in client.emits or () if e.room.id == client.location][-EMITTERS_SHOWN:]
    if not recent:
        client.tell(f"No emits in {room} since you came.")
        return
    rows = [[e.sender.name, clean(e.text)] for e in recent]
    client.tell(columns(rows, client.width, client.screen_reader))


@documented(SPOOFCHECK)
def spoofcheck(client: TelnetClient, line: Line) -> None:
    wanted = line.args.strip().lower()
    if wanted not in ("on", "off", "yes", "no"):
        state = "on" if client.spoofcheck else "off"
        client.tell(f"Spoofcheck is {state}. Type spoofcheck on or spoofcheck off.")
        return
    set_display(client, "spoofcheck", wanted in ("on", "yes"))


@documented(REPORT_SPEC)
def report(client: TelnetClient, line: Line) -> Work | None:
    try:
        intent = parse_report(line)
    except Usage:
        usage(client, REPORT_SPEC.name)
        return None
    heard = evidence(client.heard or (), intent.subject)
    return run_intent(client, replace(intent, evidence=heard))


@on_event(RoomMessageSent, DirectMessageSent)
def _remember(client: TelnetClient, event: Event) -> None:
    """Keep, bounded, what others said to this user (for ``report``) and the emits heard."""
    if type(event) is not RoomMessageSent and type(event) is not DirectMessageSent:
        return
    assert isinstance(event, RoomMessageSent | DirectMessageSent)
    conn = client.conn
    if conn is None or event.sender.id == conn.character.id:
        return
    if isinstance(event, RoomMessageSent):
        if event.recipient is not None and event.recipient.id != conn.character.id:
            return  # a whisper for someone else is not this user's to report
        if event.kind is MessageKind.EMIT:
            client.keep_emit(event)
    client.keep_heard(event)
