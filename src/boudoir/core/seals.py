"""Seals: proof that a message is one the server delivered, without keeping its text.

Every room message, whisper and direct message carries a seal, an HMAC-SHA256 (RFC 2104) under
a server key over a canonical encoding of what its recipients saw: id, time (to the
millisecond, as every gateway shows it), place (the room's name, or the recipient's for a
direct message), sender, kind and text. A person who reports a message sends back their copy;
the server recomputes the seal and so tells a genuine line from an edited or invented one,
though it kept nothing. The key lives in the store, shared by every node; it is made on first
start.

One HMAC per message, whatever the number of recipients: the seal is part of the event, built
once.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Final

from boudoir.domain.times import utc_millis as canonical_time

KEY_BYTES: Final = 32
"""A 256-bit key: HMAC-SHA256's block is larger, its output the same size (RFC 2104, 3)."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def parse_time(text: str) -> dt.datetime | None:
    """A time as a reporter's client sends it back (ISO 8601), or None if it is not one."""
    try:
        at = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return at


_BLOCK: Final = 64
"""SHA-256's block size in bytes (RFC 2104's B)."""
_INNER_PAD: Final = bytes.maketrans(bytes(range(256)), bytes(x ^ 0x36 for x in range(256)))
_OUTER_PAD: Final = bytes.maketrans(bytes(range(256)), bytes(x ^ 0x5C for x in range(256)))


class Sealer:
    """Computes and checks seals under one key. ``key`` may be replaced (on start, with the
    store's); seals made under an earlier key no longer verify."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes | None = None) -> None:
        self.use_key(key or new_key())

    def use_key(self, key: bytes) -> None:
        # HMAC as RFC 2104 writes it, H(K ^ opad, H(K ^ ipad, text)), with both hashes keyed
        # once: each seal copies them. The same bytes as ``hmac.new(key, text, "sha256")``
        # (tested so) at two thirds of the cost of copying a keyed ``hmac.HMAC``, whose
        # Python wrapper is most of a short message's cost.
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(key.translate(_INNER_PAD))
        self._outer = hashlib.sha256(key.translate(_OUTER_PAD))

    def seal(
        self, message_id: str, at: dt.datetime, place: str, sender: str, kind: str, text: str
    ) -> str:
        return self._seal(message_id, canonical_time(at), place, sender, kind, text)

    def _seal(self, message_id: str, at: str, place: str, sender: str, kind: str, text: str) -> str:
        # The compact JSON array of the six strings, as json.dumps(..., ensure_ascii=False,
        # separators=(",", ":")) writes it, without the encoder's generic walk.
        data = "[" + ",".join(map(encode_basestring, (message_id, at, place, sender, kind, text)))
        inner = self._inner.copy()
        inner.update((data + "]").encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        # 32 bytes are 44 base64 characters, the last one padding.
        return base64.urlsafe_b64encode(outer.digest())[:-1].decode()

    def verify(self, line: Mapping[str, object]) -> bool:
        """Is ``line`` (a message as a client received it: ``id``, ``at``, ``room`` or ``to``,
        ``from``, ``kind``, ``text``, ``seal``) exactly what the server delivered?"""
        fields = {}
        for name in ("id", "at", "from", "kind", "text", "seal"):
            value = line.get(name)
            if not isinstance(value, str):
                return False
            fields[name] = value
        place = line.get("room") or line.get("to")
        if not isinstance(place, str):
            return False
        at = parse_time(fields["at"])
        if at is None:
            return False
        expected = self._seal(
            fields["id"],
            canonical_time(at),
            place.removeprefix("#"),
            fields["from"],
            fields["kind"],
            fields["text"],
        )
        return hmac.compare_digest(expected, fields["seal"])
