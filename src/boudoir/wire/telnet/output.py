"""Bytes waiting to be written to one client, compressed once MCCP2 starts.

MCCP2 (tintin.mudhalla.net/protocols/mccp): after ``IAC SB MCCP2 IAC SE`` everything the server
sends is one zlib stream, until the stream ends (``Z_FINISH``) and plain bytes follow again.
Standard library only.
"""

from __future__ import annotations

import zlib

COMPRESSION_LEVEL = 6
"""zlib's default: most of the gain at a fraction of level 9's CPU (text compresses ~5×)."""


class Output:
    """Queued bytes in order; part of them may belong to an open zlib stream.

    ``pending`` counts bytes queued and not yet taken, before compression: what a client that
    does not read makes the server hold.
    """

    __slots__ = ("_compressor", "_plain", "_to_compress", "pending")

    def __init__(self) -> None:
        self._plain: list[bytes] = []
        """Ready to write as is (including finished compressed segments)."""
        self._to_compress: list[bytes] = []
        """Queued after the compression started; compressed in ``take``."""
        self._compressor: zlib._Compress | None = None
        self.pending = 0

    @property
    def compressing(self) -> bool:
        return self._compressor is not None

    def append(self, data: bytes) -> None:
        if not data:
            return
        self.pending += len(data)
        if self._compressor is None:
            self._plain.append(data)
        else:
            self._to_compress.append(data)

    def start_compression(self, marker: bytes) -> None:
        """Queue ``marker`` (``IAC SB MCCP2 IAC SE``) plain, then compress all that follows."""
        if self._compressor is not None:
            return
        self.append(marker)
        self._compressor = zlib.compressobj(COMPRESSION_LEVEL)

    def end_compression(self) -> None:
        """Finish the zlib stream after what is queued, so that the client reads it all and
        knows plain bytes follow."""
        compressor, self._compressor = self._compressor, None
        if compressor is None:
            return
        data = b"".join(self._to_compress)
        self._to_compress.clear()
        self._plain.append(compressor.compress(data) + compressor.flush(zlib.Z_FINISH))

    def take(self) -> bytes:
        """Everything queued, ready to write; a compressed part is flushed with
        ``Z_SYNC_FLUSH`` so the client can show it at once."""
        if self._to_compress and self._compressor is not None:
            data = b"".join(self._to_compress)
            self._to_compress.clear()
            self._plain.append(
                self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
            )
        self.pending = 0
        if not self._plain:
            return b""
        data = b"".join(self._plain)
        self._plain.clear()
        return data
