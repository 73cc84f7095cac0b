"""The IRC gateway: IRC clients (irssi, WeeChat, HexChat, The Lounge) join the world.

Modules: ``server`` (listener, limits), ``client`` (one connection: asyncio protocol and core
session), ``commands`` (the command table, registration and login), ``messages``,
``channels``, ``queries``, ``modes``, ``nickserv``, ``monitor``... (what each command does),
``errors`` (core errors as replies).

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from boudoir.gateways.irc import (  # noqa: F401  (register commands and services)
    channels,
    history,
    messages,
    modes,
    modserv,
    monitor,
    nickserv,
    oper,
    queries,
    redaction,
    scenes,
)
from boudoir.gateways.irc.server import CAPABILITIES, IrcGateway, IrcLimits

__all__ = ["CAPABILITIES", "IrcGateway", "IrcLimits"]
