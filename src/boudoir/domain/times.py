"""Times as every gateway shows them.

Imports the standard library.
"""

from __future__ import annotations

import datetime as dt

_last: tuple[dt.datetime | None, str] = (None, "")
"""The last time written and its text: a message's time is written for its seal, then again
by each gateway that renders it."""


def utc_millis(at: dt.datetime) -> str:
    """``at`` in ISO 8601, UTC, to the millisecond, with ``Z``: ``2026-11-26T04:13:50.123Z``.
    The browser's ``at``, IRC's server-time and the canonical time a seal covers."""
    global _last
    last = _last
    if last[0] is at:
        return last[1]
    utc = at if at.tzinfo is dt.UTC else at.astimezone(dt.UTC)
    # isoformat is C and ends in "+00:00" for UTC: a tenth of strftime's cost.
    text = utc.isoformat(timespec="milliseconds")[:-6] + "Z"
    _last = (at, text)
    return text
