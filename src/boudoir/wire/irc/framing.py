"""Cutting a byte stream into IRC lines, within the protocol's length limits.

Modern IRC "Message format": lines end in CR LF; servers accept LF alone too, and ignore empty
lines. The limits below bound the memory one client can make the server hold. Standard
library only.
"""

from __future__ import annotations

MAX_LINE = 512
"""RFC 1459 §2.3 and Modern IRC: a line is at most 512 bytes including CR LF, not counting the
tags section (IRCv3 message-tags, "Size limit")."""

MAX_TAGS_SECTION = 8191
"""IRCv3 message-tags, "Size limit": the tags section, with its leading ``@`` and trailing
space, is at most 8191 bytes."""

MAX_CLIENT_TAGS = 4094
"""IRCv3 message-tags: a client MUST NOT send more than 4094 bytes of tag data (the bytes
between ``@`` and the space), and the server answers 417 ERR_INPUTTOOLONG when it does."""

MAX_BUFFERED = MAX_LINE + MAX_TAGS_SECTION
"""The longest line the protocol allows. Held bytes without a line feed beyond this cannot
become a valid line, so they are dropped until the next line feed."""


def within_limits(line: bytes) -> bool:
    """Whether ``line`` (without its line ending) respects ``MAX_LINE`` and
    ``MAX_CLIENT_TAGS``. A line ending is counted as two bytes, even when the client sent LF
    alone."""
    if line[:1] == b"@":
        space = line.find(b" ")
        if space == -1:
            return len(line) - 1 <= MAX_CLIENT_TAGS
        if space - 1 > MAX_CLIENT_TAGS:
            return False
        return len(line) - space - 1 + 2 <= MAX_LINE
    return len(line) + 2 <= MAX_LINE


class LineSplitter:
    """Buffers bytes and gives back complete lines.

    ``feed`` returns, in order, each complete non-blank line without its line ending and
    leading spaces, or ``None`` in place of a line that broke a length limit (the caller
    answers 417 once for it). ``lines_received`` counts every line feed seen, blank and
    dropped lines included, so a gateway can rate-limit on it.
    """

    __slots__ = ("_discarding", "_pending", "lines_received")

    def __init__(self) -> None:
        self._pending = bytearray()
        self._discarding = False
        self.lines_received = 0

    def feed(self, data: bytes) -> list[bytes | None]:
        lines: list[bytes | None] = []
        if self._discarding:
            line_feed = data.find(b"\n")
            if line_feed == -1:
                return lines
            self._discarding = False
            self.lines_received += 1
            data = data[line_feed + 1 :]
        if b"\n" not in data:
            # The common case for slow or byte-by-byte input: no copy but the append.
            self._pending += data
            if len(self._pending) > MAX_BUFFERED:
                self._overflow(lines)
            return lines
        pending = self._pending
        # Nearly always nothing waits and the input ends with its line: no copies.
        pieces = (bytes(pending) + data if pending else data).split(b"\n")
        last = pieces.pop()
        if last or pending:
            self._pending = bytearray(last)
        for piece in pieces:
            self.lines_received += 1
            # Leading spaces carry nothing (trailing ones may belong to the last parameter).
            line = (piece[:-1] if piece.endswith(b"\r") else piece).lstrip(b" ")
            if not line:
                continue
            lines.append(line if within_limits(line) else None)
        if len(self._pending) > MAX_BUFFERED:
            self._overflow(lines)
        return lines

    def _overflow(self, lines: list[bytes | None]) -> None:
        self._pending.clear()
        self._discarding = True
        lines.append(None)
