"""The ``REPORT`` command's words as the ``Report`` intent, sans-I/O.

``REPORT <nick> [msgid ...] :<reason>`` files a report. IRC clients cannot send back the text
of what they received, so message ids alone are kept as references (the server marks them
unverified); a client or script that kept the lines (with message-tags they carry a
``boudoir.chat/seal`` tag) may attach them in the ``boudoir.chat/evidence`` tag of the REPORT
line, a JSON array of objects shaped as the browser's (``id``, ``at``, ``room`` or ``to``,
``from``, ``kind``, ``text``, ``seal``), which the server verifies (docs/irc.md, "Reports").

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.moderation import Report
from boudoir.domain.moderation import MAX_EVIDENCE_LINES

EVIDENCE_TAG: Final = "boudoir.chat/evidence"


def report_intent(params: Sequence[str], tags: Mapping[str, str]) -> Report:
    """The report in a ``REPORT`` line's parameters (at least two) and tags. Raises
    ``InvalidInput`` when the evidence tag is not a JSON array of objects."""
    subject, *ids = params[:-1]
    lines: list[Mapping[str, object]] = [{"id": msgid} for msgid in ids if msgid]
    attached = tags.get(EVIDENCE_TAG)
    if attached:
        lines = [*_attached(attached), *lines]
    return Report(subject, params[-1], tuple(lines[:MAX_EVIDENCE_LINES]))


def _attached(value: str) -> list[Mapping[str, object]]:
    try:
        data = json.loads(value)
    except ValueError:
        raise InvalidInput(f"The {EVIDENCE_TAG} tag is not JSON.") from None
    if not isinstance(data, list) or not all(isinstance(line, dict) for line in data):
        raise InvalidInput(f"The {EVIDENCE_TAG} tag is a JSON array of message objects.")
    return data
