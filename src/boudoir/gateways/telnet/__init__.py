"""The telnet gateway: MU* clients (Mudlet, TinTin++, MUSHclient...) in a MUCK-style world.

Modules: ``server`` (listener, limits, flush, MSSP), ``client`` (one connection: asyncio
protocol and core session), ``login`` (the login screen), ``commands`` (the command table and
line parser), the command modules (``speech``, ``help``, ...), ``render`` and ``gmcp`` (core
events as text and as GMCP), ``errors`` (core errors as text).

Imports ``core``, ``wire.telnet``, ``wire.webjson`` (GMCP carries the browser's event
objects), ``domain`` and the standard library.
"""

from __future__ import annotations

from boudoir.gateways.telnet import (  # noqa: F401  (register commands)
    channels,
    consent_commands,
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
