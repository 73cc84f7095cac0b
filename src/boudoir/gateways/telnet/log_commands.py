"""Logs kept by consent on telnet: ``log`` and ``@sweep``, run through the core as log
intents about the room the user stands in.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from collections.abc import Callable

from boudoir.core.commands import Context, run
from boudoir.domain.intents import LogIntents
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Handler, Work, command, usage
from boudoir.gateways.telnet.replies import tell_reply
from boudoir.gateways.telnet.speech import here
from boudoir.wire.telnet.commands import Line, Usage
from boudoir.wire.telnet.commands.logs import (
    LOG_HELP,
    LOG_USAGE,
    SWEEP_HELP,
    SWEEP_USAGE,
    Here,
    parse_log,
    parse_sweep,
)


def _handler(name: str, parse: Callable[[Line, Here], LogIntents]) -> Handler:
    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            intent = parse(line, lambda: here(client))
        except Usage:
            usage(client, name)
            return None
        return _run(client, intent)

    return handle


async def _run(client: TelnetClient, intent: LogIntents) -> None:
    conn = client.conn
    if conn is not None:  # commands run only once logged in
        tell_reply(client, await run(Context.of(client.server.world, conn), intent))


command("log", usage=LOG_USAGE, help=LOG_HELP, topic="consent")(_handler("log", parse_log))
command("@sweep", usage=SWEEP_USAGE, help=SWEEP_HELP, aliases=("sweep",), topic="consent")(
    _handler("@sweep", parse_sweep)
)
