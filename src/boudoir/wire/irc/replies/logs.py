"""LogServ's words for replies about logs. Only the consent commands (``LOG`` and
``/msg LogServ``) are asked on IRC, and everyone present, the asker too, is told by LogServ's
notice to the channel; IRC clients read logs with ``CHATHISTORY``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.replies.logs import (
    Listeners,
    LogConsentChanged,
    LogLineDeleted,
    LogList,
    LogRead,
    LogReplies,
    LogState,
)


def service_text(reply: LogReplies) -> str | None:
    match reply:
        case LogConsentChanged() | LogState():
            return None
        case Listeners(room, people):
            return f"Listening in #{room}: " + ", ".join(person.name for person in people)
        case LogList(parts):
            return "Logs you may read: " + (", ".join(part.id for part in parts) or "none")
        case LogRead(part, lines):
            return f"Log {part.id} of #{part.room}: {len(lines)} lines (read with CHATHISTORY)"
        case LogLineDeleted():
            return "The line is deleted from the log."
        case _:
            assert_never(reply)
