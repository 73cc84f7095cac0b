"""The IRC gateway: listeners (plain and TLS), per-address limits, the shared flush.

One ``IrcGateway`` per listener. Clients are ``IrcClient`` protocols; the gateway owns the
task group their worker tasks run in, and flushes every client with pending output once per
loop turn.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Unpack

from boudoir.core.cluster.remote import Rendered
from boudoir.core.world import World
from boudoir.domain.events import Event
from boudoir.gateways.connections import Listening, TcpLimits, TcpListener
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.variants import VariantCache

logger = logging.getLogger("boudoir.irc")

_KEYS: Final[Mapping[str, int]] = {f"irc/{tags}": tags for tags in range(8)}
"""The key of each tag variant's bytes among an event's renderings carried between nodes
(``core.cluster.remote.Renderings``); a key not here is another gateway's, or unknown."""
_KEY_OF: Final[Mapping[int, str]] = {tags: key for key, tags in _KEYS.items()}

CAPABILITIES: Final[Mapping[str, str | None]] = {
    "account-notify": None,
    "account-tag": None,
    "away-notify": None,
    "batch": None,
    "cap-notify": None,
    "chghost": None,
    "draft/account-registration": "before-connect,custom-account-name",
    "draft/chathistory": None,
    "draft/message-redaction": None,
    "echo-message": None,
    "extended-join": None,
    "invite-notify": None,
    "labeled-response": None,
    "message-tags": None,
    "multi-prefix": None,
    "sasl": "PLAIN",
    "server-time": None,
    "setname": None,
    "standard-replies": None,
    "userhost-in-names": None,
}
"""What we offer in CAP LS (IRCv3 capability negotiation), each one implemented."""


@dataclass(frozen=True, slots=True)
class IrcLimits(TcpLimits):
    """Per-client and per-address limits; defaults and meanings are in the README."""

    registration_timeout: float = 30.0


class IrcGateway(TcpListener[IrcClient]):
    scheme = "irc"

    def __init__(
        self,
        world: World,
        *,
        server_name: str,
        motd: str,
        limits: IrcLimits,
        network: str = "Boudoir",
        version: str = "boudoir",
        **listening: Unpack[Listening],
    ) -> None:
        super().__init__(limits=limits, **listening)
        self.world = world
        self.server_name = server_name
        self.motd = motd
        self.limits = limits
        self.network = network
        self.version = version
        self.capabilities = CAPABILITIES
        self.cache: VariantCache[int, bytes] = VariantCache()
        """The last room message's bytes per tag variant (``IrcClient.tags``), shared by every
        client: a room of a hundred clients costs one rendering per variant."""

    def rendered(self, event: Event) -> Rendered:
        """The bytes of room speech ``event`` for each tag variant rendered here, for the
        other nodes' IRC gateways (``core.cluster.remote.Renderings``)."""
        cache = self.cache
        if event is not cache.event:
            return ()
        return tuple((_KEY_OF[tags], data) for tags, data in cache.rendered.items())

    def prime(self, event: Event, rendered: Rendered) -> None:
        """Take another node's renderings of ``event`` as if rendered here."""
        into = None
        for key, data in rendered:
            tags = _KEYS.get(key)
            if tags is not None:
                if into is None:
                    into = self.cache.renderings(event)
                into[tags] = data

    def new_client(self) -> IrcClient:
        return IrcClient(self)

    def close_guest(self, client: IrcClient) -> None:
        client.machine.close("Server shutting down")
        client.flush()
        if client.transport is not None:
            client.transport.close()
