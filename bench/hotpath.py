"""Room speech through the real gateway code in one process, with counting transports in place
of sockets: the server's CPU time per message and per delivery on the hot path alone.

The socket benchmarks (``bench.web``, ``bench.irc``) measure the whole server against a load
generator, and on a shared machine their figures move with the load, since batching follows
the load. This one has no load generator, no kernel and no batching left to chance: the
speakers' lines go to ``receive_now`` (web) or ``data_received`` (IRC) and every client is
flushed after ``batch`` messages. It is for comparing two versions of the hot path (run it in
each, alternating); the figure is the fastest of ``ROUNDS`` rounds of process CPU time.

    .venv/bin/python -m bench.hotpath                       # web 60 a room, IRC 10 a room
    .venv/bin/python -m bench.hotpath --members 100 --messages 5000
    .venv/bin/python -m bench.hotpath --dm                  # direct messages between IRC pairs

Imports ``boudoir`` (its in-memory store, ``boudoir.testing``) and the standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from boudoir.core.world import World
from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.web.browser import WebSession
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.gateways.web.wsprotocol import FrameWriter
from boudoir.testing.harness import PASSWORD, TestWorld

ROUNDS = 5
SPEAKERS = 10
TEXT = "x" * 64
IRC_CAPS = "message-tags server-time echo-message"
"""What the IRC clients ask for besides SASL, unless told otherwise."""


@dataclass(frozen=True, slots=True)
class Result:
    gateway: str
    members: int
    messages: int
    batch: int
    us_per_message: float
    us_per_delivery: float
    writes: int
    """Writes the last member's transport got in the last round: at least one per flush."""


class CountingTransport:
    """What the gateways use of an asyncio transport; counts writes and keeps nothing."""

    def __init__(self) -> None:
        self.writes = 0
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes += 1

    def get_write_buffer_size(self) -> int:
        return 0

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 50000) if name == "peername" else default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True


class _FrameProtocol:
    """The part of ``BoudoirWSProtocol`` a ``FrameWriter`` reads."""

    def __init__(self) -> None:
        self.transport = CountingTransport()
        self.handshake_complete = True
        self.close_sent = False


def _measure(
    send: Callable[[int], None], flush: Callable[[], None], messages: int, batch: int
) -> float:
    """The fastest round's process CPU seconds for ``messages`` lines."""
    best = float("inf")
    for _ in range(ROUNDS):
        gc.collect()
        started = time.process_time()
        for number in range(messages):
            send(number)
            if number % batch == batch - 1:
                flush()
        flush()
        best = min(best, time.process_time() - started)
    return best


async def web(members: int, messages: int, batch: int) -> Result:
    """``members`` browsers in one room, ``SPEAKERS`` of them taking turns to say a line."""
    test = await TestWorld.start()
    world = test.world
    options = WebOptions(command_burst=10**9, command_rate=1e9)
    endpoint = SocketEndpoint(world, _no_login, options)
    sessions = []
    for number in range(members):
        name = f"w{number:04d}"
        await test.register(name)
        account = await world.accounts.authenticate(name, PASSWORD, address="127.0.0.1")
        session = WebSession(endpoint, None, FrameWriter(_FrameProtocol()), "bench")
        session.conn = await world.connect(session, account, address="127.0.0.1")
        await world.rooms.join(session.conn, "lobby", create=True)
        sessions.append(session)
    endpoint.flusher._flush()
    speakers = sessions[:SPEAKERS]
    line = json.dumps({"type": "say", "room": "lobby", "text": TEXT, "ref": "1"})
    last = sessions[-1].writer._protocol.transport
    before = last.writes
    seconds = _measure(
        lambda n: speakers[n % len(speakers)].receive_now(line),
        endpoint.flusher._flush,
        messages,
        batch,
    )
    return _result("web", members, messages, batch, seconds, (last.writes - before) // ROUNDS)


async def _no_login(token: str) -> None:
    return None


def irc_gateway(world: World) -> IrcGateway:
    """An IRC gateway on ``world`` with no pacing and no connection limits."""
    limits = IrcLimits(
        command_burst=10**9,
        command_rate=1e9,
        max_connections_per_address=10**6,
        connect_burst=10**6,
    )
    return IrcGateway(
        world, host="127.0.0.1", port=0, server_name="bench.test", motd="", limits=limits
    )


async def irc_member(
    gateway: IrcGateway,
    name: str,
    settle: Callable[[], Awaitable[None]] | None = None,
    caps: str = IRC_CAPS,
) -> Any:
    """A registered ``name``'s IRC client on a counting transport, logged in with SASL (and
    ``caps``) and in #lobby; ``settle`` runs after the login and after the join (another node
    learning of them)."""
    client = gateway.new_client()
    client.connection_made(CountingTransport())
    plain = base64.b64encode(f"\0{name}\0{PASSWORD}".encode()).decode()
    client.data_received(
        f"CAP LS 302\r\nNICK {name}\r\nUSER {name} 0 * :{name}\r\n"
        f"CAP REQ :{f'sasl {caps}'.strip()}\r\nAUTHENTICATE PLAIN\r\n".encode()
    )
    await _settle(client)
    client.data_received(f"AUTHENTICATE {plain}\r\nCAP END\r\n".encode())
    await _settle(client, lambda c: c.conn is not None)
    if settle is not None:
        await settle()
    client.data_received(b"JOIN #lobby\r\n")
    await _settle(client)
    if settle is not None:
        await settle()
    if client.conn is None:
        raise RuntimeError(f"{name} did not log in")
    return client


async def irc(members: int, messages: int, batch: int, caps: str = IRC_CAPS) -> Result:
    """``members`` IRC clients (SASL, message-tags, server-time, echo-message) in one room."""
    test = await TestWorld.start()
    gateway = irc_gateway(test.world)
    clients = []
    for number in range(members):
        name = f"i{number:04d}"
        await test.register(name)
        clients.append(await irc_member(gateway, name, caps=caps))
    gateway.flusher._flush()
    speakers = clients[:SPEAKERS]
    line = f"PRIVMSG #lobby :{TEXT}\r\n".encode()
    last = clients[-1].transport
    before = last.writes
    seconds = _measure(
        lambda n: speakers[n % len(speakers)].data_received(line),
        gateway.flusher._flush,
        messages,
        batch,
    )
    writes = (last.writes - before) // ROUNDS
    return _result("irc", members, messages, batch, seconds, writes)


async def irc_dm(pairs: int, messages: int, batch: int, caps: str = "") -> Result:
    """``pairs`` pairs of IRC clients in one room who wrote to each other once (so each
    accepted the other's message request), taking turns to send ``PRIVMSG nick``: the second
    of each pair answers the first, and the pairs take turns. The clients ask for SASL alone
    and ``caps``: by default none, as ``bench.irc``'s do."""
    test = await TestWorld.start()
    gateway = irc_gateway(test.world)
    clients = []
    for number in range(2 * pairs):
        name = f"d{number:04d}"
        await test.register(name)
        clients.append(await irc_member(gateway, name, caps=caps))
    lines = []
    for number in range(0, 2 * pairs, 2):
        first, second = clients[number], clients[number + 1]
        for sender, recipient in ((first, second), (second, first)):
            # The first message of each is a request, or the answer that accepts one.
            sender.data_received(f"PRIVMSG {recipient.nick} :hello\r\n".encode())
            await _settle(sender)
            lines.append((sender, f"PRIVMSG {recipient.nick} :{TEXT}\r\n".encode()))
    world = test.world
    for sender, _ in lines:
        assert sender.conn is not None
        if len(world.registry.contacts.get(sender.conn.account.id, ())) != 1:
            raise RuntimeError("the pair did not accept each other's requests")
    gateway.flusher._flush()
    # As ``boudoir serve`` does once started: what setup made is out of the collector's sight.
    gc.freeze()
    last = clients[0].transport
    before = last.writes

    def send(number: int) -> None:
        sender, line = lines[number % len(lines)]
        sender.data_received(line)
        if sender.worker is not None:
            raise RuntimeError("a direct message between contacts waited for the store")

    try:
        seconds = _measure(send, gateway.flusher._flush, messages, batch)
    finally:
        gc.unfreeze()
    writes = (last.writes - before) // ROUNDS
    # One recipient per message.
    return _result("irc-dm", 2, messages, batch, seconds, writes)


async def _settle(client: Any, done: Callable[[Any], bool] = lambda c: True) -> None:
    """Let the client's worker (a login, a join) finish."""
    for _ in range(500):
        await asyncio.sleep(0.002)
        if client.worker is None and not client.queue and done(client):
            return
    raise RuntimeError("a command did not finish")


def _result(
    gateway: str, members: int, messages: int, batch: int, seconds: float, writes: int
) -> Result:
    per_message = 1e6 * seconds / messages
    return Result(
        gateway, members, messages, batch, per_message, per_message / (members - 1), writes
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hotpath", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--gateways", default="web,irc", help="comma-separated: web, irc")
    parser.add_argument("--members", type=int, help="clients in the room (web 60, IRC 10)")
    parser.add_argument("--messages", type=int, default=10000, help="lines said per round")
    parser.add_argument("--batch", type=int, help="lines between flushes (web 8, IRC 1)")
    parser.add_argument("--json", action="store_true", help="one JSON object per gateway")
    parser.add_argument(
        "--caps",
        default=None,
        help=f"IRC capabilities besides SASL (default {IRC_CAPS!r}; with --dm none)",
    )
    parser.add_argument(
        "--dm",
        action="store_true",
        help="direct messages between IRC clients instead (--members: pairs, default 1)",
    )
    arguments = parser.parse_args(argv)
    runs = {"web": (web, 60, 8), "irc": (irc, 10, 1), "irc-dm": (irc_dm, 1, 1)}
    gateways = "irc-dm" if arguments.dm else arguments.gateways
    for name in gateways.split(","):
        _, members, batch = runs[name.strip()]
        count, size = arguments.members or members, arguments.batch or batch
        if name.strip() == "irc-dm":
            coroutine = irc_dm(count, arguments.messages, size, arguments.caps or "")
        elif name.strip() == "irc":
            coroutine = irc(count, arguments.messages, size, arguments.caps or IRC_CAPS)
        else:
            coroutine = web(count, arguments.messages, size)
        result = asyncio.run(coroutine)
        if arguments.json:
            print(json.dumps(asdict(result)))
        elif result.gateway == "irc-dm":
            print(
                f"irc-dm: PRIVMSG nick, flushed every {result.batch}: "
                f"{result.us_per_message:.2f} us CPU/direct message"
            )
        else:
            print(
                f"{result.gateway}: {result.members} in the room, flushed every {result.batch}: "
                f"{result.us_per_message:.2f} us CPU/message, "
                f"{result.us_per_delivery:.3f} us CPU/delivery"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
