"""What ``gateways.web.wsprotocol`` relies on in uvicorn's wsproto protocol, which is not
uvicorn's public API: the attributes and methods ``BoudoirWSProtocol`` reads, sets and
overrides exist and behave as it uses them. pyproject pins uvicorn to the minor version this
was checked against; an upgrade that moves any of it fails here rather than in production.

A fake transport stands for the socket and wsproto's client for the browser: no listener."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest
import wsproto
from uvicorn.config import Config
from uvicorn.protocols.websockets import wsproto_impl
from uvicorn.server import ServerState
from wsproto import ConnectionType, events

from boudoir.gateways.web.wsprotocol import FRAMES_EXTENSION, BoudoirWSProtocol, FrameWriter

MAX_SIZE = 64
SUBPROTOCOL = "boudoir.v1"


class FakeTransport:
    """Records what the protocol writes and whether it reads, closes or aborts."""

    def __init__(self) -> None:
        self.written = bytearray()
        self.closing = False
        self.aborted = False
        self.reading = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        addresses = {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}
        return addresses.get(name, default)

    def write(self, data: bytes) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def abort(self) -> None:
        self.closing = self.aborted = True

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True

    def get_write_buffer_size(self) -> int:
        return len(self.written)

    def take(self) -> bytes:
        data, self.written = bytes(self.written), bytearray()
        return data


class Browser:
    """wsproto's client side, speaking to one protocol through its fake transport."""

    def __init__(self, protocol: BoudoirWSProtocol, transport: FakeTransport) -> None:
        self.protocol = protocol
        self.transport = transport
        self.client = wsproto.WSConnection(ConnectionType.CLIENT)

    def send(self, event: events.Event) -> None:
        self.protocol.data_received(self.client.send(event))

    def received(self) -> list[events.Event]:
        self.client.receive_data(self.transport.take())
        return list(self.client.events())


class Session:
    """What a detached connection hands its input to: records it."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.binary = 0
        self.lost_count = 0

    def receive_now(self, text: str) -> None:
        self.texts.append(text)

    def receive_binary(self) -> None:
        self.binary += 1

    def lost(self) -> None:
        self.lost_count += 1


class App:
    """An ASGI app that accepts and then waits, keeping the scope it was given."""

    def __init__(self) -> None:
        self.scope: dict[str, Any] = {}
        self.accepted = asyncio.Event()
        self.done = asyncio.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.scope = scope
        assert (await receive())["type"] == "websocket.connect"
        await send({"type": "websocket.accept", "subprotocol": SUBPROTOCOL})
        self.accepted.set()
        await self.done.wait()


def make_protocol(app: App) -> tuple[BoudoirWSProtocol, FakeTransport]:
    config = Config(app=app, ws="wsproto", ws_max_size=MAX_SIZE, lifespan="off", log_config=None)
    protocol = BoudoirWSProtocol(config=config, server_state=ServerState(), app_state={})
    transport = FakeTransport()
    protocol.connection_made(transport)  # type: ignore[arg-type]
    return protocol, transport


@pytest.fixture
async def connected() -> AsyncIterator[tuple[BoudoirWSProtocol, Browser, App]]:
    app = App()
    protocol, transport = make_protocol(app)
    browser = Browser(protocol, transport)
    browser.send(events.Request(host="localhost", target="/socket", subprotocols=[SUBPROTOCOL]))
    await asyncio.wait_for(app.accepted.wait(), 5)
    [accepted] = browser.received()
    assert isinstance(accepted, events.AcceptConnection)
    yield protocol, browser, app
    app.done.set()
    if not protocol.disconnected:
        protocol.connection_lost(None)
    if protocol.close_timer is not None:
        protocol.close_timer.cancel()
    await asyncio.gather(*protocol.tasks)


def test_the_methods_we_override_are_uvicorns_hooks() -> None:
    base = wsproto_impl.WSProtocol
    for name, parameters in {
        "data_received": ["self", "data"],
        "connection_made": ["self", "transport"],
        "connection_lost": ["self", "exc"],
        "handle_connect": ["self", "event"],
        "handle_message": ["self", "event"],
        "handle_pong": ["self", "event"],
        "run_asgi": ["self"],
        "send_keepalive_ping": ["self"],
    }.items():
        assert list(inspect.signature(getattr(base, name)).parameters) == parameters, name
    # handle_events is what calls our handle_connect and handle_message.
    source = inspect.getsource(base.handle_events)
    assert "self.handle_connect(event)" in source
    assert "self.handle_message(event)" in source


async def test_the_state_we_read_and_set_is_there_before_the_handshake() -> None:
    protocol, transport = make_protocol(App())
    assert isinstance(protocol.queue, asyncio.Queue)
    for flag in ("handshake_complete", "close_sent", "disconnected", "read_paused"):
        assert getattr(protocol, flag) is False, flag
    assert protocol.close_timer is None
    assert isinstance(protocol.close_timeout, float)
    assert isinstance(protocol.conn, wsproto.WSConnection)
    assert protocol.loop is asyncio.get_running_loop()
    assert protocol.config.ws_max_size == MAX_SIZE
    assert protocol.transport is transport
    protocol.connection_lost(None)


def test_the_message_buffer_raises_past_the_maximum_and_gives_the_message() -> None:
    buffer = wsproto_impl.WebsocketBuffer(MAX_SIZE)
    with pytest.raises(wsproto_impl.FrameTooLargeError):
        buffer.extend(events.TextMessage(data="x" * (MAX_SIZE + 1)))
    buffer.clear()
    buffer.extend(events.TextMessage(data="hello"))
    assert buffer.to_message() == {"type": "websocket.receive", "text": "hello"}


async def test_the_handshake_offers_the_frame_writer_and_text_reaches_the_receiver(
    connected: tuple[BoudoirWSProtocol, Browser, App],
) -> None:
    protocol, browser, app = connected
    writer = app.scope["extensions"][FRAMES_EXTENSION]
    assert isinstance(writer, FrameWriter)
    assert protocol.handshake_complete
    assert writer.open
    session = Session()
    writer.detach(session)
    browser.send(events.TextMessage(data="hi"))
    browser.send(events.TextMessage(data="there"))
    assert session.texts == ["hi", "there"]
    assert protocol.queue.empty(), "nothing queued for the app's receive"


async def test_a_message_sent_before_the_receiver_waits_in_uvicorns_queue(
    connected: tuple[BoudoirWSProtocol, Browser, App],
) -> None:
    protocol, browser, app = connected
    browser.send(events.TextMessage(data="early"))
    assert protocol.read_paused, "uvicorn stops reading until the app takes it"
    session = Session()
    app.scope["extensions"][FRAMES_EXTENSION].detach(session)
    assert session.texts == ["early"]
    assert not protocol.read_paused


async def test_a_detached_connection_stays_open_answers_pings_and_closes_cleanly(
    connected: tuple[BoudoirWSProtocol, Browser, App],
) -> None:
    protocol, browser, app = connected
    session = Session()
    app.scope["extensions"][FRAMES_EXTENSION].detach(session)
    app.done.set()
    await asyncio.gather(*protocol.tasks)
    assert not browser.transport.closing, "the app returned; the socket stays open"
    browser.send(events.Ping(b"there?"))
    assert browser.received() == [events.Pong(b"there?")]
    protocol.send_keepalive_ping()
    [ping] = browser.received()
    assert isinstance(ping, events.Ping)
    assert protocol.pong_timer is not None
    browser.send(ping.response())
    assert protocol.pong_timer is None, "the pong was taken as the answer"
    if protocol.ping_timer is not None:
        protocol.ping_timer.cancel()
    browser.send(events.BytesMessage(data=b"?"))
    assert session.binary == 1
    browser.send(events.CloseConnection(1000))
    [close] = browser.received()
    assert isinstance(close, events.CloseConnection)
    assert browser.transport.closing
    protocol.connection_lost(None)
    assert session.lost_count == 1


async def test_a_message_too_large_is_answered_then_closed_with_1009(
    connected: tuple[BoudoirWSProtocol, Browser, App],
) -> None:
    protocol, browser, _ = connected
    browser.send(events.TextMessage(data="x" * (MAX_SIZE + 1)))
    error, close = browser.received()
    assert isinstance(error, events.TextMessage)
    assert '"too_large"' in error.data
    assert isinstance(close, events.CloseConnection)
    assert close.code == 1009
    assert protocol.close_sent


async def test_close_with_sends_the_close_and_cuts_a_peer_that_never_answers(
    connected: tuple[BoudoirWSProtocol, Browser, App],
) -> None:
    protocol, browser, app = connected
    app.scope["extensions"][FRAMES_EXTENSION].close(4008, "Reading too slowly")
    [close] = browser.received()
    assert isinstance(close, events.CloseConnection)
    assert (close.code, close.reason) == (4008, "Reading too slowly")
    assert protocol.queue.get_nowait() == {
        "type": "websocket.disconnect",
        "code": 4008,
        "reason": "Reading too slowly",
    }
    assert isinstance(protocol.close_timer, asyncio.TimerHandle)
    protocol.close_timer._run()  # the close timeout passing
    assert browser.transport.aborted
