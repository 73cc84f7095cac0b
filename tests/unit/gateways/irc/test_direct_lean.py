"""A direct message to one nick takes the IRC gateway's lean path (``messages._to_one``, the
core's ``direct_now`` asked straight). Every client must get the same bytes as through the
general path (the core's intents, as for a list of targets): each scenario runs twice on a
fresh world, once each way, with the same clock, seal key and message ids, and every
client's bytes are compared whole.

In process, no sockets: the gateways' clients on recording transports.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from boudoir.core import messaging
from boudoir.domain.entities import PresenceVisibility, Status
from boudoir.domain.ids import MessageId
from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.irc import messages as irc_messages
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import COMMANDS, Command
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.server import TelnetGateway, TelnetLimits
from boudoir.gateways.web.browser import WebSession
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.gateways.web.wsprotocol import FrameWriter
from boudoir.testing.harness import PASSWORD, TestWorld
from boudoir.testing.transports import RecordingTransport

NOW = dt.datetime(2026, 12, 8, 1, 2, 3, 456000, tzinfo=dt.UTC)
KEY = bytes(range(32))


class _FrameProtocol:
    """The part of the WebSocket protocol a ``FrameWriter`` reads."""

    def __init__(self) -> None:
        self.transport = RecordingTransport()
        self.handshake_complete = True
        self.close_sent = False


@dataclass
class Town:
    """One fresh world with IRC, telnet and browser people, and what each one received."""

    test: TestWorld
    irc: IrcGateway
    telnet: TelnetGateway
    web: SocketEndpoint
    transports: dict[str, RecordingTransport] = field(default_factory=dict)
    clients: dict[str, IrcClient] = field(default_factory=dict)

    @classmethod
    async def start(cls) -> Town:
        test = await TestWorld.start(clock=lambda: NOW)
        test.world.messages.sealer.use_key(KEY)
        limits = IrcLimits(command_burst=10**6, command_rate=1e6, connect_burst=10**6)
        irc = IrcGateway(
            test.world, host="127.0.0.1", port=0, server_name="irc.test", motd="", limits=limits
        )
        telnet = TelnetGateway(
            test.world, host="127.0.0.1", port=0, server_name="telnet.test", welcome="Hi.",
            limits=TelnetLimits(command_burst=10**6, command_rate=1e6, connect_burst=10**6),
        )  # fmt: skip
        options = WebOptions(command_burst=10**6, command_rate=1e6)
        web = SocketEndpoint(test.world, _no_login, options)
        return cls(test, irc, telnet, web)

    async def on_irc(self, name: str, caps: str = "", *, key: str | None = None) -> IrcClient:
        """``name`` logs in on IRC (registered first, unless ``key`` names a second
        connection of the same character)."""
        if key is None:
            await self.test.register(name)
        client = self.irc.new_client()
        transport = RecordingTransport()
        client.connection_made(transport)
        plain = base64.b64encode(f"\0{name}\0{PASSWORD}".encode()).decode()
        client.data_received(
            f"CAP LS 302\r\nNICK {name}\r\nUSER {name} 0 * :{name}\r\n"
            f"CAP REQ :{f'sasl {caps}'.strip()}\r\nAUTHENTICATE PLAIN\r\n".encode()
        )
        await _settle(lambda: client.worker is None and not client.queue)
        client.data_received(f"AUTHENTICATE {plain}\r\nCAP END\r\n".encode())
        await _settle(lambda: client.conn is not None and client.worker is None)
        self.transports[key or name] = transport
        self.clients[key or name] = client
        return client

    async def on_telnet(self, name: str) -> TelnetClient:
        await self.test.register(name)
        client = self.telnet.new_client()
        transport = RecordingTransport()
        client.connection_made(transport)
        client.data_received(f"connect {name} {PASSWORD}\r\n".encode())
        await _settle(lambda: client.conn is not None and client.worker is None)
        self.transports[name] = transport
        return client

    async def on_web(self, name: str) -> WebSession:
        await self.test.register(name)
        account = await self.test.world.accounts.authenticate(name, PASSWORD, address="127.0.0.1")
        protocol = _FrameProtocol()
        session = WebSession(self.web, None, FrameWriter(protocol), "test")
        session.conn = await self.test.world.connect(session, account, address="127.0.0.1")
        self.transports[name] = protocol.transport
        return session

    async def send(self, name: str, line: str) -> None:
        """``name`` sends ``line`` and everything it causes is written."""
        client = self.clients[name]
        client.data_received(line.encode() + b"\r\n")
        await _settle(lambda: client.worker is None and not client.queue)
        self.flush()

    def flush(self) -> None:
        self.irc.flusher._flush()
        self.telnet.flusher._flush()
        self.web.flusher._flush()

    def received(self) -> dict[str, bytes]:
        """Everything each person got since the last call."""
        got = {name: bytes(transport.data) for name, transport in self.transports.items()}
        for transport in self.transports.values():
            transport.data.clear()
        return got


async def _no_login(token: str) -> None:
    return None


async def _settle(done: Callable[[], bool]) -> None:
    for _ in range(500):
        await asyncio.sleep(0)
        if done():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("a command did not finish")


Scenario = Callable[[Town], Awaitable[None]]
"""Sets up a town (alice on IRC with the capabilities under test, and the others), then has
alice send her direct messages."""

CAPS = [
    "",
    "message-tags",
    "echo-message",
    "server-time",
    "labeled-response",
    "labeled-response echo-message",
    "message-tags server-time echo-message labeled-response account-tag batch",
]
LINES = [
    "PRIVMSG {to} :Hello there",
    "NOTICE {to} :A notice",
    "PRIVMSG {to} :\x01ACTION waves\x01",
    "PRIVMSG {to} :[b]bold[/b] and a link https://example.org",
    "@label=L1 PRIVMSG {to} :labeled",
    "@+draft/reply=abc;label=L2 PRIVMSG {to} :a reply with a client tag",
    "@label=L3 NOTICE {to} :a labeled notice",
    "PRIVMSG {to} :\x01VERSION\x01",
    "PRIVMSG {to} :   ",
]


async def _contacts(town: Town, a: str, b: str) -> None:
    """``a`` and ``b`` have written to each other (each accepted the other's request)."""
    await town.send(a, f"PRIVMSG {b} :first")
    await town.send(b, f"PRIVMSG {a} :answer")


async def _all_lines(town: Town, to: str) -> None:
    for line in LINES:
        await town.send("alice", line.format(to=to))


async def contact_on_irc(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob", "message-tags server-time")
    await _contacts(town, "alice", "bob")
    await _all_lines(town, "bob")
    await _all_lines(town, "BOB")  # the nick in another case


async def sender_on_two_connections(town: Town, caps: str) -> None:
    # The sender's other connection is shown what it sent, as the echo-message one is.
    await town.on_irc("alice", caps)
    await town.on_irc("alice", "message-tags", key="alice-phone")
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    await _all_lines(town, "bob")
    await _all_lines(town, "alice")


def _status(town: Town, name: str, status: Status, message: str = "") -> None:
    """``name`` sets a status from whichever gateway it is on."""
    found = town.test.world.registry.find_character(name)
    assert found is not None
    town.test.world.presence.set_status(next(iter(found)), status, message)
    town.flush()


async def _hide_presence(town: Town, name: str, visibility: PresenceVisibility) -> None:
    found = town.test.world.registry.find_character(name)
    assert found is not None
    account = next(iter(found)).account.id
    await town.test.world.accounts.update_settings(account, presence_visibility=visibility)


async def away_recipient(town: Town, caps: str) -> None:
    # Each PRIVMSG (not NOTICE) is answered with RPL_AWAY, after the echo.
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    await town.send("bob", "AWAY :out for lunch")
    await _all_lines(town, "bob")


async def busy_recipient_without_message(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    _status(town, "bob", Status.BUSY)
    await _all_lines(town, "bob")


async def away_recipient_hiding_presence(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    await town.send("bob", "AWAY :not for alice to know")
    await _hide_presence(town, "bob", PresenceVisibility.FRIENDS)
    await _all_lines(town, "bob")


async def away_stranger_request(town: Town, caps: str) -> None:
    # Held as a request: nothing of bob's status; once bob accepts, as to anyone.
    await town.on_irc("alice", caps)
    await town.on_irc("bob", "message-tags")
    await town.send("bob", "PRIVMSG NickServ :SET DMPOLICY anyone")
    await town.send("bob", "AWAY :reading requests later")
    await _all_lines(town, "bob")
    await town.send("bob", "PRIVMSG NickServ :ACCEPT alice")
    await _all_lines(town, "bob")


async def away_note_to_self(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.send("alice", "AWAY :gone")
    await _all_lines(town, "alice")


async def blocked_by_recipient(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    await town.send("bob", "PRIVMSG NickServ :BLOCK alice")
    await _all_lines(town, "bob")


async def policy_nobody(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    await town.send("bob", "PRIVMSG NickServ :SET DMPOLICY nobody")
    await _all_lines(town, "bob")


async def stranger_request(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_irc("bob", "message-tags")
    await town.send("bob", "PRIVMSG NickServ :SET DMPOLICY anyone")
    # The first is a request, the rest wait with it; then bob answers, which accepts it.
    await _all_lines(town, "bob")
    await town.send("bob", "PRIVMSG NickServ :ACCEPT alice")
    await _all_lines(town, "bob")


async def note_to_self(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await _all_lines(town, "alice")
    await _all_lines(town, "Alice")


async def offline_or_unknown(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.test.register("carol")
    await _all_lines(town, "carol")
    await _all_lines(town, "nobody-here")
    await _all_lines(town, "b@d,nick")


async def recipient_on_telnet(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_telnet("tess")
    await town.send("alice", "PRIVMSG tess :first")
    tess = town.test.world.registry.find_character("tess")
    assert tess is not None
    await town.test.world.messages.direct(next(iter(tess)), "alice", "answer")
    town.flush()
    await _all_lines(town, "tess")
    _status(town, "tess", Status.AWAY, "making tea")
    await _all_lines(town, "tess")


async def recipient_on_browser(town: Town, caps: str) -> None:
    await town.on_irc("alice", caps)
    await town.on_web("wendy")
    await town.send("alice", "PRIVMSG wendy :first")
    wendy = town.test.world.registry.find_character("wendy")
    assert wendy is not None
    await town.test.world.messages.direct(next(iter(wendy)), "alice", "answer")
    town.flush()
    await _all_lines(town, "wendy")
    _status(town, "wendy", Status.LOOKING)
    await _all_lines(town, "wendy")


SCENARIOS = [
    contact_on_irc,
    sender_on_two_connections,
    away_recipient,
    busy_recipient_without_message,
    away_recipient_hiding_presence,
    away_stranger_request,
    away_note_to_self,
    blocked_by_recipient,
    policy_nobody,
    stranger_request,
    note_to_self,
    offline_or_unknown,
    recipient_on_telnet,
    recipient_on_browser,
]


async def _run(
    monkeypatch: pytest.MonkeyPatch,
    scenario: Callable[[Town, str], Awaitable[None]],
    caps: str,
    *,
    lean: bool,
) -> list[dict[str, bytes]]:
    numbers = itertools.count(1)
    monkeypatch.setattr(messaging, "new_message_id", lambda: MessageId(f"m{next(numbers)}"))
    for name in ("PRIVMSG", "NOTICE"):
        notice = name == "NOTICE"

        def handler(client: IrcClient, message: Any, notice: bool = notice) -> Any:
            return irc_messages._message(client, message, notice=notice, lean=lean)

        monkeypatch.setitem(COMMANDS, name, Command(handler, login=False))
    town = await Town.start()
    got: list[dict[str, bytes]] = []
    real_send = town.send

    async def send(name: str, line: str) -> None:
        await real_send(name, line)
        got.append(town.received())

    town.send = send  # type: ignore[method-assign]
    await scenario(town, caps)
    return got


@pytest.mark.parametrize("caps", CAPS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_the_lean_path_sends_every_client_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, scenario: Callable[[Town, str], Awaitable[None]], caps: str
) -> None:
    general = await _run(monkeypatch, scenario, caps, lean=False)
    lean = await _run(monkeypatch, scenario, caps, lean=True)
    assert lean == general
    # Something was said and answered: the comparison is not of two silences.
    assert any(got.get("alice") for got in lean)
    # RPL_AWAY reached alice exactly where the recipient shows her an away status.
    told_away = any(b" 301 alice " in got.get("alice", b"") for got in lean)
    assert told_away == (scenario in TELLS_AWAY)


TELLS_AWAY = {
    away_recipient,
    busy_recipient_without_message,
    away_stranger_request,  # once accepted
    away_note_to_self,
    recipient_on_telnet,
    recipient_on_browser,
}
