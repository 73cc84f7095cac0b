"""Telnet commands about logs kept by consent: ``log`` and ``@sweep``.

Both are about the room the user stands in, which only the gateway knows: ``parse`` gets it
as ``here``, called only when the command needs a room (``log list`` works anywhere).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from boudoir.domain.intents.logs import (
    ListListeners,
    ListLogs,
    LogIntents,
    ProposeLog,
    ReadLog,
    ShowLogState,
    WithdrawFromLog,
)
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Doc, Usage

Here = Callable[[], str]
"""The name of the room the user stands in (raises ``NotInRoom`` when nowhere)."""

LOG_USAGE: Final = "log on | log off | log status | log list | log read <id>"
LOG_HELP: Final = """Logging by consent: a room is logged only while everyone present said yes. \
"log on" proposes it or says your yes; "log off" stops it at once for everyone (or drops the \
proposal); "log status" shows who agreed; "log list" lists the logs you may read and "log \
read <id>" shows one."""
SWEEP_USAGE: Final = "@sweep"
SWEEP_HELP: Final = """\
Who can hear you here: everyone in this room on every gateway (browser, IRC, \
telnet) that you may see, and whether a log is listening."""


def parse_log(line: Line, here: Here) -> LogIntents:
    words = line.args.split()
    verb = words[0].lower() if words else "status"
    if verb in ("on", "yes", "propose", "agree"):
        return ProposeLog(here())
    if verb in ("off", "no", "withdraw"):
        return WithdrawFromLog(here())
    if verb == "status":
        return ShowLogState(here())
    if verb == "list":
        return ListLogs()
    if verb == "read" and len(words) == 2:
        return ReadLog(words[1])
    raise Usage


def parse_sweep(line: Line, here: Here) -> ListListeners:
    return ListListeners(here())


LOG: Final = Doc("log", LOG_USAGE, LOG_HELP, topic="consent")
SWEEP: Final = Doc("@sweep", SWEEP_USAGE, SWEEP_HELP, aliases=("sweep",), topic="consent")
