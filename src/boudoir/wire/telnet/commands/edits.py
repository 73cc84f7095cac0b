"""Telnet's edit and delete: a terminal shows no message ids, so they act on one's own most
recent line in the room one stands in (``edit last <text>``, ``delete last``); the gateway
fills in which message that is.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.intents.speech import DeleteMessage, EditMessage
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage

LAST: Final = "last"


def _after_last(line: Line) -> str:
    """What follows ``last``; ``Usage`` when the line does not start with it."""
    word, _, rest = line.args.strip().partition(" ")
    if word.lower() != LAST:
        raise Usage
    return rest.strip()


def _edit(line: Line) -> EditMessage:
    text = _after_last(line)
    if not text:
        raise Usage
    return EditMessage("", text)


def _delete(line: Line) -> DeleteMessage:
    if _after_last(line):
        raise Usage
    return DeleteMessage("")


EDIT: Final = Spec(
    "edit",
    usage="edit last <new text>",
    help="""Change the text of your last line in this room (say, pose, OOC, emit or whisper), \
within the edit window (ten minutes, unless the server sets another): everyone who heard it \
is shown the new text.""",
    parse=_edit,
    topic="speech",
)
DELETE: Final = Spec(
    "delete",
    usage="delete last",
    help="""Delete your last line in this room within the edit window: everyone who \
heard it is told it was deleted.""",
    parse=_delete,
    topic="speech",
)
