"""Limits every node of a cluster keeps alike: login and sign-up throttles, reports per hour,
automod's held messages, and connections per address.

Each is kept in each node's memory, as on a node alone, and replicated like the rest of the
live state: every charge made on a node (a password check begun, a right password, a sign-up,
a report, a message held or resolved, a connection opened or closed) is published, and every
other node applies it as if it had made it. The checks stay where they were, synchronous and
local (a connection is admitted or refused in the callback that accepts it), and a limit holds
across the nodes, not on each: an attacker spreading over N nodes gets what one node allows,
but for the charges still crossing Redis when they strike, one round trip (a millisecond or
so on a local network).

What a node counted while Redis was away is not replayed: during an outage each node counts
alone, as it did before. Connections per address heal when Redis is back (every node sends its
open counts again); the other counts forget on their own within their window.

Imports ``boudoir.core`` (accounts, moderation, automod, cluster) and ``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from boudoir.core.accounts import AccountService
from boudoir.core.ads import AdService
from boudoir.core.automod import AutomodService, HeldMessage
from boudoir.core.cluster import Bus
from boudoir.core.cluster.limit_messages import (
    AdCounted,
    AddressCounted,
    HoldFinished,
    LoginCharged,
    LoginSucceeded,
    MessageKeptHeld,
    ReportCounted,
    SignupCounted,
)
from boudoir.core.cluster.messages import ClusterMessage
from boudoir.core.cluster.topics import EVERY_NODE, node_topic
from boudoir.core.moderation import ModerationService

Counted = Callable[[str, int, bool], None]


class AddressTable(Protocol):
    """Connections per address of one listener (``gateways.admission.AddressLimits``)."""

    on_count: Counted | None

    def counted_elsewhere(
        self, node: str, address: str, open_there: int, opened: bool, now: float | None = None
    ) -> None: ...

    def forget_node(self, node: str) -> None: ...

    def forget_elsewhere(self) -> None: ...

    def open_here(self) -> dict[str, int]: ...


class SharedLimits:
    """Publishes this node's charges and applies the other nodes' (``apply``). Built by the
    world of a node in a cluster; each listener's table of connections per address joins with
    ``share_addresses``, under a name the same listener has on every node."""

    def __init__(
        self,
        bus: Bus,
        accounts: AccountService,
        moderation: ModerationService,
        automod: AutomodService,
        ads: AdService,
    ) -> None:
        self._bus = bus
        self.node = bus.node
        self._accounts = accounts
        self._moderation = moderation
        self._automod = automod
        self._tables: dict[str, AddressTable] = {}
        throttle = accounts.login_throttle
        throttle.charged_here.append(lambda a, n: self._publish(LoginCharged(a, n)))
        throttle.succeeded_here.append(lambda a, n: self._publish(LoginSucceeded(a, n)))
        accounts.signups_counted_here.append(lambda a: self._publish(SignupCounted(a)))
        moderation.reports_counted_here.append(lambda a: self._publish(ReportCounted(a)))
        automod.held_here.append(self._held)
        automod.finished_here.append(lambda hold: self._publish(HoldFinished(hold)))
        self._ads = ads
        ads.charged_here.append(lambda a, r, at: self._publish(AdCounted(a, r, at)))

    def _publish(self, message: ClusterMessage, topic: str = EVERY_NODE) -> None:
        self._bus.publish(topic, message)

    def _held(self, hold: str, held: HeldMessage) -> None:
        self._publish(
            MessageKeptHeld(
                hold,
                held.sender_account,
                held.sender,
                held.kind,
                held.text,
                held.room_id,
                held.recipient,
            )
        )

    def share_addresses(self, listener: str, table: AddressTable) -> None:
        """Count ``table``'s connections across the nodes: ``listener`` names it alike on
        every node (``irc``, ``irc-tls``, ``telnet``, ``web`` ...)."""
        self._tables[listener] = table

        def counted(address: str, open_here: int, opened: bool) -> None:
            self._publish(AddressCounted(self.node, listener, address, open_here, opened))

        table.on_count = counted

    def apply(self, message: ClusterMessage) -> bool:
        """Apply another node's charge; False if ``message`` is none of these."""
        match message:
            case LoginCharged():
                self._accounts.login_throttle.charge(message.address, message.name)
            case LoginSucceeded():
                self._accounts.login_throttle.succeeded(message.address, message.name, here=False)
            case SignupCounted():
                if self._accounts.signups is not None:
                    self._accounts.signups.count(message.address)
            case ReportCounted():
                self._moderation.count_report(message.account)
            case AdCounted():
                self._ads.charge(message.account, message.room, message.at)
            case MessageKeptHeld():
                held = HeldMessage(
                    message.sender_account,
                    message.sender,
                    message.kind,
                    message.text,
                    message.room,
                    message.recipient,
                )
                self._automod.keep_held(message.hold, held)
            case HoldFinished():
                self._automod.forget_held(message.hold)
            case AddressCounted():
                table = self._tables.get(message.listener)
                if table is not None and message.node != self.node:
                    table.counted_elsewhere(
                        message.node, message.address, message.open, message.opened
                    )
            case _:
                return False
        return True

    def joined(self) -> None:
        """This node (re)joined the bus: what it knew of the others' connections may be
        stale, and theirs of its own; count them afresh."""
        for table in self._tables.values():
            table.forget_elsewhere()
        self._send_counts(EVERY_NODE)

    def hello_from(self, node: str) -> None:
        """``node`` (re)joined: forget its connections (it sends them again) and tell it
        ours."""
        if node == self.node:
            return
        self.node_left(node)
        self._send_counts(node_topic(node))

    def node_left(self, node: str) -> None:
        """``node`` is gone: its connections count no more."""
        for table in self._tables.values():
            table.forget_node(node)

    def _send_counts(self, topic: str) -> None:
        for listener, table in self._tables.items():
            for address, open_here in table.open_here().items():
                self._publish(AddressCounted(self.node, listener, address, open_here, False), topic)
