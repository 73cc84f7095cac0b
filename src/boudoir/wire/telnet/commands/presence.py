"""Telnet commands about who is online: ``ws`` and ``laston`` (``WHO``, which shows the
telnet gateway's own idle times, is the gateway's).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.presence import LastSeen, ListOnline
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage


def _some_name(line: Line) -> str:
    name = line.args.strip()
    if not name:
        raise Usage
    return name


PRESENCE_SPECS = (
    Spec(
        "ws",
        usage="ws [<name prefix>]",
        help="""Who is online with their pronouns, status and short description (species and \
looks go in the short description: "@desc me=<text>").""",
        parse=lambda line: ListOnline(prefix=line.args.strip()),
        aliases=("+ws", "whospecies"),
        topic="social",
    ),
    Spec(
        "laston",
        usage="laston <name>",
        help="""When someone was last online, if they let you see their presence.""",
        parse=lambda line: LastSeen(_some_name(line)),
        aliases=("+laston",),
        topic="social",
    ),
)
