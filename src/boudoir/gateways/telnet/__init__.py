"""The telnet gateway: MU* clients (Mudlet, TinTin++, MUSHclient...) in a MUCK-style world.

Modules: ``server`` (listener, limits, flush, MSSP), ``client`` (one connection: asyncio
protocol and core session), ``login`` (the login screen's glue), ``commands`` (the command
table, dispatch, running intents and telling replies), the command modules (``speech``,
``help``, ...) and ``errors`` (core errors as text). Lines are parsed, and replies and events
worded, by ``wire.telnet``.
"""

from __future__ import annotations

from boudoir.gateways.telnet import (  # noqa: F401  (register commands)
    channels,
    consent_commands,
    edit_commands,
    emit_commands,
    help,
    log_commands,
    profile,
    scene_commands,
    social,
    speech,
    world,
)
from boudoir.gateways.telnet.server import TelnetGateway, TelnetLimits

__all__ = ["TelnetGateway", "TelnetLimits"]
