"""Telnet commands about message requests: the pages of strangers waiting for a yes.

Say, pose, page and the rest of speech are the gateway's own commands (``say``, ``page``...):
they need where the character stands and whom it paged last, which only the connection knows.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents.speech import AcceptRequest, DeclineRequest, ListRequests
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage


def _named(line: Line) -> str:
    """The name after the command, spaces and all; ``Usage`` when there is none."""
    name = line.args.strip()
    if not name:
        raise Usage
    return name


REQUEST_SPECS = (
    Spec(
        "requests",
        usage="requests",
        help="""Pages and letters from people you have not accepted yet, waiting for your yes: \
"accept <name>" delivers them (letters to your mailbox) and lets that person page you; \
"decline <name>" drops them unseen by the sender; "decline/block <name>" also blocks them.""",
        parse=lambda line: ListRequests(),
        aliases=("+requests",),
        topic="consent",
    ),
    Spec(
        "accept",
        usage="accept <name>",
        help="Accept someone's waiting page: you read what they sent, and they may page you.",
        parse=lambda line: AcceptRequest(_named(line)),
        topic="consent",
    ),
    Spec(
        "decline",
        usage="decline <name>   decline/block <name>",
        help="""Decline someone's waiting page: it is dropped and they are not told. With /block, \
you also block them (by account, on every gateway).""",
        parse=lambda line: DeclineRequest(_named(line), block=line.switch == "block"),
        topic="consent",
        switches=("block",),
    ),
)
