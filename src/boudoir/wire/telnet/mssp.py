"""MSSP, the Mud Server Status Protocol: what crawlers and clients read about the server.

tintin.mudhalla.net/protocols/mssp: ``IAC SB MSSP MSSP_VAR name MSSP_VAL value … IAC SE``; a
variable may have several values (several ``MSSP_VAL``). Standard names include ``NAME``,
``PLAYERS``, ``UPTIME`` (Unix time the server started), ``CODEBASE``, ``CONTACT``, ``PORT``.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from boudoir.wire.telnet.options import IAC, MSSP, MSSP_VAL, MSSP_VAR, SB, SE

_FORBIDDEN = bytes.maketrans(b"\x00\x01\x02\xff", b"????")
"""NUL, MSSP_VAR, MSSP_VAL and IAC cannot appear inside a name or value."""


def _field(text: str) -> bytes:
    return text.encode("utf-8").translate(_FORBIDDEN)


def encode_mssp(variables: Mapping[str, str | Sequence[str]]) -> bytes:
    """The whole ``IAC SB MSSP … IAC SE`` message for ``variables`` (name to value or values).
    Bytes that would break the framing are replaced by ``?``."""
    parts = [bytes((IAC, SB, MSSP))]
    for name, value in variables.items():
        parts.append(bytes((MSSP_VAR,)) + _field(name))
        values = (value,) if isinstance(value, str) else value
        parts.extend(bytes((MSSP_VAL,)) + _field(item) for item in values)
    parts.append(bytes((IAC, SE)))
    return b"".join(parts)
