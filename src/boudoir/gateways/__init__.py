"""Gateways: the ways in (web, and later IRC and telnet), as thin asyncio glue over the core.

This module holds what every gateway shares with ``app.py``: the ``Gateway`` shape that
``app.serve`` runs, and the connection id that log lines carry. The connection glue they share
is in ``connections`` (listeners), ``stream`` (worker, pacing, flush), ``pacing`` and ``outbox``.

Imports the standard library only; each gateway module imports ``core``, ``wire``, ``domain``
and its own third-party server.
"""

from __future__ import annotations

import itertools
from contextvars import ContextVar
from typing import Final, Protocol

NO_CONNECTION: Final = "-"

connection_id: ContextVar[str] = ContextVar("boudoir_connection_id", default=NO_CONNECTION)
"""The connection (or HTTP request) the running task serves, for log lines. Each gateway sets
it at the top of its per-connection task; ``app.configure_logging`` prints it."""

_numbers = itertools.count(1)


def new_connection_id(gateway: str) -> str:
    """``web-1``, ``irc-2``...: short, unique within the process, and revealing nothing."""
    return f"{gateway}-{next(_numbers)}"


class Gateway(Protocol):
    """One listener and its connections, as ``app.serve`` drives it.

    ``start`` binds and begins accepting; ``run`` keeps the gateway going until ``close`` is
    called and then lets open connections finish, within the gateway's grace period.
    """

    @property
    def name(self) -> str:
        """``web``, ``irc``, ``irc-tls``...: names the listener in the readiness line."""
        ...

    @property
    def address(self) -> str:
        """``host:port`` as configured, for messages (port 0: any free port)."""
        ...

    async def start(self) -> str:
        """Bind the listener and accept connections; return the URL it listens on.

        Raises ``OSError`` when the address cannot be bound (in use, not permitted)."""
        ...

    async def run(self) -> None:
        """Serve until ``close``; then end every connection and return. Call after ``start``."""
        ...

    def close(self, reason: str) -> None:
        """Stop accepting and tell every open session ``reason``. Does not wait: ``run``
        returns once the connections are done."""
        ...
