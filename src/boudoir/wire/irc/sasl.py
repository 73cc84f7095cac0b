"""SASL PLAIN over IRC: reassembling AUTHENTICATE chunks and decoding the PLAIN message.

IRCv3 sasl-3.1 "The AUTHENTICATE command": a response is Base64, cut into 400-byte chunks; a
chunk shorter than 400 bytes ends it, and ``+`` stands for an empty chunk (an empty response,
or the end after a chunk of exactly 400 bytes). RFC 4616: the PLAIN message is
``[authzid] NUL authcid NUL passwd``. Pure functions and one small class; standard library
only.
"""

from __future__ import annotations

import base64
import binascii

SUPPORTED_MECHANISMS = ("PLAIN",)
"""Passwords are stored only as argon2id hashes, so SCRAM (which needs a salted key stored per
mechanism) cannot be offered; EXTERNAL needs client certificates, which Boudoir does not use."""

MAX_SASL_CHUNK = 400
"""IRCv3 sasl-3.1: responses travel in 400-byte chunks; a longer one is answered with 905."""

MAX_SASL_PAYLOAD = 4400
"""Decoded bytes of one response. PLAIN carries two names and a password: room for the longest
password the server accepts (1024 characters, up to 4 bytes each in UTF-8: 4096 bytes), two
24-character names (192 bytes) and two NULs, rounded up. More is answered with 905."""

MAX_SASL_ATTEMPTS = 3
"""Failed attempts (904) on one connection before it is closed: enough for a typo and a retry,
too few for guessing (accounts are throttled besides, in the core)."""

_MAX_ENCODED = 4 * -(-MAX_SASL_PAYLOAD // 3)
"""Base64 length of ``MAX_SASL_PAYLOAD`` bytes: checked while chunks arrive, to bound memory."""


class SaslError(Exception):
    """A client's SASL response cannot be used."""


class SaslTooLong(SaslError):
    """A chunk over 400 bytes, or a response over ``MAX_SASL_PAYLOAD``: answer 905."""


class SaslMalformed(SaslError):
    """Not Base64, or not a PLAIN message: answer 904."""


class SaslResponse:
    """Collects one client response from its AUTHENTICATE chunks."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._size = 0

    def add(self, chunk: str) -> bytes | None:
        """Add the parameter of one AUTHENTICATE. Returns the decoded response once it is
        complete, ``None`` while more chunks are due. Raises ``SaslTooLong`` or
        ``SaslMalformed``."""
        if chunk == "+":
            chunk = ""
        elif len(chunk) > MAX_SASL_CHUNK:
            raise SaslTooLong("chunk over 400 bytes")
        self._size += len(chunk)
        if self._size > _MAX_ENCODED:
            raise SaslTooLong("response too long")
        self._chunks.append(chunk)
        if len(chunk) == MAX_SASL_CHUNK:
            return None
        encoded = "".join(self._chunks)
        try:
            return base64.b64decode(encoded.encode("ascii"), validate=True)
        except (UnicodeEncodeError, binascii.Error):
            raise SaslMalformed("not Base64") from None


def decode_plain(response: bytes) -> tuple[str, str, str]:
    """Split a PLAIN message into ``(authzid, authcid, password)``.

    Raises ``SaslMalformed`` unless there are exactly three NUL-separated UTF-8 fields with a
    non-empty authcid and password (RFC 4616 §2).
    """
    fields = response.split(b"\0")
    if len(fields) != 3:
        raise SaslMalformed("PLAIN needs three fields")
    try:
        authzid, authcid, password = (part.decode("utf-8") for part in fields)
    except UnicodeDecodeError:
        raise SaslMalformed("PLAIN fields are UTF-8") from None
    if not authcid or not password:
        raise SaslMalformed("PLAIN needs a name and a password")
    return authzid, authcid, password
