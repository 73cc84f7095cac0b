"""The server side of one telnet (MU*) client connection, without I/O.

Shaped after websockets' protocol core: the gateway feeds bytes with ``receive_data`` and
``receive_eof``, takes ``events_received()`` and writes ``data_to_send()``. The machine parses
the telnet stream (RFC 854: IAC commands, IAC doubled in data; RFC 855: subnegotiation),
negotiates options (``options.Negotiation``, never looping), cycles TTYPE for MTTS, reads NAWS,
CHARSET and GMCP, compresses with MCCP2, and cuts the rest into lines. Negotiation never holds
lines back: a line typed before the client answered anything is passed on at once.

A peer's garbage never raises out of ``receive_data``; what the machine drops it reports as a
``ProtocolError`` with a documented code. Standard library only; no sockets, no asyncio.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import replace

from boudoir.wire.telnet import options as o
from boudoir.wire.telnet.events import (
    CapabilitiesChanged,
    ConnectionClosed,
    GmcpReceived,
    MsspRequested,
    ProtocolError,
    TelnetEvent,
    TerminalCapabilities,
    WindowResized,
)
from boudoir.wire.telnet.gmcp import GmcpMalformed, decode_gmcp, encode_gmcp
from boudoir.wire.telnet.lines import LineAssembler
from boudoir.wire.telnet.mssp import encode_mssp
from boudoir.wire.telnet.mtts import MTTS_UTF8, TtypeCycle
from boudoir.wire.telnet.output import Output

MAX_LINE = 4096
"""Bytes of one typed line. A long pose is a few hundred words (~2 KiB); twice that leaves room
for UTF-8, and bounds what an unfinished line makes the server hold."""

MAX_QUEUED_LINES = 1000
"""Lines held between two ``events_received`` calls. The gateway takes events after every read,
so only a single read carrying more lines than this (a runaway paste) loses lines; the memory a
read of short lines costs stays bounded."""

MAX_SUBNEGOTIATION = 8192
"""Bytes of one subnegotiation. The largest a client sends is a GMCP message (a
``Core.Supports.Set`` list, login credentials): well under 1 KiB in practice."""

_UTF8_NAMES = frozenset({"UTF-8", "UTF8"})
_CHARSET_REQUEST = (
    bytes((o.IAC, o.SB, o.CHARSET, o.CHARSET_REQUEST)) + b";UTF-8" + bytes((o.IAC, o.SE))
)
"""RFC 2066 REQUEST with ";" as the separator and one character set: UTF-8 or nothing (TinTin++
answers each listed set in turn, so listing one keeps the answer single)."""
_TTYPE_SEND = bytes((o.IAC, o.SB, o.TTYPE, o.TTYPE_SEND, o.IAC, o.SE))
_MCCP2_START = bytes((o.IAC, o.SB, o.MCCP2, o.IAC, o.SE))
_EOR_MARK = bytes((o.IAC, o.EOR_COMMAND))
_GA_MARK = bytes((o.IAC, o.GA))


class _State(enum.Enum):
    DATA = enum.auto()
    IAC = enum.auto()
    """After IAC in data."""
    OPTION = enum.auto()
    """After IAC WILL/WONT/DO/DONT, waiting for the option byte."""
    SB_OPTION = enum.auto()
    """After IAC SB, waiting for the option byte."""
    SB_DATA = enum.auto()
    SB_IAC = enum.auto()
    """After IAC inside a subnegotiation: IAC (a data 255) or SE (the end)."""


def encode_text(text: str, *, ascii_only: bool = False) -> bytes:
    """What ``send_text`` queues: ``"\\n"`` becomes CR LF (RFC 854 NVT), then UTF-8, or ASCII
    with ``?`` for what it cannot show. Neither encoding ever produces byte 255, so no IAC needs
    doubling. Render once, then ``send_encoded`` to every connection with the same
    ``output_charset``."""
    text = text.replace("\n", "\r\n")
    if ascii_only:
        return text.encode("ascii", errors="replace")
    return text.encode("utf-8", errors="replace")


class TelnetConnection:
    """One MU* client connection, server side.

    ``compression_allowed`` offers MCCP2; pass ``False`` on TLS, where compressing secrets next
    to attacker-chosen text leaks them (CRIME, BREACH). ``max_line`` bounds a typed line (and
    so the bytes an unfinished line holds); ``max_queued_lines`` bounds lines held between two
    ``events_received`` calls.
    """

    __slots__ = (
        "_capabilities",
        "_charset_answer",
        "_charset_requested",
        "_eof",
        "_events",
        "_lines",
        "_negotiation",
        "_output",
        "_sb",
        "_sb_option",
        "_sb_overflow",
        "_state",
        "_ttype",
        "_verb",
        "closed",
        "compression_allowed",
    )

    def __init__(
        self,
        *,
        compression_allowed: bool,
        max_line: int = MAX_LINE,
        max_queued_lines: int = MAX_QUEUED_LINES,
    ) -> None:
        self.compression_allowed = compression_allowed
        local = o.LOCAL_OPTIONS if compression_allowed else o.LOCAL_OPTIONS - {o.MCCP2}
        self._negotiation = o.Negotiation(local_supported=local, remote_supported=o.REMOTE_OPTIONS)
        self._capabilities = TerminalCapabilities()
        self._events: list[TelnetEvent] = []
        self._output = Output()
        self._state = _State.DATA
        self._verb = 0
        self._lines = LineAssembler(max_line=max_line, max_queued_lines=max_queued_lines)
        self._sb = bytearray()
        self._sb_option = 0
        self._sb_overflow = False
        self._ttype = TtypeCycle()
        self._charset_requested = False
        self._charset_answer = b""
        """Our last answer to a client's CHARSET REQUEST: the same request is answered once."""
        self._eof = False
        self.closed = False

    # --- I/O --------------------------------------------------------------------------------

    def start(self) -> None:
        """Queue the server's opening offers (RFC 855: either side may offer first)."""
        negotiation = self._negotiation
        offers = [
            negotiation.ask_remote(o.TTYPE),
            negotiation.ask_remote(o.NAWS),
            negotiation.offer_local(o.SGA, True),
            negotiation.offer_local(o.EOR, True),
            negotiation.offer_local(o.CHARSET, True),
            negotiation.offer_local(o.GMCP, True),
            negotiation.offer_local(o.MSSP, True),
        ]
        if self.compression_allowed:
            offers.append(negotiation.offer_local(o.MCCP2, True))
        self._output.append(b"".join(offers))

    def receive_data(self, data: bytes) -> None:
        """Feed bytes read from the client. Ignored after ``receive_eof``."""
        if self._eof:
            return
        index = 0
        end = len(data)
        while index < end:
            state = self._state
            if state is _State.DATA:
                iac = data.find(b"\xff", index)
                stop = end if iac == -1 else iac
                if stop > index:
                    self._receive_text(data[index:stop])
                if iac == -1:
                    return
                self._state = _State.IAC
                index = iac + 1
            elif state is _State.SB_DATA:
                iac = data.find(b"\xff", index)
                stop = end if iac == -1 else iac
                self._receive_sb_bytes(data[index:stop])
                if iac == -1:
                    return
                self._state = _State.SB_IAC
                index = iac + 1
            else:
                self._receive_command_byte(data[index])
                index += 1

    def receive_eof(self) -> None:
        """The client closed its side. Queues ``ConnectionClosed`` once."""
        if self._eof:
            return
        self._eof = True
        self._events.append(ConnectionClosed())

    def events_received(self) -> list[TelnetEvent]:
        """Events since the last call, oldest first."""
        events, self._events = self._events, []
        self._lines.taken()
        return events

    def data_to_send(self) -> bytes:
        """Bytes to write since the last call (``b""`` if none), compressed if MCCP2 is on."""
        return self._output.take()

    def close_expected(self) -> bool:
        """Whether the connection is ending (``close`` called, or end of file)."""
        return self.closed or self._eof

    @property
    def lines_received(self) -> int:
        """Lines seen so far, dropped ones included, for the gateway's flood control."""
        return self._lines.lines_received

    @property
    def pending_output(self) -> int:
        """Bytes queued and not yet taken by ``data_to_send`` (before compression): compare
        with the gateway's send-queue limit."""
        return self._output.pending

    # --- state the gateway reads -------------------------------------------------------------

    @property
    def capabilities(self) -> TerminalCapabilities:
        return self._capabilities

    @property
    def gmcp_enabled(self) -> bool:
        return self._negotiation.local_enabled(o.GMCP)

    @property
    def compressing(self) -> bool:
        return self._output.compressing

    @property
    def output_charset(self) -> str:
        """``"UTF-8"``, or ``"US-ASCII"`` for a client that refused UTF-8: a key for caching
        ``encode_text`` results across connections."""
        return "US-ASCII" if self._capabilities.ascii_only else "UTF-8"

    # --- gateway to machine -----------------------------------------------------------------

    def send_text(self, text: str) -> None:
        """Queue ``text`` (``"\\n"`` for line breaks) in the client's character set."""
        self._output.append(encode_text(text, ascii_only=self._capabilities.ascii_only))

    def send_encoded(self, data: bytes) -> None:
        """Queue bytes from ``encode_text`` (rendered once for many connections)."""
        self._output.append(data)

    def send_prompt(self, text: str) -> None:
        """Queue a prompt: ``text`` without a line break, then a mark clients use to tell a
        prompt from a line still arriving: IAC EOR if the client agreed to EOR (RFC 885), else
        IAC GA unless it agreed to suppress go-ahead (RFC 858 forbids GA then; such clients
        show the prompt as text as it is)."""
        self.send_text(text)
        if self._negotiation.local_enabled(o.EOR):
            self._output.append(_EOR_MARK)
        elif not self._negotiation.local_enabled(o.SGA):
            self._output.append(_GA_MARK)

    def send_gmcp(self, package: str, data: object = None) -> None:
        """Queue a GMCP message if the client agreed to GMCP; otherwise do nothing. Raises
        ``ValueError`` for an invalid package name, ``TypeError`` for data JSON cannot encode."""
        if self._negotiation.local_enabled(o.GMCP):
            self._output.append(encode_gmcp(package, data))

    def send_mssp(self, variables: Mapping[str, str | Sequence[str]]) -> None:
        """Answer ``MsspRequested`` with the server's status variables (name to value or
        values, e.g. ``{"NAME": "Boudoir", "PLAYERS": "3", "UPTIME": "1700000000"}``)."""
        if self._negotiation.local_enabled(o.MSSP):
            self._output.append(encode_mssp(variables))

    def hide_input(self, hidden: bool) -> None:
        """Ask the client to stop (``True``) or resume echoing what the user types: the
        server claims the echo (RFC 857 WILL ECHO) and does not echo. Sent once per change."""
        self._output.append(self._negotiation.offer_local(o.ECHO, hidden))

    def close(self) -> None:
        """End the zlib stream if MCCP2 is on, so the last bytes queued can be read. Call it
        after queueing the last message, then write ``data_to_send()`` and close."""
        self._output.end_compression()
        self.closed = True

    # --- parsing ----------------------------------------------------------------------------

    def _receive_command_byte(self, byte: int) -> None:
        state = self._state
        if state is _State.IAC:
            self._state = _State.DATA
            if byte == o.IAC:
                self._receive_text(b"\xff")  # RFC 854: IAC IAC is a data byte 255
            elif byte in (o.WILL, o.WONT, o.DO, o.DONT):
                self._verb = byte
                self._state = _State.OPTION
            elif byte == o.SB:
                self._state = _State.SB_OPTION
            elif byte == o.EC:
                self._lines.erase_character()
            elif byte == o.EL:
                self._lines.erase_line()
            # NOP, DM, BRK, IP, AO, AYT, GA, EOR, a stray SE or an unknown command: nothing to do.
        elif state is _State.OPTION:
            self._state = _State.DATA
            self._receive_negotiation(self._verb, byte)
        elif state is _State.SB_OPTION:
            self._state = _State.SB_DATA
            self._sb_option = byte
            self._sb.clear()
            self._sb_overflow = False
        elif state is _State.SB_IAC:
            if byte == o.IAC:
                self._state = _State.SB_DATA
                self._receive_sb_bytes(b"\xff")
            elif byte == o.SE:
                self._state = _State.DATA
                if not self._sb_overflow:
                    self._receive_subnegotiation(self._sb_option, bytes(self._sb))
                self._sb.clear()
            else:
                # RFC 855 allows nothing else here: the client forgot IAC SE. Drop the
                # subnegotiation and read this byte as the command it most likely is.
                self._sb.clear()
                self._state = _State.IAC
                self._receive_command_byte(byte)

    def _receive_sb_bytes(self, data: bytes) -> None:
        if self._sb_overflow:
            return
        if len(self._sb) + len(data) > MAX_SUBNEGOTIATION:
            self._sb_overflow = True
            self._sb.clear()
            self._events.append(
                ProtocolError("subnegotiation_too_long", "A subnegotiation was too long.")
            )
            return
        self._sb += data

    def _receive_text(self, data: bytes) -> None:
        self._events.extend(self._lines.feed(data, utf8=self._capabilities.utf8))

    # --- negotiation ------------------------------------------------------------------------

    def _receive_negotiation(self, verb: int, option: int) -> None:
        reply, changed = self._negotiation.received(verb, option)
        enabled = verb in (o.WILL, o.DO)
        if changed and not enabled:
            self._option_changed(verb, option, enabled=False)
        self._output.append(reply)
        if changed and enabled:
            self._option_changed(verb, option, enabled=True)

    def _option_changed(self, verb: int, option: int, *, enabled: bool) -> None:
        """Side effects of an option turning on or off."""
        if verb in (o.WILL, o.WONT):  # the client's side
            if option == o.TTYPE and enabled and self._ttype.start():
                self._output.append(_TTYPE_SEND)
            elif option == o.NAWS:
                self._update(replace(self._capabilities, naws=enabled), announce=False)
            return
        # the server's side
        if option == o.MCCP2:
            if enabled:
                self._output.start_compression(_MCCP2_START)
            else:
                self._output.end_compression()
            self._update(replace(self._capabilities, mccp=enabled), announce=False)
        elif option == o.EOR:
            self._update(replace(self._capabilities, eor=enabled))
        elif option == o.GMCP:
            self._update(replace(self._capabilities, gmcp=enabled))
        elif option == o.MSSP and enabled:
            self._events.append(MsspRequested())
        elif option == o.CHARSET and enabled and not self._charset_requested:
            # RFC 2066: the side that sent WILL and received DO may send REQUEST.
            self._charset_requested = True
            self._output.append(_CHARSET_REQUEST)

    def _update(self, new: TerminalCapabilities, *, announce: bool = True) -> None:
        if new != self._capabilities:
            self._capabilities = new
            if announce:
                self._events.append(CapabilitiesChanged(new))

    # --- subnegotiations --------------------------------------------------------------------

    def _receive_subnegotiation(self, option: int, payload: bytes) -> None:
        negotiation = self._negotiation
        if option == o.TTYPE and negotiation.remote_enabled(o.TTYPE):
            if payload[:1] == bytes((o.TTYPE_IS,)):
                self._receive_ttype(payload[1:])
        elif option == o.NAWS and negotiation.remote_enabled(o.NAWS):
            self._receive_naws(payload)
        elif option == o.GMCP and negotiation.local_enabled(o.GMCP):
            try:
                package, data = decode_gmcp(payload)
            except GmcpMalformed as error:
                self._events.append(ProtocolError("gmcp_malformed", str(error)))
            else:
                self._events.append(GmcpReceived(package, data))
        elif option == o.CHARSET and (
            negotiation.local_enabled(o.CHARSET) or negotiation.remote_enabled(o.CHARSET)
        ):
            self._receive_charset(payload)
        # Anything else (an option not agreed, MSSP from a client): ignored, RFC 855.

    def _receive_naws(self, payload: bytes) -> None:
        if len(payload) != 4:
            return  # RFC 1073: exactly two 16-bit numbers (IAC already undoubled)
        width = payload[0] << 8 | payload[1]
        height = payload[2] << 8 | payload[3]
        old = self._capabilities
        width = width or old.width  # RFC 1073: 0 means the client does not know
        height = height or old.height
        if (width, height) != (old.width, old.height):
            self._capabilities = replace(old, width=width, height=height)
            self._events.append(WindowResized(width, height))

    def _receive_ttype(self, raw: bytes) -> None:
        if self._ttype.receive(raw):
            self._output.append(_TTYPE_SEND)
        elif self._ttype.done:
            self._update(self._ttype.apply(self._capabilities))

    def _receive_charset(self, payload: bytes) -> None:
        if not payload:
            return
        verb, rest = payload[0], payload[1:]
        if verb == o.CHARSET_ACCEPTED:
            name = rest.decode("ascii", errors="replace").strip().upper()
            if name in _UTF8_NAMES:
                self._update(replace(self._capabilities, utf8=True, ascii_only=False))
            else:
                self._charset_rejected()
        elif verb == o.CHARSET_REJECTED:
            self._charset_rejected()
        elif verb == o.CHARSET_REQUEST:
            self._answer_charset_request(rest)
        elif verb == o.CHARSET_TTABLE_IS:
            # We never offer translation tables (RFC 2066 [TTABLE]); refuse one sent anyway.
            self._output.append(
                bytes((o.IAC, o.SB, o.CHARSET, o.CHARSET_TTABLE_REJECTED, o.IAC, o.SE))
            )

    def _charset_rejected(self) -> None:
        if not self._capabilities.mtts & MTTS_UTF8:
            self._update(replace(self._capabilities, ascii_only=True, utf8=False))

    def _answer_charset_request(self, rest: bytes) -> None:
        if rest.startswith(b"[TTABLE]"):
            rest = rest[len(b"[TTABLE]") + 1 :]  # the version byte follows; we ignore tables
        if not rest:
            return
        separator, names = rest[:1], rest[1:]
        offered = {
            name.decode("ascii", errors="replace").strip().upper()
            for name in names.split(separator)
        }
        prefix = bytes((o.IAC, o.SB, o.CHARSET))
        if offered & _UTF8_NAMES:
            answer = prefix + bytes((o.CHARSET_ACCEPTED,)) + b"UTF-8" + bytes((o.IAC, o.SE))
        else:
            answer = prefix + bytes((o.CHARSET_REJECTED, o.IAC, o.SE))
        if answer == self._charset_answer:
            return
        self._charset_answer = answer
        self._output.append(answer)
        if offered & _UTF8_NAMES:
            self._update(replace(self._capabilities, utf8=True, ascii_only=False))
