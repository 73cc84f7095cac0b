"""The process: log lines (UTC, the connection id, unprintable characters escaped) and running
a coroutine on the event loop (uvloop where installed).

Imports the standard library, ``boudoir.gateways`` and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Coroutine, Mapping
from typing import Any, Final, TypeVar

from boudoir import gateways
from boudoir.domain.logtext import log_safe

T = TypeVar("T")


class _ConnectionIdFilter(logging.Filter):
    """Adds ``connection``: ``[web-3] `` inside a connection's task, empty elsewhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = gateways.connection_id.get()
        record.connection = "" if current == gateways.NO_CONNECTION else f"[{current}] "
        return True


class _SafeFormatter(logging.Formatter):
    """Writes each message with its unprintable characters escaped: text a client chose (a
    path, a name) cannot start a fake log line or reach the terminal as an escape sequence.
    Tracebacks, added after the message, keep their lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = log_safe(record.message)
        return super().formatMessage(record)


LOG_FORMAT: Final = "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s %(connection)s%(message)s"

_QUIET_LOGGERS: Final[Mapping[str, int]] = {
    "aiosqlite": logging.INFO,
    "alembic.runtime.plugins": logging.WARNING,
}
"""Libraries too talkative for the operator's log: aiosqlite's debug output is one line per
database call; Alembic says at info level which of its own plugins it set up, seven lines at
every start that mean nothing to an operator (its migration lines stay)."""


def configure_logging(level: str) -> None:
    """Log lines to standard error, in UTC, with the connection id where there is one."""
    handler = logging.StreamHandler(sys.stderr)
    formatter = _SafeFormatter(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(_ConnectionIdFilter())
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, quietest in _QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(quietest, root.level))


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to completion on a new event loop: uvloop where it is installed."""
    try:
        import uvloop
    except ImportError:  # Windows, or a platform uvloop does not build on
        factory = None
    else:
        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
