"""Building the gateways the settings turn on (web, IRC and telnet, each plain and over TLS)
over one core, with the connection ceiling they share; and the readiness line ``serve`` prints
once every listener accepts.

Imports ``boudoir.gateways``, ``boudoir.core`` and ``boudoir.settings``; the web gateway
lazily.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from boudoir.app.core import AppError, Core
from boudoir.gateways import Gateway
from boudoir.gateways.admission import (
    AddressLimits,
    ConnectionCeiling,
    connection_ceiling,
    raise_descriptor_limit,
)
from boudoir.gateways.connections import Listening, TcpListener
from boudoir.gateways.proxied import TrustedProxies
from boudoir.settings import AUTO_PORT, Port, Settings

logger = logging.getLogger("boudoir.app")
"""Every part of the composition root logs as ``boudoir.app``."""

READY_PREFIX: Final = "boudoir ready"


@dataclass(frozen=True, slots=True)
class Listener:
    name: str
    url: str


def readiness_line(listeners: Sequence[Listener]) -> str:
    return " ".join([READY_PREFIX, *(f"{x.name}={x.url}" for x in listeners)])


def parse_readiness_line(line: str) -> dict[str, str] | None:
    """The listeners named in a readiness line (name -> URL), or None for any other line."""
    words = line.split()
    if words[:2] != READY_PREFIX.split():
        return None
    return dict(word.split("=", 1) for word in words[2:])


def print_readiness(listeners: Sequence[Listener]) -> None:
    line = readiness_line(listeners)
    logger.info("%s", line)
    try:
        print(line, flush=True)
    except OSError as error:  # nobody reads standard output: serving matters more
        logger.warning("could not print the readiness line: %s", error)


def _listen_port(port: Port) -> int | None:
    """The port to bind: None when the listener is off, 0 for any free port."""
    if port == AUTO_PORT:
        return 0
    return None if port == 0 else int(port)


def open_file_ceiling(settings: Settings) -> ConnectionCeiling:
    """Raise the soft open-file limit to the hard one, log both, and the one connection
    ceiling every listener shares (``max_connections``, or the limit less a reserve)."""
    soft, hard = raise_descriptor_limit()
    ceiling = ConnectionCeiling(connection_ceiling(settings.max_connections, soft))
    logger.info(
        "open files: soft limit %d, hard limit %d; at most %d connections at once",
        soft,
        hard,
        ceiling.limit,
    )
    return ceiling


def build_gateways(core: Core, ceiling: ConnectionCeiling | None = None) -> list[Gateway]:
    """One gateway per listener that is turned on, sharing ``ceiling``. IRC and telnet join as
    they are built."""
    settings = core.settings
    built: list[Gateway] = []
    shared: list[tuple[str, AddressLimits]] = []
    proxies = TrustedProxies(settings.trusted_proxies)
    web_port = _listen_port(settings.web_port)
    if web_port is not None:
        from boudoir.gateways.web import WebGateway
        from boudoir.gateways.web.guard import WebAdmission
        from boudoir.gateways.web.options import WebOptions

        options = WebOptions(
            server_name=settings.server_name,
            hosts=frozenset((*settings.web_hosts, settings.host.lower())),
            origin=settings.web_origin,
            command_burst=settings.web_command_burst,
            command_rate=settings.web_command_rate,
            outbox_bytes=settings.web_outbox_bytes,
            max_sockets_per_address=settings.web_max_sockets_per_address,
            max_sockets_per_account=settings.web_max_sockets_per_account,
            profile_images=settings.profile_images,
        )
        admission = WebAdmission(
            settings.web_max_connections_per_address,
            settings.web_request_timeout_seconds,
            ceiling,
            proxies,
        )
        shared.append(("web", admission.addresses))
        built.append(
            WebGateway(
                core.world,
                host=settings.host,
                port=web_port,
                shutdown_timeout_seconds=settings.shutdown_timeout_seconds,
                options=options,
                admission=admission,
            )
        )
    irc_port = _listen_port(settings.irc_port)
    irc_tls_port = _listen_port(settings.irc_tls_port)
    if irc_port is not None or irc_tls_port is not None:
        built.extend(_irc_gateways(core, irc_port, irc_tls_port, ceiling, proxies))
    telnet_port = _listen_port(settings.telnet_port)
    telnet_tls_port = _listen_port(settings.telnet_tls_port)
    if telnet_port is not None or telnet_tls_port is not None:
        built.extend(_telnet_gateways(core, telnet_port, telnet_tls_port, ceiling, proxies))
    if core.world.cluster is not None and core.world.cluster.limits is not None:
        # Connections per address count across the nodes, each listener by its name.
        shared.extend((g.name, g.address_limits) for g in built if isinstance(g, TcpListener))
        for listener, limits in shared:
            core.world.cluster.limits.share_addresses(listener, limits)
    return built


DEFAULT_MOTD = """Welcome to Boudoir: roleplay between consenting adults.
Nothing reaches you that you have not opted in to. /msg NickServ HELP to begin."""

DEFAULT_TELNET_WELCOME = """Welcome to Boudoir: roleplay between consenting adults.
Nothing reaches you that you have not opted in to."""


def _read_text_setting(path: Path | None, what: str, default: str) -> str:
    if path is None:
        return default
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AppError(f"Cannot read the {what} file {path}: {error}") from error


def _listeners(
    core: Core,
    port: int | None,
    tls_port: int | None,
    ceiling: ConnectionCeiling | None,
    proxies: TrustedProxies,
    what: str,
    make: Callable[[Listening], Gateway],
) -> list[Gateway]:
    """A gateway on ``port`` and one on ``tls_port`` (each when given), made by ``make`` from
    where it listens; the TLS one with the server's certificate (generated if need be)."""
    from boudoir.tls import CertificateError, Certificates, ensure_certificate

    settings = core.settings

    def listening(port: int, certificates: Certificates | None) -> Listening:
        return Listening(
            host=settings.host,
            port=port,
            certificates=certificates,
            ceiling=ceiling,
            trusted_proxies=proxies,
            tls_handshake_timeout=settings.tls_handshake_timeout_seconds,
            shutdown_timeout_seconds=settings.shutdown_timeout_seconds,
        )

    built: list[Gateway] = []
    if port is not None:
        built.append(make(listening(port, None)))
    if tls_port is not None:
        try:
            paths = ensure_certificate(settings)
            if paths is None:
                raise AppError(f"No TLS certificate for the {what} TLS listener.")
            built.append(make(listening(tls_port, Certificates(*paths))))
        except CertificateError as error:
            raise AppError(error.message) from error
    return built


def _irc_gateways(
    core: Core,
    port: int | None,
    tls_port: int | None,
    ceiling: ConnectionCeiling | None,
    proxies: TrustedProxies,
) -> list[Gateway]:
    from boudoir.gateways.irc import IrcGateway, IrcLimits

    settings = core.settings
    limits = IrcLimits(
        registration_timeout=settings.irc_registration_timeout_seconds,
        command_burst=settings.irc_command_burst,
        command_rate=settings.irc_command_rate,
        sendq=settings.irc_sendq_bytes,
        max_connections_per_address=settings.irc_max_connections_per_address,
        connect_burst=settings.irc_connect_burst,
        connect_rate=settings.irc_connect_rate,
    )
    motd = _read_text_setting(settings.motd_file, "MOTD", DEFAULT_MOTD)

    def make(listening: Listening) -> Gateway:
        gateway = IrcGateway(
            core.world, server_name=settings.server_name, motd=motd, limits=limits, **listening
        )
        if core.world.cluster is not None:
            # Room speech crosses with its bytes: the other nodes need not render it again.
            core.world.cluster.outbox.renderings.append(gateway)
        return gateway

    return _listeners(core, port, tls_port, ceiling, proxies, "IRC", make)


def _telnet_gateways(
    core: Core,
    port: int | None,
    tls_port: int | None,
    ceiling: ConnectionCeiling | None,
    proxies: TrustedProxies,
) -> list[Gateway]:
    from boudoir.gateways.telnet import TelnetGateway, TelnetLimits

    settings = core.settings
    limits = TelnetLimits(
        login_timeout=settings.telnet_login_timeout_seconds,
        command_burst=settings.telnet_command_burst,
        command_rate=settings.telnet_command_rate,
        sendq=settings.telnet_sendq_bytes,
        max_connections_per_address=settings.telnet_max_connections_per_address,
        connect_burst=settings.telnet_connect_burst,
        connect_rate=settings.telnet_connect_rate,
    )
    welcome = _read_text_setting(settings.motd_file, "MOTD", DEFAULT_TELNET_WELCOME)
    news = _read_text_setting(settings.telnet_news_file, "news", "")

    def make(listening: Listening) -> Gateway:
        return TelnetGateway(
            core.world,
            server_name=settings.server_name,
            welcome=welcome,
            limits=limits,
            news=news,
            **listening,
        )

    return _listeners(core, port, tls_port, ceiling, proxies, "telnet", make)
