"""Leaving: ``QUIT`` (and ``logout``) end the connection, with a goodbye, after the lines typed
before it have run (they ran first: lines run in order)."""

from __future__ import annotations

from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Work, command
from boudoir.wire.telnet.commands import Line


@command(
    "QUIT",
    usage="QUIT",
    help="Disconnect. Your character goes offline; friends watching you see it leave.",
    aliases=("logout", "@quit"),
    topic="account",
)
def quit_command(client: TelnetClient, line: Line) -> Work | None:
    client.quit_reason = "Quit"
    client.close("Goodbye.")
    return None
