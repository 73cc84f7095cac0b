"""The ``ad`` event's JSON shape (docs/websocket.md, "Ads"): for the live event and the
``ads`` command's list alike.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.ads import AdPosted
from boudoir.domain.times import utc_millis as timestamp


def ad_json(event: AdPosted) -> dict[str, object]:
    """An ``ad`` event (docs/websocket.md, "Ads")."""
    return {
        "type": "ad",
        "at": timestamp(event.at),
        "id": event.id,
        "room": event.room.name,
        "from": event.poster.name,
        "text": event.text,
        "tags": list(event.tags),
    }
