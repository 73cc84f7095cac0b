"""The telnet gateway: listeners (plain and TLS), per-address limits, the shared flush, MSSP.

One ``TelnetGateway`` per listener, shaped like the IRC one: clients are ``TelnetClient``
protocols, the gateway owns the task group their worker tasks run in, and flushes every client
with pending output once per loop turn.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Unpack

from boudoir import __version__
from boudoir.core.world import World
from boudoir.gateways.connections import Listening, TcpLimits, TcpListener
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.variants import VariantCache
from boudoir.wire.telnet.render import SpeechKey

logger = logging.getLogger("boudoir.telnet")


@dataclass(frozen=True, slots=True)
class TelnetLimits(TcpLimits):
    """Per-client and per-address limits; defaults and meanings are in the README."""

    command_burst: int = 40
    """Lines run at once: a client's auto-login and its start-up triggers send a burst; then
    ``command_rate`` lines a second, later lines waiting their turn (type-ahead)."""
    login_timeout: float = 300.0
    """A connection that has not logged in within this time is closed (people read the
    welcome screen and type slowly; a bot that never logs in is dropped)."""
    typeahead: int = 200
    """Lines waiting their turn; past this the socket is not read until the queue drains, so
    nothing is dropped and memory stays bounded."""


class TelnetGateway(TcpListener[TelnetClient]):
    scheme = "telnet"

    def __init__(
        self,
        world: World,
        *,
        server_name: str,
        welcome: str,
        limits: TelnetLimits,
        news: str = "",
        **listening: Unpack[Listening],
    ) -> None:
        super().__init__(limits=limits, **listening)
        self.world = world
        self.server_name = server_name
        self.welcome = welcome
        self.news = news
        self.limits = limits
        self.version = __version__
        self.started = time.time()
        self.cache: VariantCache[SpeechKey, bytes | None] = VariantCache()
        """The last room message's bytes per variant (``speech_key``), shared by every
        client of this listener: a room costs one rendering per variant."""

    def new_client(self) -> TelnetClient:
        return TelnetClient(self)

    def close_guest(self, client: TelnetClient) -> None:
        client.close("The server is shutting down.")

    def mssp(self) -> dict[str, str | list[str]]:
        """MSSP variables (tintin.mudhalla.net/protocols/mssp): what MUD lists show."""
        return {
            "NAME": self.server_name,
            "PLAYERS": str(self.world.presence.counts().characters),
            "UPTIME": str(int(self.started)),
            "CODEBASE": f"Boudoir {self.version}",
            "FAMILY": "Custom",
            "GENRE": "Adult roleplay",
            "SUBGENRE": "Social",
            "GAMEPLAY": "Roleplaying",
            "STATUS": "Live",
            "MINIMUM AGE": "18",
            "ANSI": "1",
            "UTF-8": "1",
            "GMCP": "1",
            "MCCP": "0" if self.tls else "1",
            "SSL": "1" if self.tls else "0",
            "PAY TO PLAY": "0",
            "PAY FOR PERKS": "0",
        }
