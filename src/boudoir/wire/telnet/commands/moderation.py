"""The telnet ``report`` command.

Its ``parse`` gives the report without evidence: the lines a player received are the
connection's memory, which the gateway attaches (``gateways/telnet/reports.py``), so the
gateway registers this command itself rather than through ``SPECS``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.moderation import Report
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
