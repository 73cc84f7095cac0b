"""A stand-in for an asyncio transport, for tests that drive a gateway's client in process:
what the gateways use of one, and every byte they wrote to it.

Imports the standard library only.
"""

from __future__ import annotations

from typing import Any


class RecordingTransport:
    """What the gateways use of an asyncio transport; keeps every byte written to it."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.closed = False

    def write(self, data: bytes) -> None:
        self.data += data

    def get_write_buffer_size(self) -> int:
        return 0

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 50000) if name == "peername" else default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True

    def lines(self, containing: str) -> list[bytes]:
        """The lines written (CRLF-separated) that hold ``containing``."""
        return [line for line in bytes(self.data).split(b"\r\n") if containing.encode() in line]
