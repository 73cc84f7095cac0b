"""Logs kept by consent on telnet: ``log`` and ``@sweep`` (``wire.telnet.commands.logs``),
log intents about the room the user stands in, run through the core."""

from __future__ import annotations

from boudoir.gateways.telnet.commands import command, intents
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands.logs import (
    LOG_HELP,
    LOG_USAGE,
    SWEEP_HELP,
    SWEEP_USAGE,
    parse_log,
    parse_sweep,
)

command("log", usage=LOG_USAGE, help=LOG_HELP, topic="consent")(
    intents("log", lambda client, line: parse_log(line, lambda: here(client)))
)
command("@sweep", usage=SWEEP_USAGE, help=SWEEP_HELP, aliases=("sweep",), topic="consent")(
    intents("@sweep", lambda client, line: parse_sweep(line, lambda: here(client)))
)
