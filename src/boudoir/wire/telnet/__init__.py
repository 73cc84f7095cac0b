"""Telnet for MU* clients, sans I/O: option negotiation, lines, and text for terminals.

``TelnetConnection`` is the server side of one client connection (RFC 854/855 with ECHO, SGA,
TTYPE/MTTS, NAWS, CHARSET, EOR, MSSP, MCCP2 and GMCP); ``text`` makes other users' text safe
for a terminal, colours and wraps it. Standard library only.
"""

from boudoir.wire.telnet.connection import (
    MAX_LINE,
    MAX_QUEUED_LINES,
    MAX_SUBNEGOTIATION,
    TelnetConnection,
    encode_text,
)
from boudoir.wire.telnet.events import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    CapabilitiesChanged,
    ConnectionClosed,
    GmcpReceived,
    LineReceived,
    MsspRequested,
    ProtocolError,
    TelnetEvent,
    TerminalCapabilities,
    WindowResized,
)
from boudoir.wire.telnet.gmcp import encode_gmcp
from boudoir.wire.telnet.mssp import encode_mssp
from boudoir.wire.telnet.text import Style, clean, paint, visible_width, wrap

__all__ = [
    "DEFAULT_HEIGHT",
    "DEFAULT_WIDTH",
    "MAX_LINE",
    "MAX_QUEUED_LINES",
    "MAX_SUBNEGOTIATION",
    "CapabilitiesChanged",
    "ConnectionClosed",
    "GmcpReceived",
    "LineReceived",
    "MsspRequested",
    "ProtocolError",
    "Style",
    "TelnetConnection",
    "TelnetEvent",
    "TerminalCapabilities",
    "WindowResized",
    "clean",
    "encode_gmcp",
    "encode_mssp",
    "encode_text",
    "paint",
    "visible_width",
    "wrap",
]
