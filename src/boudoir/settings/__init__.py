"""Settings: one frozen ``Settings`` value, built once per process by ``load_settings``.

Sources, highest precedence first: command-line flags, ``BOUDOIR_*`` environment variables, a
TOML file (``--config FILE`` or ``BOUDOIR_CONFIG``), then the defaults below. Nothing is read at
import time; the CLI calls ``load_settings`` once and hands the value down.

Every setting has one name, spelled three ways: ``web_port`` in TOML, ``BOUDOIR_WEB_PORT`` in
the environment, ``--web-port`` on the command line. A bad value or an unknown TOML key raises
``SettingsError``, whose text is one line naming where the value came from.

The parser of each value is in ``settings/values.py``. Imports the standard library and
``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Final

from boudoir.domain.directory import ServerRoom
from boudoir.domain.invitations import SignupMode
from boudoir.domain.ratings import Rating
from boudoir.settings.values import (
    AUTO_PORT,
    LOG_LEVELS,
    MAX_INTERVAL_SECONDS,
    MAX_SERVER_NAME_LENGTH,
    MIN_SENDQ_BYTES,
    PARSERS,
    Port,
)

ENVIRONMENT_PREFIX: Final = "BOUDOIR_"
CONFIG_ENVIRONMENT_VARIABLE: Final = "BOUDOIR_CONFIG"

__all__ = [
    "AUTO_PORT",
    "CONFIG_ENVIRONMENT_VARIABLE",
    "ENVIRONMENT_PREFIX",
    "LOG_LEVELS",
    "MAX_INTERVAL_SECONDS",
    "MAX_SERVER_NAME_LENGTH",
    "MIN_SENDQ_BYTES",
    "SETTING_NAMES",
    "Port",
    "Settings",
    "SettingsError",
    "environment_name",
    "flag_name",
    "load_settings",
]


DEFAULT_ROOMS: Final = (
    ServerRoom("lobby", Rating.GENERAL, "Welcome! Say hello; everyone arrives here.", ("welcome",)),
    ServerRoom("lounge", Rating.ADULT, "The adult lounge: 18+, for attested adults.", ("social",)),
    ServerRoom("ooc", Rating.GENERAL, "Out of character: talk about the roleplay.", ("ooc",)),
)
"""The rooms ``default_rooms`` names unless configured: a lobby (the default room people arrive
in, ``telnet_home_room``), an adult lounge and an out-of-character room."""


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("boudoir-data")
    """Holds the embedded SQLite database; created and migrated on first start."""
    host: str = "127.0.0.1"
    """Address every listener binds to."""
    irc_port: Port = 6667
    irc_tls_port: Port = 6697
    web_port: Port = 8080
    telnet_port: Port = 4201
    telnet_tls_port: Port = 4202
    database_url: str | None = None
    """``postgresql://...`` for PostgreSQL; None keeps the embedded SQLite in ``data_dir``."""
    redis_url: str | None = None
    """``redis://host:port/db`` joins this node to a cluster of nodes sharing ``database_url``
    (PostgreSQL) and this Redis; None runs the node alone. SQLite with Redis is refused."""
    node_id: str | None = None
    """This node's name in the cluster (letters, digits, ``-`` and ``_``; at most 32); None
    generates one at start. Two live nodes must not share one."""
    cluster_name: str = "boudoir"
    """The prefix of this cluster's keys and channels in Redis: clusters that share one Redis
    need names of their own (letters, digits, ``-`` and ``_``)."""
    node_timeout_seconds: float = 15.0
    """A node whose heartbeat has not been seen in Redis for this long is taken for dead: the
    other nodes show its people as gone, as if their connections had dropped. It beats every
    third of this time."""
    log_level: str = "info"
    signups_per_address_per_hour: int = 5
    """Accounts the gateways (web, NickServ, telnet ``create``) sign up from one address in an
    hour; more are refused with how long to wait. Operators' ``boudoir account create`` is not
    counted."""
    signups_per_minute: int = 30
    """Accounts signed up through the gateways per minute from all addresses together."""
    signup_mode: SignupMode = SignupMode.OPEN
    """Who may sign up through the gateways: ``open`` (anyone), ``invitation`` (with a code
    made by ``boudoir invite create``), ``approval`` (anyone, but a new account logs in only
    once ``boudoir account approve`` let it). Operators' ``boudoir account create`` is not held
    to it."""
    account_sync_seconds: float = 1.0
    """How often the server picks up account changes made elsewhere (the CLI, other nodes):
    an erased account's sessions end within this time."""
    edit_window_seconds: float = 600.0
    """How long one may edit or delete one's own message after sending it, and how long the
    server remembers who sent which message (moderators remove lines within it too)."""
    shutdown_timeout_seconds: float = 10.0
    """On SIGTERM or SIGINT, how long open connections get to finish before they are cut."""
    server_name: str = "boudoir.local"
    """The server's name in IRC replies (the source of numerics, ``RPL_WELCOME``) and in the
    generated TLS certificate: a dotted host name such as ``chat.example.org``."""
    motd_file: Path | None = None
    """Message of the day shown to IRC clients, a UTF-8 text file; None shows a short built-in
    one."""
    tls_certificate: Path | None = None
    """PEM certificate chain for the TLS listeners, leaf first. Set with ``tls_private_key`` or
    not at all: None uses ``<data_dir>/tls/certificate.pem``, generated (self-signed) when
    missing."""
    tls_private_key: Path | None = None
    """Unencrypted PEM private key of ``tls_certificate``; None uses
    ``<data_dir>/tls/private-key.pem``."""
    max_connections: int = 0
    """Connections the whole server holds open at once, over every listener; more are refused
    at once (IRC: an ``ERROR`` line, telnet: a line, HTTP: 503). 0: the open-file limit
    (raised to its hard limit at start) less 256 kept for the database and files."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses and networks (``10.0.0.2``, ``10.0.0.0/24``) of the balancers in front of
    this server, whose word on the client's address is taken: an IRC or telnet connection from
    one must begin with a PROXY protocol header (v1 or v2) naming the client, and an HTTP
    request's client is the one its ``X-Forwarded-For`` names. Per-address limits, throttles
    and log lines then see the client, not the balancer. From any other address no header is
    read. A comma-separated list in a flag or the environment, a list of strings in TOML."""
    tls_handshake_timeout_seconds: float = 10.0
    """A TLS client that has not completed its handshake within this time is cut."""
    irc_registration_timeout_seconds: float = 30.0
    """An IRC connection that has not registered (NICK, USER, CAP END) within this time is
    closed."""
    irc_command_burst: int = 20
    """Token bucket per IRC client: this many commands at once, then ``irc_command_rate`` per
    second. Commands beyond it wait their turn; none are dropped."""
    irc_command_rate: float = 4.0
    """Commands per second an IRC client may send once its burst is spent."""
    irc_sendq_bytes: int = 262144
    """An IRC client whose unsent output exceeds this many bytes is disconnected with
    "SendQ exceeded"; at least 4096."""
    irc_max_connections_per_address: int = 10
    """Open IRC connections allowed from one address at once."""
    irc_connect_burst: int = 10
    """New IRC connections per address: this many at once, then ``irc_connect_rate`` per
    second."""
    irc_connect_rate: float = 1.0
    """New IRC connections per second from one address once its burst is spent."""
    web_origin: str | None = None
    """The site's public origin (``https://chat.example.org``) when a reverse proxy serves it:
    the WebSocket and state-changing requests must come from a page of this origin, and
    cookies are marked Secure when it is https. None accepts only pages of the origin the
    request itself was sent to (its Host header)."""
    web_max_connections_per_address: int = 32
    """Open HTTP connections (WebSockets included) allowed from one address at once."""
    web_request_timeout_seconds: float = 10.0
    """An HTTP connection that has not sent a whole request head (request line and headers)
    within this time of connecting, or of its last response, is closed."""
    web_max_sockets_per_address: int = 16
    """WebSockets open at once from one address; another is closed with 4029."""
    web_max_sockets_per_account: int = 16
    """WebSockets open at once for one account (all its tabs and characters); another is
    closed with 4029."""
    web_hosts: tuple[str, ...] = ()
    """Without ``web_origin``, the host names (besides IP addresses, ``localhost`` and ``host``)
    that browsers may reach the site by: a request whose Host header names another is refused,
    so a page whose name was rebound to this server's address (DNS rebinding) cannot use it.
    A comma-separated list in a flag or the environment, a list of strings in TOML."""
    web_command_burst: int = 20
    """WebSocket messages a browser may send at once, then ``web_command_rate`` per second;
    messages beyond that wait their turn, none are dropped."""
    web_command_rate: float = 4.0
    """WebSocket messages per second a browser may send once its burst is spent."""
    web_outbox_bytes: int = 262144
    """A browser whose unsent output exceeds this many bytes is disconnected as too slow."""
    telnet_home_room: str = "lobby"
    """The room a telnet character without a home of its own arrives in (created on first
    use)."""
    default_rooms: tuple[ServerRoom, ...] = DEFAULT_ROOMS
    """The server's own public rooms, made by ``init`` (those missing) and by the first
    ``serve`` of an empty database: a list of tables (name, rating, topic, tags) in TOML,
    ``name=rating`` separated by commas in a flag or the environment."""
    telnet_news_file: Path | None = None
    """Text shown by the telnet ``news`` command, a UTF-8 file; None shows "No news"."""
    telnet_login_timeout_seconds: float = 300.0
    """A telnet connection that has not logged in within this time is closed."""
    telnet_command_burst: int = 40
    """Lines a telnet client may send at once (an auto-login and its triggers), then
    ``telnet_command_rate`` per second; later lines wait their turn, none are dropped."""
    telnet_command_rate: float = 4.0
    """Lines per second a telnet client may send once its burst is spent."""
    telnet_sendq_bytes: int = 262144
    """A telnet client whose unsent output exceeds this many bytes is disconnected."""
    telnet_max_connections_per_address: int = 10
    """Open telnet connections allowed from one address at once."""
    telnet_connect_burst: int = 10
    """New telnet connections per address: this many at once, then ``telnet_connect_rate``
    per second."""
    telnet_connect_rate: float = 1.0
    """New telnet connections per second from one address once its burst is spent."""
    replay_lines: int = 200
    """Lines each room and direct conversation keeps in memory for a reload, another tab or
    device to show again (never written to disk); 0 keeps none."""
    replay_hours: float = 24.0
    """How long a line stays in those buffers at most (with ``replay_lines``: whichever is
    less)."""
    turn_urls: tuple[str, ...] = ()
    """The TURN relay (coturn) that carries calls' and cams' media: ``turn:`` or ``turns:``
    URLs (``turn:turn.example.org:3478?transport=udp``). With ``turn_secret``; without both,
    calls and cams are off. A comma-separated list in a flag or the environment, a list of
    strings in TOML."""
    turn_secret: str | None = None
    """The relay's shared secret (coturn's ``static-auth-secret`` with ``use-auth-secret``):
    the server mints short-lived TURN credentials from it for each accepted call or watch."""
    turn_ttl_seconds: int = 3600
    """How long minted TURN credentials stay valid (60 to 86400): a call that outlasts them
    keeps its relay allocation, as coturn checks them only when one is made or refreshed."""
    kinks_file: Path | None = None
    """Entries the operator adds to the standard kink list, a TOML file in the same shape as
    ``boudoir/data/kinks.toml``; their ids are prefixed ``site-``. None: the standard list."""
    profile_images: bool = True
    """Characters may have a profile image (uploads re-encoded, metadata stripped); false
    refuses uploads (403 ``images_disabled``)."""
    ad_interval_seconds: float = 600.0
    """An account posts at most one ad per room in this time (counted across nodes)."""


class SettingsError(ValueError):
    """A setting could not be used. ``origin`` says where the bad value came from."""

    def __init__(self, origin: str, message: str) -> None:
        self.origin = origin
        self.message = message
        super().__init__(f"{origin}: {message}")


_FILE_RELATIVE: Final = frozenset(
    {
        "data_dir",
        "motd_file",
        "tls_certificate",
        "tls_private_key",
        "telnet_news_file",
        "kinks_file",
    }
)
"""Path settings that, given as a relative path in a config file, are relative to that file."""

_PAIRED: Final = (
    ("tls_certificate", "tls_private_key", "to use a generated self-signed certificate"),
    ("turn_urls", "turn_secret", "to leave calls and cams off"),
)
"""Settings given together or not at all."""

SETTING_NAMES: Final = tuple(f.name for f in fields(Settings))
assert set(SETTING_NAMES) == set(PARSERS), "every setting needs a parser"


def flag_name(name: str) -> str:
    """``web_port`` -> ``--web-port``."""
    return "--" + name.replace("_", "-")


def environment_name(name: str) -> str:
    """``web_port`` -> ``BOUDOIR_WEB_PORT``."""
    return ENVIRONMENT_PREFIX + name.upper()


# --- Reading the sources ------------------------------------------------------------------


def _parse(name: str, value: object, origin: str) -> object:
    try:
        return PARSERS[name](value)
    except ValueError as error:
        raise SettingsError(origin, str(error)) from None


def _read_toml(path: Path) -> dict[str, object]:
    import tomllib  # only when there is a file: start-up time counts

    origin = str(path)
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except OSError as error:
        raise SettingsError(origin, f"cannot read the config file: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(origin, f"not valid TOML: {error}") from None
    values: dict[str, object] = {}
    for key, value in document.items():
        if key not in PARSERS:
            import difflib

            close = difflib.get_close_matches(key, SETTING_NAMES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SettingsError(origin, f"unknown setting {key!r}{hint}")
        parsed = _parse(key, value, f"{origin}: {key}")
        if key in _FILE_RELATIVE and isinstance(parsed, Path) and not parsed.is_absolute():
            # A path in a config file means the same wherever the server is started from.
            parsed = path.parent / parsed
        values[key] = parsed
    return values


def load_settings(
    *,
    flags: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Build the settings: ``flags`` > ``environ`` (``BOUDOIR_*``) > the TOML file > defaults.

    ``flags`` maps setting names (``web_port``) to the values given on the command line; absent
    or None means not given. ``environ`` is usually ``os.environ``; an empty variable counts as
    unset. ``config_file`` (else ``BOUDOIR_CONFIG``) names the TOML file, whose keys are the
    setting names; a relative path in it (``data_dir``, ``motd_file``, ``tls_*``) is relative
    to the file. ``tls_certificate`` and ``tls_private_key`` come together or not at all, and so
    do ``turn_urls`` and ``turn_secret``.
    """
    flags = flags or {}
    environ = environ or {}
    unknown = [name for name in flags if name not in PARSERS]
    if unknown:
        raise ValueError(f"not settings: {', '.join(unknown)}")  # a programming error

    if config_file is None and environ.get(CONFIG_ENVIRONMENT_VARIABLE):
        config_file = Path(environ[CONFIG_ENVIRONMENT_VARIABLE]).expanduser()
    values = _read_toml(config_file) if config_file is not None else {}
    origins = {name: f"{config_file}: {name}" for name in values}

    for name in SETTING_NAMES:
        variable = environment_name(name)
        if environ.get(variable, "").strip():
            values[name] = _parse(name, environ[variable], variable)
            origins[name] = variable

    for name, value in flags.items():
        if value is not None:
            values[name] = _parse(name, value, flag_name(name))
            origins[name] = flag_name(name)

    for first, second, otherwise in _PAIRED:
        if (first in values) != (second in values):
            given, missing = (first, second) if first in values else (second, first)
            raise SettingsError(
                origins[given],
                f"{given} is set but {missing} is not: set both, or neither {otherwise}",
            )

    settings = replace(Settings(), **values)  # type: ignore[arg-type]
    database = settings.database_url
    if settings.redis_url is not None and (database is None or database.startswith("sqlite")):
        raise SettingsError(
            origins["redis_url"],
            "redis_url joins a cluster, whose nodes share one PostgreSQL database: set "
            "database_url to postgresql://... too (the embedded SQLite serves one node only)",
        )
    return settings
