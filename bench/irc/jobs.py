"""What the orchestrator asks the load generator to do: the server to target and one job.

Values only (pickled to the load-generator process). Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Target:
    """The server under test: where to connect, which process to watch, how to log in."""

    name: str
    host: str
    port: int
    pid: int
    password: str | None = None
    """SASL PLAIN password for every account (Boudoir); None registers with NICK/USER only."""
    setup_concurrency: int = 250
    """Clients connecting and registering at once (see ``servers.Running``)."""
    message_requests: bool = False
    """A first direct message from a stranger waits as a request that the recipient accepts
    with ``/msg NickServ ACCEPT <nick>`` (Boudoir, even between people who share a room)."""
    other_pids: tuple[int, ...] = ()
    """More processes of the server under test (the other nodes of a cluster): their CPU counts
    as the server's."""
    watched: tuple[tuple[str, int], ...] = ()
    """Processes whose CPU each window reports as ``<name>_cpu_seconds`` (each node, Redis),
    counted as the server's only when they are ``pid`` or in ``other_pids``."""


@dataclass(frozen=True, slots=True)
class FanoutJob:
    target: Target
    clients: int = 500
    rooms: int = 5
    speakers: int = 10
    seconds: float = 10.0
    window: int = 32
    rate: float = 500.0
    text_size: int = 64
    warmup_seconds: float = 1.0
    latency_probes_per_room: int = 3
    ports: tuple[int, ...] = ()
    """The port each client connects to, in client order (several nodes of one server); empty:
    every client to ``target.port``."""
    c_counter: bool = True
    """Listeners that only count are read by the C counter (``native.py``) when a C compiler
    is at hand; False: every client is read by the Python event loop."""


@dataclass(frozen=True, slots=True)
class DirectJob:
    target: Target
    pairs: int = 50
    seconds: float = 10.0
    text_size: int = 64
    warmup_seconds: float = 1.0


@dataclass(frozen=True, slots=True)
class IdleJob:
    target: Target
    levels: tuple[int, ...] = (1000, 5000, 10000)
    nick_prefix: str = "g"


Job = FanoutJob | DirectJob | IdleJob


def account_name(number: int) -> str:
    """The nick (and, on Boudoir, account and character name) of client ``number`` (1-based)."""
    return f"u{number:04d}"


def describe(job: Job) -> dict[str, Any]:
    described = asdict(job)
    described["target"].pop("password", None)
    return described
