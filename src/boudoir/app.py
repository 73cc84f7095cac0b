"""The composition root: the one place that builds concrete classes, and the server process.

- ``open_core(settings)`` builds the store, the password hasher, the ``World`` and the bus, for
  ``boudoir serve`` and for every CLI command alike.
- ``serve(settings)`` runs every gateway in one asyncio loop (uvloop where available) until
  SIGTERM or SIGINT, with one ``asyncio.TaskGroup`` owning every task.
- ``run(coroutine)`` runs a coroutine on that loop.

Readiness: once every listener is bound and accepting, ``serve`` writes one line to standard
output, and only that line::

    boudoir ready web=http://127.0.0.1:8080

``boudoir ready``, then one ``NAME=URL`` pair per listener, separated by single spaces (names:
``web``, later ``irc``, ``irc-tls``, ``telnet``, ``telnet-tls``; a listener turned off with port
0 is absent). A port given as ``auto`` is bound to a free port chosen by the system, and the
line carries the real one: tests start ``boudoir serve --web-port auto`` and read it with
``parse_readiness_line``. Logs go to standard error.

Imports everything below it; imports the gateways lazily, so CLI commands that never serve do
not pay for Starlette and uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from boudoir import gateways
from boudoir.bus.memory import MemoryBus
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.ports import Bus, Store
from boudoir.core.throttle import SignupThrottle
from boudoir.core.world import World
from boudoir.domain.logtext import log_safe
from boudoir.gateways import Gateway
from boudoir.gateways.admission import (
    ConnectionCeiling,
    connection_ceiling,
    raise_descriptor_limit,
)
from boudoir.settings import AUTO_PORT, Port, Settings
from boudoir.storage import (
    SchemaNotCurrent,
    UnsupportedDatabase,
    open_store,
    sqlite_url_for_data_dir,
)
from boudoir.storage.engine import SQLITE_FILE_NAME

logger = logging.getLogger(__name__)

T = TypeVar("T")

READY_PREFIX: Final = "boudoir ready"
SHUTDOWN_REASON: Final = "The server is shutting down."
STOP_SIGNALS: Final = (signal.SIGTERM, signal.SIGINT)


class AppError(Exception):
    """An expected failure of the process (the database cannot be opened, a port is taken):
    the CLI shows ``message`` as one line, without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Building the core --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Core:
    """What ``open_core`` built: everything but the gateways."""

    settings: Settings
    store: Store
    world: World
    bus: Bus


def database_url(settings: Settings) -> str:
    """``settings.database_url``, or the embedded SQLite database inside ``data_dir``."""
    return settings.database_url or sqlite_url_for_data_dir(settings.data_dir)


def describe_database(settings: Settings) -> str:
    """Where the data lives, for messages: the data directory, or the URL without password."""
    if settings.database_url is None:
        return str(settings.data_dir)
    from sqlalchemy.engine import make_url

    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except Exception:  # any parse failure: say nothing that might be a password
        return "(the configured database URL)"


@asynccontextmanager
async def open_core(settings: Settings, *, migrate: bool = True) -> AsyncIterator[Core]:
    """Open the store and build the core over it; close them on leaving.

    With ``migrate`` the database is created if need be and brought to the current schema (what
    ``serve`` and ``init`` do); without it, the database must already exist and be current.
    """
    store = await _open_store(settings, migrate=migrate)
    bus = MemoryBus()
    try:
        world = World(store, Argon2Hasher())
        world.places.use_default_room(settings.telnet_home_room)
        world.accounts.signups = SignupThrottle(
            settings.signups_per_address_per_hour, settings.signups_per_minute
        )
        world.accounts.signup_mode = settings.signup_mode
        # The sealing key shared by every node (made on first start) and the mutes in force.
        await world.moderation.start()
        yield Core(settings, store, world, bus)
    finally:
        await bus.close()
        await store.close()


async def _open_store(settings: Settings, *, migrate: bool) -> Store:
    from sqlalchemy.exc import DBAPIError

    where = describe_database(settings)
    if settings.database_url is None:
        database = settings.data_dir / SQLITE_FILE_NAME
        if migrate:
            _make_private_directory(settings.data_dir)
        elif not database.exists():
            raise AppError(
                f"There is no Boudoir database in {where}: "
                "run `boudoir init` (or `boudoir serve`) there first, or pass --data-dir."
            )
    try:
        return await open_store(database_url(settings), migrate=migrate)
    except (UnsupportedDatabase, SchemaNotCurrent) as error:
        raise AppError(str(error)) from error
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise AppError(f"Cannot open the database at {where}: {reason}") from error
    except OSError as error:
        raise AppError(f"Cannot open the database at {where}: {error}") from error


def _make_private_directory(path: Path) -> None:
    # The data directory holds password hashes: only its owner may look inside.
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise AppError(f"Cannot create the data directory {path}: {error.strerror}") from error


# --- Serving ------------------------------------------------------------------------------


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
        )
        built.append(
            WebGateway(
                core.world,
                host=settings.host,
                port=web_port,
                shutdown_timeout_seconds=settings.shutdown_timeout_seconds,
                options=options,
                admission=WebAdmission(
                    settings.web_max_connections_per_address,
                    settings.web_request_timeout_seconds,
                    ceiling,
                ),
            )
        )
    irc_port = _listen_port(settings.irc_port)
    irc_tls_port = _listen_port(settings.irc_tls_port)
    if irc_port is not None or irc_tls_port is not None:
        built.extend(_irc_gateways(core, irc_port, irc_tls_port, ceiling))
    telnet_port = _listen_port(settings.telnet_port)
    telnet_tls_port = _listen_port(settings.telnet_tls_port)
    if telnet_port is not None or telnet_tls_port is not None:
        built.extend(_telnet_gateways(core, telnet_port, telnet_tls_port, ceiling))
    return built


EXPIRED_LOGINS_INTERVAL_SECONDS = 3600.0
"""How often expired browser logins are deleted: they are refused at once anyway, so this only
bounds how long the store keeps them."""

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


def _irc_gateways(
    core: Core, port: int | None, tls_port: int | None, ceiling: ConnectionCeiling | None
) -> list[Gateway]:
    from boudoir.gateways.irc import IrcGateway, IrcLimits
    from boudoir.gateways.tls import CertificateError, Certificates, ensure_certificate

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

    def gateway(port: int, certificates: Certificates | None) -> Gateway:
        return IrcGateway(
            core.world,
            host=settings.host,
            port=port,
            server_name=settings.server_name,
            motd=motd,
            limits=limits,
            certificates=certificates,
            ceiling=ceiling,
            tls_handshake_timeout=settings.tls_handshake_timeout_seconds,
            shutdown_timeout_seconds=settings.shutdown_timeout_seconds,
        )

    built: list[Gateway] = []
    if port is not None:
        built.append(gateway(port, None))
    if tls_port is not None:
        try:
            paths = ensure_certificate(settings)
            if paths is None:
                raise AppError("No TLS certificate for the IRC TLS listener.")
            built.append(gateway(tls_port, Certificates(*paths)))
        except CertificateError as error:
            raise AppError(error.message) from error
    return built


def _telnet_gateways(
    core: Core, port: int | None, tls_port: int | None, ceiling: ConnectionCeiling | None
) -> list[Gateway]:
    from boudoir.gateways.telnet import TelnetGateway, TelnetLimits
    from boudoir.gateways.tls import CertificateError, Certificates, ensure_certificate

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

    def gateway(port: int, certificates: Certificates | None) -> Gateway:
        return TelnetGateway(
            core.world,
            host=settings.host,
            port=port,
            server_name=settings.server_name,
            welcome=welcome,
            limits=limits,
            certificates=certificates,
            ceiling=ceiling,
            tls_handshake_timeout=settings.tls_handshake_timeout_seconds,
            shutdown_timeout_seconds=settings.shutdown_timeout_seconds,
            news=news,
        )

    built: list[Gateway] = []
    if port is not None:
        built.append(gateway(port, None))
    if tls_port is not None:
        try:
            paths = ensure_certificate(settings)
            if paths is None:
                raise AppError("No TLS certificate for the telnet TLS listener.")
            built.append(gateway(tls_port, Certificates(*paths)))
        except CertificateError as error:
            raise AppError(error.message) from error
    return built


async def sync_accounts_forever(world: World, interval_seconds: float) -> None:
    """Every ``interval_seconds``, pick up account changes made by the CLI or other nodes; every
    ``EXPIRED_LOGINS_INTERVAL_SECONDS``, delete browser logins unused for 30 days and mail past
    its keeping time."""
    loop = asyncio.get_running_loop()
    next_purge = loop.time()
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await world.sync_accounts()
            await world.automod.reload()
            # Expired mutes, room bans and suspensions lapse; suspensions made elsewhere (the
            # CLI, another node) end the sessions here.
            await world.moderation.sweep()
            if loop.time() >= next_purge:
                next_purge = loop.time() + EXPIRED_LOGINS_INTERVAL_SECONDS
                ended = await world.logins.end_expired()
                if ended:
                    logger.info("ended %d browser logins unused for 30 days", ended)
                purged = await world.mail.purge_expired()
                if purged:
                    logger.info("deleted %d letters past their keeping time", purged)
        except Exception:
            # A database that is briefly away (a PostgreSQL restart, a long SQLite write) must
            # not take the server down; the next round tries again.
            logger.exception("account sync failed; next try in %g s", interval_seconds)


class _StopSignals:
    """SIGTERM and SIGINT: the first asks for a graceful stop, a second one cuts it short by
    cancelling the serving task."""

    def __init__(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
        self._loop = loop
        self._task = task
        self.received = asyncio.Event()
        self.name = ""
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _StopSignals:
        for number in STOP_SIGNALS:
            try:
                self._loop.add_signal_handler(number, self._on_signal, number)
            except NotImplementedError:  # Windows: no loop signal handlers
                self._previous[number] = signal.signal(number, self._on_signal_in_thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number in STOP_SIGNALS:
            if number in self._previous:
                signal.signal(number, self._previous.pop(number))
            else:
                self._loop.remove_signal_handler(number)

    def _on_signal_in_thread(self, number: int, frame: object) -> None:
        self._loop.call_soon_threadsafe(self._on_signal, number)

    def _on_signal(self, number: int) -> None:
        name = signal.Signals(number).name
        if not self.received.is_set():
            self.name = name
            self.received.set()
            return
        logger.warning("%s received while shutting down: stopping at once", name)
        self._task.cancel()


async def _start_all(gateways_to_start: Sequence[Gateway]) -> list[Listener]:
    """Start every gateway, or none: if one cannot bind, those already started are stopped."""
    listeners: list[Listener] = []
    started: list[Gateway] = []
    try:
        for gateway in gateways_to_start:
            try:
                url = await gateway.start()
            except OSError as error:
                reason = os.strerror(error.errno) if error.errno else str(error)
                raise AppError(
                    f"Cannot listen for {gateway.name} on {gateway.address}: {reason}"
                ) from error
            started.append(gateway)
            listeners.append(Listener(gateway.name, url))
    except BaseException:
        for gateway in started:
            gateway.close(SHUTDOWN_REASON)
            await gateway.run()
        raise
    return listeners


async def serve(
    settings: Settings,
    *,
    on_ready: Callable[[Sequence[Listener]], None] = print_readiness,
) -> None:
    """Run the server until SIGTERM or SIGINT, then shut down gracefully: listeners close,
    sessions are told, open connections get ``shutdown_timeout_seconds`` to finish, the store
    closes. Returns normally after a graceful stop."""
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    with _StopSignals(loop, task) as stop:
        async with open_core(settings, migrate=True) as core:
            await core.world.automod.start()
            await core.world.places.open_default_room()
            to_run = build_gateways(core, open_file_ceiling(settings))
            listeners = await _start_all(to_run)
            async with asyncio.TaskGroup() as tasks:
                for gateway in to_run:
                    tasks.create_task(gateway.run(), name=f"gateway {gateway.name}")
                sync = tasks.create_task(
                    sync_accounts_forever(core.world, settings.account_sync_seconds),
                    name="account sync",
                )
                tasks.create_task(core.world.logs.run(), name="log writer")
                logger.info(
                    "listening after %.0f ms, on %s",
                    (time.perf_counter() - started) * 1000,
                    type(loop).__module__.split(".")[0],
                )
                on_ready(listeners)
                await stop.received.wait()
                logger.info("%s received: shutting down", stop.name)
                for gateway in to_run:
                    gateway.close(SHUTDOWN_REASON)
                core.world.end_sessions(SHUTDOWN_REASON)
                core.world.logs.stop()  # the log writer writes what is left, then returns
                sync.cancel()
    logger.info("stopped")


# --- The process --------------------------------------------------------------------------


class _ConnectionIdFilter(logging.Filter):
    """Adds ``connection``: ``[web-3] `` inside a connection's task, empty elsewhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = gateways.connection_id.get()
        record.connection = "" if current == gateways.NO_CONNECTION else f"[{current}] "
        return True


class _SafeFormatter(logging.Formatter):
    """Writes each message with its unprintable characters escaped: text a client chose (a
    path, a name) cannot start a fake log line or reach the terminal as an escape sequence.
    Tracebacks, added after the message, keep their lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = log_safe(record.message)
        return super().formatMessage(record)


LOG_FORMAT: Final = "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s %(connection)s%(message)s"

_QUIET_LOGGERS: Final[Mapping[str, int]] = {"aiosqlite": logging.INFO}
"""Libraries whose debug output is one line per database call: too much even for debug."""


def configure_logging(level: str) -> None:
    """Log lines to standard error, in UTC, with the connection id where there is one."""
    handler = logging.StreamHandler(sys.stderr)
    formatter = _SafeFormatter(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(_ConnectionIdFilter())
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, quietest in _QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(quietest, root.level))


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to completion on a new event loop: uvloop where it is installed."""
    try:
        import uvloop
    except ImportError:  # Windows, or a platform uvloop does not build on
        factory = None
    else:
        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
