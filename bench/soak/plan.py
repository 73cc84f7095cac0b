"""Who is where in a soak: each connection's gateway, room and load generator.

Values only (pickled to the load-generator processes), computed the same way on both sides.
Imports the standard library and ``bench``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bench.irc.jobs import account_name
from bench.telnet.jobs import room_name

GATEWAYS = ("irc", "web", "telnet")

MIX = ("irc",) * 7 + ("web",) * 2 + ("telnet",)
"""A block of ten consecutive connections: 70% IRC, 20% browser, 10% telnet. Blocks, not
single connections, go to a room, so every room holds all three gateways in that mix."""

KEY_BASE = 1 << 24
"""A message's key is ``speaker * KEY_BASE + sequence``: one int, cheap to count by."""


@dataclass(frozen=True, slots=True)
class Server:
    """The started server: its pid and its three listeners on 127.0.0.1."""

    pid: int
    host: str
    irc_port: int
    web_port: int
    telnet_port: int
    password: str
    web_tokens: dict[str, str] = field(default_factory=dict)
    """Browsers' login tokens by account: those resume with their session cookie, as a
    browser coming back does (no argon2id); the others log in with the password."""


@dataclass(frozen=True, slots=True)
class Plan:
    connections: int
    rooms: int
    speaking: float
    """Share of the connections that say one line each second."""
    workers: int
    seed: int
    text_size: int

    def gateway(self, index: int) -> str:
        return MIX[index % len(MIX)]

    def room(self, index: int) -> int:
        return (index // len(MIX)) % self.rooms

    def worker(self, index: int) -> int:
        # Shifted by one each block, so that every generator gets members of every gateway
        # (with two, plain ``index % 2`` would give every telnet member to the second).
        return (index + index // len(MIX)) % self.workers

    def room_sizes(self) -> list[int]:
        counts = Counter(self.room(index) for index in range(self.connections))
        return [counts[room] for room in range(self.rooms)]

    def web_names(self) -> list[str]:
        """The accounts of the browser connections."""
        return [name(i) for i in range(self.connections) if self.gateway(i) == "web"]

    def gateway_counts(self) -> dict[str, int]:
        counts = Counter(self.gateway(index) for index in range(self.connections))
        return {gateway: counts[gateway] for gateway in GATEWAYS}


def name(index: int) -> str:
    """Account and character of connection ``index`` (0-based): ``u0001`` ..."""
    return account_name(index + 1)


def room(plan: Plan, index: int) -> str:
    """The room of connection ``index`` as the web and telnet spell it (IRC adds ``#``)."""
    return room_name(plan.room(index))
