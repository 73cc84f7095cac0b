"""What the orchestrator hands the telnet load generator: the server, how to speak to it, the job.

Values only (pickled to the load-generator process). Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one server's telnet side is spoken: log in, reach a room, say and pose."""

    logged_in: str
    """A fragment of the line that says a login worked (colour codes taken out)."""
    refused: tuple[str, ...]
    """Fragments of lines that say it did not."""
    join: str | None
    """The command that takes a character to its room, ``{room}`` filled in; None when the
    character is already there at login (Evennia: placed there when the world was made)."""
    say: str = "say "
    pose: str = ":"
    """Prefixes of a say and a pose; the message text follows."""


@dataclass(frozen=True, slots=True)
class TelnetTarget:
    """A started server: where to connect, which processes to watch, how to log in."""

    name: str
    host: str
    port: int
    pids: tuple[int, ...]
    """Every process of the server: CPU and memory are summed over them (Evennia runs a
    Portal, which holds the connections, and a Server, which runs the game, linked by AMP)."""
    password: str
    dialect: Dialect
    version: str
    setup_concurrency: int = 8
    """Logins at once: each costs the server a password hash (Boudoir: argon2id); fewer than
    Boudoir's login throttle lets one address try at once (``bench.irc.measure``)."""


@dataclass(frozen=True, slots=True)
class TelnetJob:
    target: TelnetTarget
    clients: int = 200
    rooms: int = 5
    speakers: int = 10
    seconds: float = 10.0
    window: int = 8
    rate: float = 100.0
    text_size: int = 64
    warmup_seconds: float = 1.0
    latency_probes_per_room: int = 3
    idle_levels: tuple[int, ...] = (100, 200)
    """Logged-in clients at which the server's memory is read, before any message is sent;
    the last is ``clients``."""


def room_name(index: int) -> str:
    """Room ``index`` (0-based): ``room1`` ..., the same name on both servers."""
    return f"room{index + 1}"


def describe(job: TelnetJob) -> dict[str, Any]:
    described = asdict(job)
    described["target"].pop("password", None)
    return described
