"""Telnet commands about blocks.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.relations import Block, ListBlocks, Unblock
from boudoir.wire.telnet.commands.spec import Spec, one_name

RELATION_SPECS = (
    Spec(
        "block",
        usage="block <name>",
        help="""Block the person behind a character: every character of theirs, on every \
gateway. You stop seeing each other: no pages, whispers, invitations or meeting requests \
either way, and each of you leaves the other's view of shared rooms. They are never told.""",
        parse=lambda line: Block(one_name(line)),
        aliases=("ignore",),
        topic="consent",
    ),
    Spec(
        "unblock",
        usage="unblock <name>",
        help="Lift a block you set (name any character of that person, or the name on your list).",
        parse=lambda line: Unblock(one_name(line)),
        aliases=("unignore",),
        topic="consent",
    ),
    Spec(
        "blocks",
        usage="blocks",
        help="The people you block. Only yours: nobody is told who blocks them.",
        parse=lambda line: ListBlocks(),
        aliases=("ignores",),
        topic="consent",
    ),
)
