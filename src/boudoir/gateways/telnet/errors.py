"""The one table from the core's errors to what a telnet user reads.

The core's messages are already safe and written for people; this table only gives the MUCK
wording where players expect it, and keeps one refusal for every reason a page, a mail, a meet
request or a hand cannot reach someone (a block, their policy, their being offline), so that a
refusal never tells the sender which it was.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.errors import BoudoirError, ConsentRefused, Throttled

NEUTRAL_REFUSAL: Final = "That person is not accepting that from you right now."
"""The same words whatever the cause (ARCHITECTURE.md: a block looks like any refusal)."""

WORDING: Final[dict[str, str]] = {
    "recipient_unavailable": NEUTRAL_REFUSAL,
    "authentication_failed": "Either that character does not exist, or has a different password.",
}
"""Codes (or consent reasons) whose telnet wording differs from the core's message."""


def error_text(error: BoudoirError) -> str:
    code = error.reason if isinstance(error, ConsentRefused) else error.code
    text = WORDING.get(code, error.message)
    if isinstance(error, Throttled) and error.retry_after and "try again in" not in text:
        # Unless the core's message already says how long (sign-ups count in minutes).
        text += f" (try again in {max(1, round(error.retry_after))} s)"
    return text
