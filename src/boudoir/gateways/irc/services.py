"""Running a service's table command: parse the words into an intent, run it in the core,
answer with the service's notices.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from boudoir.core.commands import Context, run
from boudoir.gateways.irc.client import IrcClient
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import ServiceTable, Usage


async def run_service_intent(
    client: IrcClient,
    table: ServiceTable,
    verb: str,
    words: Sequence[str],
    *,
    say: Callable[[str], None] | None = None,
) -> bool:
    """Run ``verb`` from ``table`` for the logged-in ``client``; False when the table has no
    such verb. Errors from the core raise for the service's own error handling. ``say``
    sends the service's notices (NickServ's by default)."""
    tell = client.service if say is None else say
    entry = table.get(verb)
    if entry is None:
        return False
    try:
        intent = entry.parse(words)
    except Usage:
        tell(f"Use: {entry.usage}")
        return True
    conn = client.conn
    assert conn is not None  # services run table commands only for a logged-in client
    reply = await run(Context.of(client.server.world, conn), intent)
    text = None if reply is None else service_text(reply)
    if text is not None:
        tell(text)
    return True
