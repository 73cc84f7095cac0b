"""The telnet ``report`` command.

Its ``parse`` gives the report without evidence: the lines a player received are the
connection's memory, which the gateway attaches (``evidence`` makes them the core's evidence
lines), so the gateway registers this command itself rather than through ``SPECS``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from boudoir.domain.events import DirectMessageSent, RoomMessageSent
from boudoir.domain.intents.moderation import Report
from boudoir.domain.moderation import MAX_EVIDENCE_LINES
from boudoir.domain.names import name_key
from boudoir.domain.times import utc_millis as timestamp
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage


def parse_report(line: Line) -> Report:
    """``report <name>=<reason>``: the report, without evidence; ``Usage`` otherwise."""
    if not line.has_equals or not line.left or not line.right:
        raise Usage
    return Report(line.left, line.right)


REPORT_SPEC = Spec(
    "report",
    usage="report <name>=<reason>",
    help="""Report someone to the moderators. The last lines you received from them here (up \
to 50, kept only in memory while you are connected) are attached; the server checks each \
against its seal, so they cannot be doubted. They are not told who reported them.""",
    parse=parse_report,
    topic="consent",
)


def evidence(
    heard: Iterable[RoomMessageSent | DirectMessageSent], name: str
) -> tuple[Mapping[str, object], ...]:
    """What a connection received from ``name`` lately, as the core's evidence lines (the
    fields a browser sends back), each with its seal for the server to check."""
    key = name_key(name.strip())
    lines: list[Mapping[str, object]] = []
    for event in heard:
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
