"""Telnet commands about rooms that are intents: a room's tags, and banishing someone from
every room one owns.

(The channel commands, ``addcom`` and its kin, keep each connection's aliases and stay in the
gateway; they run room intents too.)

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.directory import MAX_TAGS
from boudoir.domain.intents.rooms import Banish, TagRoom
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage, one_name


def _tags(line: Line) -> TagRoom:
    if not line.has_equals or not line.left:
        raise Usage
    return TagRoom(line.left.strip(), line.right)


ROOM_SPECS = (
    Spec(
        "@tags",
        usage="@tags here=<words>   @tags #<room>=<words>   @tags here=",
        help=f"""Tag a room you own or moderate with up to {MAX_TAGS} words, separated by \
spaces or commas ("@tags here=fantasy slow-burn"), shown in "+channels" and every room \
directory. Nothing after "=" clears them.""",
        parse=_tags,
        topic="building",
    ),
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
