"""Telnet commands about rooms that are intents: banishing someone from every room one owns.

(The channel commands, ``addcom`` and its kin, keep each connection's aliases and stay in the
gateway; they run room intents too.)

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.rooms import Banish
from boudoir.wire.telnet.commands.spec import Spec, one_name

ROOM_SPECS = (
    Spec(
        "banish",
        usage="banish <name>",
        help="""Ban the person behind a character from every room you own: they are put out of \
those rooms now and cannot come back until you unbanish them.""",
        parse=lambda line: Banish(one_name(line)),
        topic="consent",
    ),
    Spec(
        "unbanish",
        usage="unbanish <name>",
        help="Lift the ban banish set on every room you own.",
        parse=lambda line: Banish(one_name(line), banned=False),
        topic="consent",
    ),
)
