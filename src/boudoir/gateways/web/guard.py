"""Admission for the web port: HTTP connections counted per address and against the server's
ceiling when they are accepted, and a deadline for each request head, so that one address
cannot hold the server's descriptors with idle or half-sent connections.

``GuardedH11Protocol`` is uvicorn's h11 protocol with these checks; ``web.server`` hands uvicorn
a factory bound to one ``WebAdmission``.

A trusted balancer's connections carry many people's requests, each naming its client in
``X-Forwarded-For`` (which uvicorn's proxy-headers middleware makes the request's client): they
count against the server's ceiling only, not as the balancer's address, while each request's
WebSockets, log-ins and sign-ups count against the client it names. Connections per client
address are then the balancer's to bound (``docs/haproxy.cfg``).

Imports ``boudoir.gateways``, ``boudoir.gateways.web.wsprotocol``, uvicorn and h11.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from boudoir.gateways.admission import SERVER_FULL, AddressLimits, ConnectionCeiling
from boudoir.gateways.connections import peer_address
from boudoir.gateways.proxied import TrustedProxies
from boudoir.gateways.web.wsprotocol import BoudoirWSProtocol


class WebAdmission:
    """Per-address limits and the server's ceiling for the web port, and the request-head
    deadline. Browsers open a few connections at once (a page, its files, the WebSocket): the
    burst is the per-address limit itself, refilled as fast."""

    def __init__(
        self,
        max_per_address: int,
        request_timeout: float,
        ceiling: ConnectionCeiling | None = None,
        proxies: TrustedProxies | None = None,
    ) -> None:
        self.addresses = AddressLimits(
            max_per_address, max_per_address, float(max_per_address), ceiling
        )
        self.request_timeout = request_timeout
        self.proxies = proxies or TrustedProxies()
        """Balancers whose connections are counted against the ceiling only."""

    def admit(self, address: str, now: float) -> str | None:
        """Count a connection from ``address``; the reason to refuse it, if any."""
        if address not in self.proxies:
            return self.addresses.admit(address, now)
        ceiling = self.addresses.ceiling
        if ceiling is not None and not ceiling.admit():
            return SERVER_FULL
        return None

    def release(self, address: str) -> None:
        """A connection ``admit`` let in has closed."""
        if address not in self.proxies:
            self.addresses.release(address)
        elif self.addresses.ceiling is not None:
            self.addresses.ceiling.release()


def _refusal(reason: str) -> bytes:
    """A whole HTTP response refusing the connection: 503 when the server is full, else 429."""
    status = b"503 Service Unavailable" if reason == SERVER_FULL else b"429 Too Many Requests"
    body = reason.encode() + b"\n"
    return (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, admitted by a ``WebAdmission`` at accept (refused: a 429 or 503
    response, then close) and closed when a request head does not arrive in time: after
    connecting, or after a response on a kept-alive connection (uvicorn's own keep-alive
    timer stops at the first byte, so a client sending a head slowly would go unbounded)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        admission: WebAdmission,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._admission = admission
        self._address: str | None = None
        self._head_timer: asyncio.TimerHandle | None = None
        self._upgraded = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        address = peer_address(transport)
        refusal = self._admission.admit(address, self.loop.time())
        if refusal is not None:
            transport.write(_refusal(refusal))
            transport.close()
            return
        self._address = address
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        self.release()
        super().connection_lost(exc)

    def release(self) -> None:
        """The connection is closed (as HTTP, or later as a WebSocket): uncount it once."""
        if self._address is not None:
            self._admission.release(self._address)
            self._address = None

    def data_received(self, data: bytes) -> None:
        if self._address is None:
            return  # refused: the answer is on its way
        super().data_received(data)
        if self._upgraded or not self._waiting_for_head():
            self._disarm_head_timer()

    def handle_websocket_upgrade(self, event: Any) -> None:
        super().handle_websocket_upgrade(event)
        self._upgraded = True
        protocol = self.transport.get_protocol()
        if isinstance(protocol, BoudoirWSProtocol):
            # Not ``self.release``: the socket would keep this whole HTTP protocol (its h11
            # machine and buffers) alive for as long as it stays open.
            address, self._address = self._address, None
            if address is not None:
                protocol.on_lost = functools.partial(self._admission.release, address)
        else:  # pragma: no cover - web.server always configures BoudoirWSProtocol
            self.release()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self._waiting_for_head():
            self._arm_head_timer()

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_timer = self.loop.call_later(
            self._admission.request_timeout, self._head_timed_out
        )

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._upgraded and self._waiting_for_head() and not self.transport.is_closing():
            self.transport.close()
