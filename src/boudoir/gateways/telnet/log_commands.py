"""Logs kept by consent on telnet: ``log`` and ``@sweep`` (``wire.telnet.commands.logs``),
log intents about the room the user stands in, run through the core."""

from __future__ import annotations

from boudoir.gateways.telnet.commands import documented, intents
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands.logs import LOG, SWEEP, parse_log, parse_sweep

documented(LOG)(intents("log", lambda client, line: parse_log(line, lambda: here(client))))
documented(SWEEP)(intents("@sweep", lambda client, line: parse_sweep(line, lambda: here(client))))
