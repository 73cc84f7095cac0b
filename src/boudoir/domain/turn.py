"""TURN credentials from a shared secret: coturn's REST API scheme (``use-auth-secret``,
draft-uberti-behave-turn-rest-00, section 2.2).

The relay and the server share one secret. A username is ``<unix expiry>:<opaque id>`` and its
password is base64(HMAC-SHA1(secret, username)); the relay recomputes it and refuses a
username whose expiry has passed. The opaque part is random, never an account or character
name: coturn writes usernames to its log.

Pure: imports the standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IceServer:
    """One entry of an ``RTCPeerConnection``'s ``iceServers``: relay URLs and credentials."""

    urls: tuple[str, ...]
    username: str
    credential: str


def turn_password(secret: str, username: str) -> str:
    """base64(HMAC-SHA1(``secret``, ``username``)): the password coturn expects."""
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def mint_ice_server(
    urls: tuple[str, ...], secret: str, *, now: float, ttl_seconds: int, opaque: str
) -> IceServer:
    """Credentials for ``urls`` valid until ``now + ttl_seconds`` (unix seconds), under the
    random ``opaque`` id."""
    username = f"{int(now) + ttl_seconds}:{opaque}"
    return IceServer(urls, username, turn_password(secret, username))
