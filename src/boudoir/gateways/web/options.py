"""What the web gateway is told by the composition root, and the one Origin check that both
the HTTP API (state-changing requests) and the WebSocket handshake use.

Imports only the standard library.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

LOCAL_NAMES: Final = frozenset({"localhost"})
"""Host names that always mean this machine (RFC 6761 section 6.3)."""


@dataclass(frozen=True, slots=True)
class WebOptions:
    server_name: str = "boudoir.local"
    """The server's name, shown to browsers in the WebSocket ``welcome``."""
    hosts: frozenset[str] = frozenset()
    """Without ``origin``: the host names, besides IP addresses and ``localhost``, that a
    request's Host header may carry (the ``web_hosts`` setting and a named ``host``)."""
    origin: str | None = None
    """The site's public origin (``https://chat.example.org``), lower case, no trailing slash;
    None: the origin each request was sent to, from its scheme and ``Host`` header."""
    command_burst: int = 20
    """WebSocket commands a browser may send at once..."""
    command_rate: float = 4.0
    """...then per second; commands beyond that wait their turn."""
    outbox_bytes: int = 262144
    """Unsent output above which a browser is disconnected as too slow."""
    max_sockets_per_address: int = 16
    """WebSockets open at once from one address; another is refused (close 4029)."""
    max_sockets_per_account: int = 16
    """WebSockets open at once for one account; another is refused (close 4029)."""
    profile_images: bool = True
    """Profile image uploads are taken (the ``profile_images`` setting)."""

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry ``Secure`` when the site is served over https."""
        return self.origin is not None and self.origin.startswith("https://")


def expected_origin(options: WebOptions, scheme: str, headers: Mapping[str, str]) -> str | None:
    """The origin a page of this site sends: the configured one, else the request's own
    (``ws``/``wss`` count as ``http``/``https``). None when the request names no host."""
    if options.origin is not None:
        return options.origin
    host = headers.get("host", "").strip().lower()
    if not host:
        return None
    secure = scheme in ("https", "wss")
    return f"{'https' if secure else 'http'}://{host}"


def origin_allowed(options: WebOptions, scheme: str, headers: Mapping[str, str]) -> bool:
    """True when the request's ``Origin`` header is this site's origin. A request without an
    ``Origin`` header passes: browsers always send one on WebSocket handshakes and cross-site
    requests, so its absence means a program other than a web page, which holds no one
    else's cookie."""
    origin = headers.get("origin")
    if origin is None:
        return True
    return origin.strip().rstrip("/").lower() == expected_origin(options, scheme, headers)


def host_allowed(options: WebOptions, headers: Mapping[str, str]) -> bool:
    """True when the request may be served under the name in its ``Host`` header. Without a
    configured origin that name must be an IP address, ``localhost`` or one of ``hosts``:
    a page whose own name an attacker rebound to this server's address (DNS rebinding) sends
    its own name, so it is refused before it can sign up, log in or open a socket. With an
    origin, the reverse proxy in front decides which names reach the server."""
    host = headers.get("host", "").strip().lower()
    if options.origin is not None or not host:
        return True  # no Host: a program, not a browser (browsers always send one)
    if host.startswith("["):  # an IPv6 literal, RFC 3986 section 3.2.2
        literal, _, rest = host[1:].partition("]")
        return _is_address(literal) and (not rest or rest.startswith(":"))
    name = host.rpartition(":")[0] if ":" in host else host
    name = name.rstrip(".")
    if _is_address(name):
        return True
    return name in LOCAL_NAMES or name.endswith(".localhost") or name in options.hosts


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
