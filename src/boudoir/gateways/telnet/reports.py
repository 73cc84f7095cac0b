"""The telnet ``report`` command (``wire.telnet.commands.moderation``), with its evidence:
what others sent this user is kept, bounded and in memory (``client.heard``, filled by
``emit_commands``), and attached to the report as the core's evidence lines, each with its
seal for the server to check.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from boudoir.domain.events import RoomMessageSent
from boudoir.domain.moderation import MAX_EVIDENCE_LINES
from boudoir.domain.names import name_key
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Work, command, run_intent, usage
from boudoir.wire.telnet.commands import Line, Usage
from boudoir.wire.telnet.commands.moderation import REPORT_SPEC, parse_report
from boudoir.wire.webjson.render import timestamp


def evidence(client: TelnetClient, name: str) -> tuple[Mapping[str, object], ...]:
    """What this connection received from ``name`` lately, as the core's evidence lines (the
    fields a browser sends back), each with its seal for the server to check."""
    key = name_key(name.strip())
    lines: list[Mapping[str, object]] = []
    for event in client.heard:
        if name_key(event.sender.name) != key:
            continue
        line: dict[str, object] = {
            "id": event.id,
            "at": timestamp(event.at),
            "from": event.sender.name,
            "kind": event.kind.value,
            "text": event.text,
            "seal": event.seal,
        }
        if isinstance(event, RoomMessageSent):
            line["room"] = event.room.name
        else:
            line["to"] = event.recipient.name
        lines.append(line)
    return tuple(lines[-MAX_EVIDENCE_LINES:])


@command(
    REPORT_SPEC.name,
    usage=REPORT_SPEC.usage,
    help=REPORT_SPEC.help,
    aliases=REPORT_SPEC.aliases,
    topic=REPORT_SPEC.topic,
)
def report(client: TelnetClient, line: Line) -> Work | None:
    try:
        intent = parse_report(line)
    except Usage:
        usage(client, REPORT_SPEC.name)
        return None
    return run_intent(client, replace(intent, evidence=evidence(client, intent.subject)))
