"""The composition root: the one place that builds concrete classes, and the server process.

- ``open_core(settings)`` builds the store, the password hasher, the ``World``, for
  ``boudoir serve`` and for every CLI command alike.
- ``serve(settings)`` runs every gateway in one asyncio loop (uvloop where available) until
  SIGTERM or SIGINT, with one ``asyncio.TaskGroup`` owning every task.
- ``run(coroutine)`` runs a coroutine on that loop.

Readiness: once every listener is bound and accepting, ``serve`` writes one line to standard
output, and only that line::

    boudoir ready web=http://127.0.0.1:8080

``boudoir ready``, then one ``NAME=URL`` pair per listener, separated by single spaces (names:
``web``, later ``irc``, ``irc-tls``, ``telnet``, ``telnet-tls``; a listener turned off with port
0 is absent). A port given as ``auto`` is bound to a free port chosen by the system, and the
line carries the real one: tests start ``boudoir serve --web-port auto`` and read it with
``parse_readiness_line``. Logs go to standard error.

Imports everything below it; imports the gateways lazily, so CLI commands that never serve do
not pay for Starlette and uvicorn.

The parts: ``core.py`` (building the core), ``assembly.py`` (building the gateways, the
readiness line), ``serving.py`` (the loop, the account sync, stopping) and ``process.py``
(logging, the event loop). This module re-exports what the CLI and the tests use.
"""

from __future__ import annotations

from boudoir.app.assembly import (
    DEFAULT_MOTD,
    DEFAULT_TELNET_WELCOME,
    READY_PREFIX,
    Listener,
    build_gateways,
    open_file_ceiling,
    parse_readiness_line,
    print_readiness,
    readiness_line,
)
from boudoir.app.core import AppError, Core, database_url, describe_database, open_core
from boudoir.app.process import LOG_FORMAT, configure_logging, run
from boudoir.app.serving import (
    EXPIRED_LOGINS_INTERVAL_SECONDS,
    SHUTDOWN_REASON,
    STOP_SIGNALS,
    serve,
    start_all,
    sync_accounts_forever,
)

__all__ = [
    "DEFAULT_MOTD",
    "DEFAULT_TELNET_WELCOME",
    "EXPIRED_LOGINS_INTERVAL_SECONDS",
    "LOG_FORMAT",
    "READY_PREFIX",
    "SHUTDOWN_REASON",
    "STOP_SIGNALS",
    "AppError",
    "Core",
    "Listener",
    "build_gateways",
    "configure_logging",
    "database_url",
    "describe_database",
    "open_core",
    "open_file_ceiling",
    "parse_readiness_line",
    "print_readiness",
    "readiness_line",
    "run",
    "serve",
    "start_all",
    "sync_accounts_forever",
]
