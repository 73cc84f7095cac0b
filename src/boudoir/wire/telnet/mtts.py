"""Reading TTYPE answers: the client's name, its terminal, and MTTS bits.

RFC 1091: each ``IAC SB TTYPE SEND IAC SE`` makes the client name its next terminal type; the
list ends when an answer repeats. MTTS (tintin.mudhalla.net/protocols/mtts) gives the three
answers a meaning: the client's name, the terminal type, then ``"MTTS <bits>"``. Standard library
only.
"""

from __future__ import annotations

from dataclasses import replace

from boudoir.wire.telnet.events import TerminalCapabilities

MAX_TTYPE_REQUESTS = 4
"""MTTS needs three answers (name, terminal, ``MTTS n``); one more lets a client that puts the
MTTS answer last in a longer list still be read. No client needs more, and a client that keeps
answering new names must not keep us asking."""

MAX_TTYPE_LENGTH = 64
"""RFC 1091 names are at most 40 characters; MTTS strings are short. Longer answers are cut."""

MTTS_ANSI = 1
MTTS_VT100 = 2
MTTS_UTF8 = 4
MTTS_256_COLORS = 8
MTTS_MOUSE_TRACKING = 16
MTTS_OSC_COLOR_PALETTE = 32
MTTS_SCREEN_READER = 64
MTTS_PROXY = 128
MTTS_TRUECOLOR = 256
MTTS_MNES = 512
MTTS_MSLP = 1024
MTTS_SSL = 2048

COLOURS_16 = 16
COLOURS_256 = 256
COLOURS_TRUE = 16777216

_TRUECOLOR_NAMES = ("TRUECOLOR", "DIRECT", "24BIT")
_256_NAMES = ("256COLOR", "256-COLOR")
_ANSI_NAMES = ("ANSI", "XTERM", "VT100", "VT102", "VT220", "LINUX", "SCREEN", "TMUX", "RXVT")
"""Terminal type names (upper case) that imply a colour depth, for clients without MTTS."""

_KNOWN_CLIENTS_256 = frozenset({"MUDLET", "TINTIN++", "MUSHCLIENT", "CMUD", "ZMUD", "BLOWTORCH"})
"""Clients that show at least 256 colours whatever their second answer says."""


def parse_mtts(answer: str) -> int | None:
    """The MTTS bits of an ``"MTTS <n>"`` answer, or ``None`` when it is not one."""
    prefix, _, number = answer.partition(" ")
    if prefix != "MTTS" or not number.isdigit() or len(number) > 6:
        return None
    return int(number)


def colours_from_mtts(bits: int) -> int:
    """MTTS colour bits to a colour depth: TRUECOLOR, 256 COLORS, then ANSI."""
    if bits & MTTS_TRUECOLOR:
        return COLOURS_TRUE
    if bits & MTTS_256_COLORS:
        return COLOURS_256
    if bits & MTTS_ANSI:
        return COLOURS_16
    return 0


def colours_from_names(*names: str) -> int:
    """A colour depth guessed from terminal type names (``"XTERM-256COLOR"``, ``"ANSI"``)."""
    best = 0
    for name in names:
        if any(marker in name for marker in _TRUECOLOR_NAMES):
            best = max(best, COLOURS_TRUE)
        elif any(marker in name for marker in _256_NAMES) or name in _KNOWN_CLIENTS_256:
            best = max(best, COLOURS_256)
        elif any(name.startswith(marker) for marker in _ANSI_NAMES):
            best = max(best, COLOURS_16)
    return best


class TtypeCycle:
    """The TTYPE/MTTS exchange: ask, read an answer, ask again until the list ends.

    The cycle ends at an ``MTTS n`` answer, at a repeated answer (RFC 1091: the list wrapped
    around), or after ``MAX_TTYPE_REQUESTS`` requests.
    """

    __slots__ = ("_answers", "_requests", "done")

    def __init__(self) -> None:
        self._answers: list[str] = []
        self._requests = 0
        self.done = False

    def start(self) -> bool:
        """Whether to send the first ``IAC SB TTYPE SEND IAC SE`` (only once)."""
        if self._requests:
            return False
        self._requests = 1
        return True

    def receive(self, raw: bytes) -> bool:
        """Read one ``IS`` answer; whether to ask for the next one. Ignored when not asked."""
        if self.done or not self._requests:
            return False
        name = raw[:MAX_TTYPE_LENGTH].decode("ascii", errors="replace").upper()
        name = "".join(char for char in name if char.isprintable()).strip()
        answers = self._answers
        answers.append(name)
        ended = len(answers) > 1 and (parse_mtts(name) is not None or name == answers[-2])
        if ended or self._requests >= MAX_TTYPE_REQUESTS:
            self.done = True
        else:
            self._requests += 1
        return not self.done

    def apply(self, capabilities: TerminalCapabilities) -> TerminalCapabilities:
        """``capabilities`` updated with what the finished cycle told."""
        names = [answer for answer in self._answers if parse_mtts(answer) is None]
        bits = next(
            (b for b in map(parse_mtts, self._answers[1:]) if b is not None),
            None,
        )
        client_name = names[0] if names else ""
        terminal_type = names[1] if len(names) > 1 else client_name
        if bits is None:
            return replace(
                capabilities,
                client_name=client_name,
                terminal_type=terminal_type,
                colours=max(capabilities.colours, colours_from_names(*names)),
            )
        utf8 = bool(bits & MTTS_UTF8)
        return replace(
            capabilities,
            client_name=client_name,
            terminal_type=terminal_type,
            mtts=bits,
            colours=colours_from_mtts(bits),
            screen_reader=bool(bits & MTTS_SCREEN_READER),
            utf8=capabilities.utf8 or utf8,
            ascii_only=capabilities.ascii_only and not utf8,
        )
