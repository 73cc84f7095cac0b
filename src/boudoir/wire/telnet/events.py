"""What a ``TelnetConnection`` hands to its gateway: facts about the client, in the past tense.

Also ``TerminalCapabilities``, the machine's current view of what the client's terminal can
show. Frozen values, no behaviour. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

DEFAULT_WIDTH = 80
"""RFC 1073 leaves the size unknown until NAWS; 80 × 24 is the classic terminal every client
can show (and what telnet clients without NAWS almost always are)."""
DEFAULT_HEIGHT = 24


@dataclass(frozen=True, slots=True)
class TerminalCapabilities:
    """What the client told us about its terminal so far (everything off until it says so).

    ``colours`` is 0 (no ANSI), 16, 256 or 16777216. ``utf8`` is true when MTTS set its UTF-8
    bit or the client accepted UTF-8 over CHARSET; ``ascii_only`` when it refused UTF-8 over
    CHARSET and MTTS did not claim it. ``eor``, ``gmcp``, ``mccp`` and ``naws`` say which of
    those options the client agreed to.
    """

    client_name: str = ""
    """The first TTYPE answer, upper case (``"MUDLET"``, ``"TINTIN++"``), or ``""``."""
    terminal_type: str = ""
    """The second TTYPE answer (``"XTERM-256COLOR"``), or the first when there was only one."""
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    colours: int = 0
    utf8: bool = False
    ascii_only: bool = False
    screen_reader: bool = False
    mtts: int = 0
    """The MTTS bit field, 0 when the client sent none (tintin.mudhalla.net/protocols/mtts)."""
    naws: bool = False
    eor: bool = False
    gmcp: bool = False
    mccp: bool = False


@dataclass(frozen=True, slots=True)
class LineReceived:
    """One line the user typed, without its line ending (CR LF, CR NUL, CR or LF).

    Decoded as UTF-8, invalid bytes replaced by U+FFFD. NUL bytes are dropped (RFC 854: NUL is
    a no-op); other control characters are left for the gateway to clean. Blank lines come
    through too: MU* users press Enter to see the prompt again.
    """

    text: str


@dataclass(frozen=True, slots=True)
class WindowResized:
    """The client reported its window size (RFC 1073 NAWS), in character cells. Sent only when
    the size changes; a dimension the client says it does not know (0) keeps its old value."""

    width: int
    height: int


@dataclass(frozen=True, slots=True)
class CapabilitiesChanged:
    """``capabilities`` changed in a way that may change how output is rendered: the TTYPE
    cycle ended, CHARSET was answered, or the client agreed to or refused EOR, GMCP or MCCP2.
    Window size changes come as ``WindowResized`` instead."""

    capabilities: TerminalCapabilities


@dataclass(frozen=True, slots=True)
class GmcpReceived:
    """A GMCP message from the client: ``package`` as sent (``"Core.Hello"``; compare it
    case-insensitively, GMCP package names are not case-sensitive) and its JSON ``data``,
    ``None`` when the message had none. A message whose JSON does not parse is not passed on:
    it becomes ``ProtocolError("gmcp_malformed")``."""

    package: str
    data: object | None


@dataclass(frozen=True, slots=True)
class MsspRequested:
    """The client asked for MSSP (IAC DO MSSP): the gateway answers with ``send_mssp``."""


@dataclass(frozen=True, slots=True)
class ProtocolError:
    """The client sent something the machine had to drop; the connection stays open.

    ``code`` is one of:

    - ``"line_too_long"``: a line passed ``max_line`` bytes; the whole line is dropped (a
      truncated command could do something its author did not mean). The gateway tells the user.
    - ``"subnegotiation_too_long"``: a subnegotiation passed ``MAX_SUBNEGOTIATION`` bytes and
      was dropped.
    - ``"gmcp_malformed"``: a GMCP message without a valid package name, with invalid JSON, or
      nested too deeply; dropped.
    - ``"too_many_lines"``: one read carried more than ``max_queued_lines`` lines; the rest of
      them were dropped (reported once per ``events_received``).
    """

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ConnectionClosed:
    """The transport reached end of file (``receive_eof``). Sent once."""


TelnetEvent: TypeAlias = (
    LineReceived
    | WindowResized
    | CapabilitiesChanged
    | GmcpReceived
    | MsspRequested
    | ProtocolError
    | ConnectionClosed
)
