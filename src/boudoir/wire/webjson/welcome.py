"""The ``welcome`` message, the first a browser's socket is sent (docs/websocket.md). Sans-I/O.

Imports the standard library and ``boudoir.domain`` only (and this wire's ``render``).
"""

from __future__ import annotations

from collections.abc import Iterable

from boudoir.domain.entities import MAX_MESSAGE, MAX_TOPIC, Account
from boudoir.wire.webjson.render import PROTOCOL, dumps


def render_welcome(
    server: str,
    account: Account,
    character: str,
    characters: Iterable[str],
    message_bytes: int,
    edit_seconds: int = 600,
    *,
    calls: bool = False,
) -> bytes:
    """Who the socket is logged in as, acting as ``character``, and the limits it keeps to
    (``message_bytes``: one client message in UTF-8 bytes; ``edit_seconds``: how long one's
    own message may be edited or deleted; ``calls``: whether calls and cams are on)."""
    return dumps(
        {
            "type": "welcome",
            "protocol": PROTOCOL,
            "server": server,
            "account": {
                "name": account.name,
                "attested": account.attested,
                "ratings": [rating.label for rating in sorted(account.ratings)],
                "role": account.role.value,
                "dm_policy": account.dm_policy.value,
                "presence_visibility": account.presence_visibility.value,
                "mention_words": list(account.mention_words),
            },
            "character": {"name": character},
            "characters": list(characters),
            "limits": {
                "message_chars": MAX_MESSAGE,
                "message_bytes": message_bytes,
                "topic_chars": MAX_TOPIC,
                "edit_seconds": edit_seconds,
            },
            "calls": calls,
        }
    )
