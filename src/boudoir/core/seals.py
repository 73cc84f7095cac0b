"""Seals: proof that a message is one the server delivered, without keeping its text.

Every room message, whisper and direct message carries a seal, an HMAC-SHA256 (RFC 2104) under
a server key over a canonical encoding of what its recipients saw: id, time (to the
millisecond, as every gateway shows it), place (the room's name, or the recipient's for a
direct message), sender, kind and text. A person who reports a message sends back their copy;
the server recomputes the seal and so tells a genuine line from an edited or invented one,
though it kept nothing. The key lives in the store, shared by every node; it is made on first
start.

One HMAC per message at most, whatever the number of recipients: the seal is part of the event,
computed once, when it is first read (``Sealer.seal_on_read``), and not at all for a message
nobody is shown the seal of.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from binascii import b2a_base64
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Final

from boudoir.domain.deferred import deferred
from boudoir.domain.times import utc_millis as canonical_time

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

KEY_BYTES: Final = 32
"""A 256-bit key: HMAC-SHA256's block is larger, its output the same size (RFC 2104, 3)."""

_BLOCK: Final = 64
"""SHA-256's block size in bytes, the B of RFC 2104."""
_IPAD: Final = bytes(byte ^ 0x36 for byte in range(256))
_OPAD: Final = bytes(byte ^ 0x5C for byte in range(256))
_URL_SAFE: Final = bytes.maketrans(b"+/", b"-_")


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


class Sealer:
    """Computes and checks seals under one key. ``key`` may be replaced (on start, with the
    store's); seals made under an earlier key no longer verify."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes | None = None) -> None:
        self.use_key(key or new_key())

    def use_key(self, key: bytes) -> None:
        # HMAC as RFC 2104, section 2 defines it: H(K ^ opad, H(K ^ ipad, text)), with the two
        # keyed hashes made once. Each seal copies them, where ``hmac.digest`` would set the
        # key up again (with OpenSSL 3, most of a one-shot HMAC's cost) and ``hmac.HMAC.copy``
        # spends as much again in Python around the same C calls.
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(key.translate(_IPAD))
        self._outer = hashlib.sha256(key.translate(_OPAD))

    def seal(
        self, message_id: str, at: dt.datetime, place: str, sender: str, kind: str, text: str
    ) -> str:
        return _seal(
            self._inner, self._outer, message_id, canonical_time(at), place, sender, kind, text
        )

    def seal_on_read(
        self, message_id: str, at: dt.datetime, place: str, sender: str, kind: str, text: str
    ) -> str:
        """``seal``'s value for an event field made with ``domain.deferred``: computed when
        the field is first read, under the key in use now. Most direct messages go to no one
        who is shown their seal (IRC without message-tags, telnet without seals shown), and
        then none is computed at all."""
        return deferred(
            _seal_at, self._inner, self._outer, message_id, at, place, sender, kind, text
        )

    def _seal(self, message_id: str, at: str, place: str, sender: str, kind: str, text: str) -> str:
        return _seal(self._inner, self._outer, message_id, at, place, sender, kind, text)

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


def _seal(
    inner_key: Hash,
    outer_key: Hash,
    message_id: str,
    at: str,
    place: str,
    sender: str,
    kind: str,
    text: str,
) -> str:
    # The compact JSON array of the six strings, as json.dumps(..., ensure_ascii=False,
    # separators=(",", ":")) writes it, without the encoder's generic walk.
    data = "[" + ",".join(map(encode_basestring, (message_id, at, place, sender, kind, text)))
    inner = inner_key.copy()
    inner.update((data + "]").encode())
    outer = outer_key.copy()
    outer.update(inner.digest())
    # 32 bytes are 44 base64 characters, the last one padding; URL-safe (RFC 4648, 5).
    return b2a_base64(outer.digest(), newline=False)[:-1].translate(_URL_SAFE).decode()


def _seal_at(
    inner_key: Hash,
    outer_key: Hash,
    message_id: str,
    at: dt.datetime,
    place: str,
    sender: str,
    kind: str,
    text: str,
) -> str:
    return _seal(inner_key, outer_key, message_id, canonical_time(at), place, sender, kind, text)
