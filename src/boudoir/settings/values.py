"""The value of each setting from what a flag, an environment variable or the TOML file gave:
one parser per kind of value, ``PARSERS`` by setting name, and the limits they hold values to.
Flags and environment variables give strings; TOML gives typed values. Each parser takes
either and returns the setting's type, or raises ValueError with a message for people.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final, Literal

from boudoir.domain.directory import ServerRoom, clean_tags
from boudoir.domain.errors import BoudoirError
from boudoir.domain.invitations import SignupMode
from boudoir.domain.names import name_key, validate_room_name
from boudoir.domain.ratings import Rating

Port = int | Literal["auto"]
"""A listening port: 1-65535; 0 turns the listener off; ``auto`` lets the system pick a free
port (tests, benchmarks), which the readiness line then reports."""

AUTO_PORT: Final = "auto"
LOG_LEVELS: Final = ("debug", "info", "warning", "error", "critical")

MAX_INTERVAL_SECONDS: Final = 3600.0
"""Upper bound for the interval settings: a typo such as ``1e9`` should fail loudly rather than
leave a server that never syncs or never stops."""

MIN_SENDQ_BYTES: Final = 4096
"""The smallest allowed ``irc_sendq_bytes``: below this, one burst of replies (a NAMES list of a
busy room, the MOTD) would disconnect a healthy client."""

MAX_SERVER_NAME_LENGTH: Final = 63
"""RFC 2812 section 2.3.1: a servername is a hostname of at most 63 characters."""

_SERVER_NAME_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_SERVER_NAME: Final = re.compile(rf"{_SERVER_NAME_LABEL}(?:\.{_SERVER_NAME_LABEL})+")


def _describe(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_describe(value)}")
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _path(value: object) -> Path:
    return Path(_text(value)).expanduser()


def _host(value: object) -> str:
    host = _text(value)
    if any(c.isspace() for c in host):
        raise ValueError(f"not a host name or address: {host!r}")
    return host


def _port(value: object) -> Port:
    problem = f'expected a port number 0-65535 or "auto", got {_describe(value)}'
    if isinstance(value, str):
        text = value.strip().lower()
        if text == AUTO_PORT:
            return AUTO_PORT
        if not text.isdigit():
            raise ValueError(problem)
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise ValueError(problem)
    return value


def _optional_text(value: object) -> str | None:
    return _text(value)


def _optional_path(value: object) -> Path | None:
    return _path(value)


_REDIS_URL: Final = re.compile(r"(redis|rediss|unix)://\S+")


def _redis_url(value: object) -> str | None:
    text = _text(value)
    if not _REDIS_URL.fullmatch(text):
        raise ValueError(
            f"expected a Redis URL such as redis://127.0.0.1:6379/0, got {_describe(value)}"
        )
    return text


_NODE_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _node_id(value: object) -> str | None:
    text = _text(value)
    if not _NODE_ID.fullmatch(text):
        raise ValueError(
            f"expected a node name of 1 to 32 letters, digits, '-' or '_', got {_describe(value)}"
        )
    return text


def _cluster_name(value: object) -> str:
    text = _text(value)
    if not _NODE_ID.fullmatch(text):
        raise ValueError(
            "expected a cluster name of 1 to 32 letters, digits, '-' or '_', "
            f"got {_describe(value)}"
        )
    return text


def _server_name(value: object) -> str:
    name = _text(value)
    if len(name) > MAX_SERVER_NAME_LENGTH or not _SERVER_NAME.fullmatch(name):
        # RFC 2812 section 2.3.1 (servername = hostname). The dot is required so that clients
        # can tell the server from a user in a message's source (Modern IRC, "Source"): our
        # nicknames never contain one.
        raise ValueError(
            "expected a dotted host name such as chat.example.org (letters, digits, hyphens; "
            f"at most {MAX_SERVER_NAME_LENGTH} characters), got {_describe(value)}"
        )
    return name


def _whole_number(value: object, minimum: int, problem: str) -> int:
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise ValueError(problem)
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(problem)
    return value


def _count(value: object) -> int:
    return _whole_number(value, 1, f"expected a whole number of at least 1, got {_describe(value)}")


def _count_or_automatic(value: object) -> int:
    return _whole_number(
        value, 0, f"expected a whole number (0: automatic), got {_describe(value)}"
    )


MAX_REPLAY_LINES: Final = 10_000
"""Upper bound for ``replay_lines``: each room and conversation keeps that many lines in
memory; more would let a few busy rooms take the server's memory."""
MAX_REPLAY_HOURS: Final = 168.0
"""Upper bound for ``replay_hours``: a week; what is meant to be kept longer is a log."""


def _replay_lines(value: object) -> int:
    lines = _whole_number(value, 0, f"expected a whole number of lines, got {_describe(value)}")
    if lines > MAX_REPLAY_LINES:
        raise ValueError(f"at most {MAX_REPLAY_LINES} lines, got {_describe(value)}")
    return lines


def _replay_hours(value: object) -> float:
    problem = f"expected a number of hours above 0, got {_describe(value)}"
    hours = _positive_number(value, problem)
    if hours > MAX_REPLAY_HOURS:
        raise ValueError(f"at most {MAX_REPLAY_HOURS:g} hours, got {_describe(value)}")
    return hours


def _sendq_bytes(value: object) -> int:
    problem = f"expected a number of bytes of at least {MIN_SENDQ_BYTES}, got {_describe(value)}"
    return _whole_number(value, MIN_SENDQ_BYTES, problem)


def _positive_number(value: object, problem: str) -> float:
    """A finite number above 0, from TOML or from text; ``problem`` says what was expected."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(problem) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(problem)
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(problem)
    return number


def _rate(value: object) -> float:
    return _positive_number(value, f"expected a number per second above 0, got {_describe(value)}")


def _room_name(value: object) -> str:
    text = _text(value)
    try:
        return validate_room_name(text)
    except BoudoirError as error:
        raise ValueError(error.message) from None


_ROOM_KEYS: Final = frozenset({"name", "rating", "topic", "tags"})


def _server_room(item: object) -> ServerRoom:
    """One room of ``default_rooms``: a TOML table, or ``name`` / ``name=rating`` in text."""
    if isinstance(item, str):
        name, _, rating = item.partition("=")
        item = {"name": name.strip(), "rating": rating.strip() or "general"}
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise ValueError(f"expected a table with a name, got {_describe(item)}")
    unknown = set(item) - _ROOM_KEYS
    if unknown:
        raise ValueError(
            f"unknown key {sorted(unknown)[0]!r} in a room (name, rating, topic, tags)"
        )
    tags = item.get("tags", [])
    texts = (item.get("rating", "general"), item.get("topic", ""))
    if not all(isinstance(t, str) for t in texts) or not isinstance(tags, list | str):
        raise ValueError(f"expected text for a room's rating and topic, got {_describe(item)}")
    try:
        tag_text = tags if isinstance(tags, str) else " ".join(str(t) for t in tags)
        return ServerRoom(
            validate_room_name(item["name"]),
            Rating.parse(texts[0]),
            " ".join(texts[1].split()),
            clean_tags(tag_text),
        )
    except BoudoirError as error:
        raise ValueError(f"{item['name']!r}: {error.message}") from None


def _server_rooms(value: object) -> tuple[ServerRoom, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"expected a list of rooms, got {_describe(value)}")
    rooms = tuple(_server_room(i) for i in items if not (isinstance(i, str) and not i.strip()))
    names = [name_key(room.name) for room in rooms]
    if len(set(names)) != len(names):
        raise ValueError("a room is named twice")
    return rooms


def _signup_mode(value: object) -> SignupMode:
    text = _text(value).lower()
    for mode in SignupMode:
        if mode.value == text:
            return mode
    choices = ", ".join(mode.value for mode in SignupMode)
    raise ValueError(f"expected one of {choices}, got {_describe(value)}")


def _log_level(value: object) -> str:
    level = _text(value).lower()
    if level not in LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}, got {_describe(value)}")
    return level


def _switch(value: object) -> bool:
    """true or false: a TOML boolean, or the words in a flag or the environment."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "off", "0"):
        return False
    raise ValueError(f"expected true or false, got {_describe(value)}")


def _seconds(value: object) -> float:
    problem = f"expected a number of seconds above 0, got {_describe(value)}"
    seconds = _positive_number(value, problem)
    if seconds > MAX_INTERVAL_SECONDS:
        raise ValueError(f"at most {MAX_INTERVAL_SECONDS:g} seconds, got {_describe(value)}")
    return seconds


_ORIGIN: Final = re.compile(r"https?://(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?")


def _optional_origin(value: object) -> str | None:
    text = _optional_text(value)
    if text is None:
        return None
    origin = text.rstrip("/").lower()
    if not _ORIGIN.fullmatch(origin):
        raise ValueError(
            f"expected an origin such as https://chat.example.org (scheme, host and optional"
            f" port, no path), got {_describe(value)}"
        )
    return origin


_HOST_NAME: Final = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def _host_names(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected a list of host names, got {_describe(value)}")
    names = tuple(dict.fromkeys(i.strip().rstrip(".").lower() for i in items if i.strip()))
    for name in names:
        if not _HOST_NAME.fullmatch(name):
            raise ValueError(
                f"expected host names such as chat.example.org (no scheme or port), got {name!r}"
            )
    return names


def _networks(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected a list of addresses and networks, got {_describe(value)}")
    networks: list[str] = []
    for item in (i.strip() for i in items if i.strip()):
        try:
            network = ipaddress.ip_network(item)
        except ValueError:
            raise ValueError(
                "expected IP addresses or networks such as 10.0.0.2 or 10.0.0.0/24 (no host"
                f" bits set after the prefix), got {item!r}"
            ) from None
        networks.append(str(network))
    return tuple(dict.fromkeys(networks))


_TURN_URL: Final = re.compile(r"turns?:[^\s,@/]+(?:\?transport=(?:udp|tcp))?")
MIN_TURN_TTL: Final = 60
MAX_TURN_TTL: Final = 86400
"""A day: credentials handed to a browser are a key to the relay until they expire."""


def _turn_urls(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"expected a list of turn: URLs, got {_describe(value)}")
    urls = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    for url in urls:
        if not _TURN_URL.fullmatch(url):
            raise ValueError(
                "expected TURN URLs such as turn:turn.example.org:3478?transport=udp or "
                f"turns:turn.example.org:5349, got {url!r}"
            )
    if not urls:
        raise ValueError("expected at least one turn: URL")
    return urls


def _turn_secret(value: object) -> str:
    text = _text(value)
    if len(text) < 16:
        raise ValueError("expected the relay's shared secret, at least 16 characters")
    return text


def _turn_ttl(value: object) -> int:
    problem = (
        f"expected a whole number of seconds from {MIN_TURN_TTL} to {MAX_TURN_TTL}, "
        f"got {_describe(value)}"
    )
    seconds = _whole_number(value, MIN_TURN_TTL, problem)
    if seconds > MAX_TURN_TTL:
        raise ValueError(problem)
    return seconds


PARSERS: Final[Mapping[str, Callable[[object], object]]] = {
    "data_dir": _path,
    "host": _host,
    "irc_port": _port,
    "irc_tls_port": _port,
    "web_port": _port,
    "telnet_port": _port,
    "telnet_tls_port": _port,
    "database_url": _optional_text,
    "redis_url": _redis_url,
    "node_id": _node_id,
    "cluster_name": _cluster_name,
    "node_timeout_seconds": _seconds,
    "log_level": _log_level,
    "signups_per_address_per_hour": _count,
    "signups_per_minute": _count,
    "signup_mode": _signup_mode,
    "account_sync_seconds": _seconds,
    "edit_window_seconds": _seconds,
    "shutdown_timeout_seconds": _seconds,
    "server_name": _server_name,
    "motd_file": _optional_path,
    "tls_certificate": _optional_path,
    "tls_private_key": _optional_path,
    "max_connections": _count_or_automatic,
    "tls_handshake_timeout_seconds": _seconds,
    "irc_registration_timeout_seconds": _seconds,
    "irc_command_burst": _count,
    "irc_command_rate": _rate,
    "irc_sendq_bytes": _sendq_bytes,
    "irc_max_connections_per_address": _count,
    "irc_connect_burst": _count,
    "irc_connect_rate": _rate,
    "web_origin": _optional_origin,
    "web_max_connections_per_address": _count,
    "web_request_timeout_seconds": _seconds,
    "web_max_sockets_per_address": _count,
    "web_max_sockets_per_account": _count,
    "web_hosts": _host_names,
    "trusted_proxies": _networks,
    "web_command_burst": _count,
    "web_command_rate": _rate,
    "web_outbox_bytes": _sendq_bytes,
    "telnet_home_room": _room_name,
    "default_rooms": _server_rooms,
    "telnet_news_file": _optional_path,
    "telnet_login_timeout_seconds": _seconds,
    "telnet_command_burst": _count,
    "telnet_command_rate": _rate,
    "telnet_sendq_bytes": _sendq_bytes,
    "telnet_max_connections_per_address": _count,
    "telnet_connect_burst": _count,
    "telnet_connect_rate": _rate,
    "replay_lines": _replay_lines,
    "replay_hours": _replay_hours,
    "turn_urls": _turn_urls,
    "turn_secret": _turn_secret,
    "turn_ttl_seconds": _turn_ttl,
    "kinks_file": _optional_path,
    "profile_images": _switch,
    "ad_interval_seconds": _seconds,
}
