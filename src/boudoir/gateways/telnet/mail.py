"""Offline mail on telnet: the unread count told at login. Reading and sending letters is
the ``mail`` command (``wire.telnet.commands.mail``), run through the core.

Imports ``boudoir.domain`` and the telnet gateway's own modules.
"""

from __future__ import annotations

from boudoir.domain.intents import CountUnread
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import run_intent


async def announce_unread(client: TelnetClient) -> None:
    """At login: tell the user how many letters wait unread, if any."""
    if client.conn is not None:
        await run_intent(client, CountUnread())
