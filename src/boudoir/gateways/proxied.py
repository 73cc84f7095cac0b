"""Connections through a trusted balancer: which peers are trusted to name the client
(``TrustedProxies``, from the ``trusted_proxies`` setting), and reading the PROXY header such a
peer must begin with (``wire.proxy``), straight off a socket for a TLS listener, whose
handshake follows the header.

A header is read only from a trusted peer: from any other, the first bytes are the client's
own, and a PROXY line among them is just a bad command.

Imports the standard library and ``boudoir.wire.proxy``.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import socket
import sys
from collections.abc import Iterable
from typing import Final

from boudoir.wire.proxy import ProxyHeaderReader

logger = logging.getLogger("boudoir.gateways")

TRUST_CACHE: Final = 4096
"""Peer addresses whose trust is remembered: a balancer's few addresses are asked about on
every connection, and the bound keeps a scan of many addresses from growing memory."""


class TrustedProxies:
    """The addresses and networks whose connections carry the client's address (a PROXY
    header, an ``X-Forwarded-For``)."""

    def __init__(self, networks: Iterable[str] = ()) -> None:
        self.networks = tuple(ipaddress.ip_network(n) for n in networks)
        self._trusts = functools.lru_cache(maxsize=TRUST_CACHE)(self._compute)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def __contains__(self, address: str) -> bool:
        return bool(self.networks) and self._trusts(address)

    def _compute(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:  # "local": a UNIX socket, never a balancer here
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks)

    def as_strings(self) -> list[str]:
        """The networks as text, each IPv4 one also as the IPv6 addresses that map it (a
        dual-stack socket's peers): uvicorn's ``forwarded_allow_ips``."""
        strings = [str(n) for n in self.networks]
        for network in self.networks:
            if isinstance(network, ipaddress.IPv4Network):
                mapped = f"::ffff:{network.network_address}/{96 + network.prefixlen}"
                strings.append(str(ipaddress.ip_network(mapped)))
        return strings


def client_address(reader: ProxyHeaderReader, peer: str, listener: str) -> str | None:
    """The client's address once ``reader`` is done: the one its header names, or ``peer``
    (the balancer) for a header naming none (a health check). None for a bad or missing
    header, logged as a warning: a trusted balancer that sends none is misconfigured."""
    header = reader.header
    if header is None:
        logger.warning(
            "%s closed a connection from trusted proxy %s: %s", listener, peer, reader.error
        )
        return None
    if header.client is None:
        return peer
    return sys.intern(header.client[0])


def header_timed_out(listener: str, peer: str, timeout: float) -> None:
    """Log a trusted balancer's connection closed for sending no header in time."""
    logger.warning(
        "%s closed a connection from trusted proxy %s: no PROXY header within %g s",
        listener,
        peer,
        timeout,
    )


async def read_proxy_header(
    sock: socket.socket, peer: str, listener: str, deadline: float
) -> str | None:
    """Read the PROXY header at the start of ``sock`` (non-blocking, accepted from the trusted
    ``peer``) and no byte more, and return the client's address (``client_address``); None
    when the header is bad or missing, or does not come within ``deadline`` seconds."""
    loop = asyncio.get_running_loop()
    reader = ProxyHeaderReader()
    try:
        async with asyncio.timeout(deadline):
            while not reader.done:
                data = await loop.sock_recv(sock, reader.bytes_wanted())
                if data:
                    reader.receive_data(data)
                else:
                    reader.receive_eof()
    except TimeoutError:
        header_timed_out(listener, peer, deadline)
        return None
    except OSError as error:
        logger.debug("%s lost a connection from trusted proxy %s: %s", listener, peer, error)
        return None
    return client_address(reader, peer, listener)
