"""Cutting the data part of a telnet stream into typed lines, within a length limit.

RFC 854 NVT: a line ends in CR LF, and a bare CR is sent as CR NUL. Clients differ (some send
LF alone, some CR alone), so CR LF, CR NUL, CR and LF each end one line. The machine buffers at
most ``max_line`` bytes of an unfinished line. Standard library only.
"""

from __future__ import annotations

from boudoir.wire.telnet.events import LineReceived, ProtocolError

_CONTINUATION_BYTES = range(0x80, 0xC0)
_LINE_FEED_OR_NUL = (0x0A, 0x00)


class LineAssembler:
    """Buffers data bytes (IAC already taken out) and returns ``LineReceived`` events.

    ``lines_received`` counts every line ended, dropped ones too, for flood control.
    """

    __slots__ = (
        "_after_cr",
        "_discarding",
        "_line",
        "_queued",
        "lines_received",
        "max_line",
        "max_queued_lines",
    )

    def __init__(self, *, max_line: int, max_queued_lines: int) -> None:
        self.max_line = max_line
        self.max_queued_lines = max_queued_lines
        self._line = bytearray()
        self._after_cr = False
        self._discarding = False
        self._queued = 0
        self.lines_received = 0

    def feed(self, data: bytes, *, utf8: bool) -> list[LineReceived | ProtocolError]:
        """The lines ``data`` completes. ``utf8`` says the client claimed UTF-8 (see
        ``decode``)."""
        events: list[LineReceived | ProtocolError] = []
        index = 0
        end = len(data)
        if self._after_cr and end:
            self._after_cr = False
            if data[0] in _LINE_FEED_OR_NUL:  # CR LF or CR NUL: the line ended at the CR
                index = 1
        while index < end:
            cr = data.find(b"\r", index)
            lf = data.find(b"\n", index)
            if cr == -1 and lf == -1:
                self._append(data[index:], events)
                break
            if cr == -1 or (lf != -1 and lf < cr):
                self._append(data[index:lf], events)
                self._end_line(events, utf8)
                index = lf + 1
                continue
            self._append(data[index:cr], events)
            self._end_line(events, utf8)
            index = cr + 1
            if index == end:
                self._after_cr = True
            elif data[index] in _LINE_FEED_OR_NUL:
                index += 1
        return events

    def taken(self) -> None:
        """The gateway took the events: ``max_queued_lines`` counts afresh."""
        self._queued = 0

    def erase_character(self) -> None:
        """RFC 854 EC: erase the last character typed, all of its UTF-8 bytes."""
        self._after_cr = False
        line = self._line
        while line and line[-1] in _CONTINUATION_BYTES:
            line.pop()
        if line:
            line.pop()

    def erase_line(self) -> None:
        """RFC 854 EL: forget the line being typed."""
        self._after_cr = False
        self._line.clear()

    def _append(self, data: bytes, events: list[LineReceived | ProtocolError]) -> None:
        if self._discarding or not data:
            return
        if len(self._line) + len(data) > self.max_line:
            self._line.clear()
            self._discarding = True
            events.append(ProtocolError("line_too_long", "That line was too long."))
            return
        self._line += data

    def _end_line(self, events: list[LineReceived | ProtocolError], utf8: bool) -> None:
        self.lines_received += 1
        if self._discarding:
            self._discarding = False
            return
        raw = bytes(self._line)
        self._line.clear()
        if self._queued >= self.max_queued_lines:
            if self._queued == self.max_queued_lines:
                events.append(ProtocolError("too_many_lines", "Too many lines arrived at once."))
                self._queued += 1
            return
        self._queued += 1
        events.append(LineReceived(decode(raw, utf8=utf8)))


def decode(raw: bytes, *, utf8: bool) -> str:
    """A typed line as text. NUL bytes are dropped (RFC 854: NUL is a no-op). UTF-8 first; a
    client that has not claimed UTF-8 and sends invalid UTF-8 most likely uses Latin-1 (old
    telnet clients), so it is read so rather than losing its accents."""
    if b"\x00" in raw:
        raw = raw.replace(b"\x00", b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        if utf8:
            return raw.decode("utf-8", errors="replace")
        return raw.decode("latin-1")
