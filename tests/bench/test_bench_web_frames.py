"""The benchmark's WebSocket client against wsproto, an independent RFC 6455 implementation:
what our client sends, wsproto's server reads; what wsproto's server sends, our client reads
(whole, byte by byte, and cut at every boundary on the counting path)."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest
from bench.web import frames
from bench.web.clients import Mode, Tally, WebClient
from bench.web.profile import top_functions
from wsproto import ConnectionType, WSConnection
from wsproto.connection import Connection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    Pong,
    RejectConnection,
    Request,
    TextMessage,
)

SIZES = (0, 1, 125, 126, 65535, 65536, 70000)
"""Around each length encoding of RFC 6455 5.2: 7 bits, 16 bits, 64 bits."""

MESSAGE = '{"type":"message","id":"01J","room":"room1","from":"u0001","text":"1 0 1 xx"}'
WELCOME = '{"type":"welcome","protocol":"boudoir.v1"}'


def server_bytes(*events: TextMessage | Ping | CloseConnection) -> bytes:
    server = Connection(ConnectionType.SERVER)
    return b"".join(server.send(event) for event in events)


@pytest.mark.parametrize("size", SIZES)
def test_wsproto_reads_our_masked_frames(size: int) -> None:
    text = ("é" * size)[:size] if size % 2 else "x" * size
    server = Connection(ConnectionType.SERVER)
    server.receive_data(frames.encode_frame(frames.OPCODE_TEXT, text.encode()))
    (event,) = list(server.events())
    assert isinstance(event, TextMessage)
    assert event.data == text
    assert event.message_finished


def test_wsproto_reads_our_pong_and_close() -> None:
    server = Connection(ConnectionType.SERVER)
    server.receive_data(frames.encode_frame(frames.OPCODE_PONG, b"token"))
    server.receive_data(frames.encode_close(1000, "done"))
    pong, close = list(server.events())
    assert isinstance(pong, Pong)
    assert pong.payload == b"token"
    assert isinstance(close, CloseConnection)
    assert (close.code, close.reason) == (1000, "done")


def test_masking_is_its_own_inverse_and_changes_the_bytes() -> None:
    payload = b'{"type":"say","room":"room1","text":"hello"}'
    masked = frames.mask(payload, b"\x01\x02\x03\x04")
    assert masked != payload
    assert frames.mask(masked, b"\x01\x02\x03\x04") == payload


@pytest.mark.parametrize("size", SIZES)
def test_we_read_wsproto_frames_whole_and_byte_by_byte(size: int) -> None:
    text = "y" * size
    stream = server_bytes(TextMessage(text), Ping(b"p"), TextMessage("after"))
    whole = frames.FrameDecoder().receive_data(stream)
    decoder = frames.FrameDecoder()
    byte_by_byte = [
        frame for i in range(len(stream)) for frame in decoder.receive_data(stream[i : i + 1])
    ]
    expected = [
        frames.Frame(frames.OPCODE_TEXT, text.encode()),
        frames.Frame(frames.OPCODE_PING, b"p"),
        frames.Frame(frames.OPCODE_TEXT, b"after"),
    ]
    assert whole == expected
    assert byte_by_byte == expected
    assert decoder.idle


def test_fragments_are_joined_and_a_ping_between_them_comes_out_first() -> None:
    stream = server_bytes(
        TextMessage("first half, ", message_finished=False),
        Ping(b"between"),
        TextMessage("second half", message_finished=True),
    )
    received = frames.FrameDecoder().receive_data(stream)
    assert received == [
        frames.Frame(frames.OPCODE_PING, b"between"),
        frames.Frame(frames.OPCODE_TEXT, b"first half, second half"),
    ]


def test_a_masked_frame_from_the_server_is_refused() -> None:
    with pytest.raises(frames.ProtocolError, match="masked"):
        frames.FrameDecoder().receive_data(frames.encode_frame(frames.OPCODE_TEXT, b"hi"))


def test_a_frame_over_the_limit_is_refused_before_it_is_buffered() -> None:
    head = bytes((frames.PLAIN_TEXT_FRAME, frames.LENGTH_64)) + (1 << 40).to_bytes(8, "big")
    with pytest.raises(frames.ProtocolError, match="limit"):
        frames.FrameDecoder().receive_data(head)


def test_complete_prefix_stops_at_the_last_whole_frame_at_every_cut() -> None:
    stream = server_bytes(*(TextMessage(MESSAGE + " " * n) for n in range(0, 200, 7)))
    marker = b'"type":"message"'
    total = stream.count(marker)
    for cut in range(len(stream) + 1):
        end = frames.complete_prefix(stream[:cut])
        assert end is not None
        rest = frames.complete_prefix(stream[end:])
        assert rest is not None
        # Counted in the whole frames of the first part, then in the rest: never twice.
        assert stream.count(marker, 0, end) + stream[end:].count(marker) == total
        decoder = frames.FrameDecoder()
        decoder.receive_data(stream[:end])
        assert decoder.idle


def test_complete_prefix_hands_anything_but_text_to_the_decoder() -> None:
    assert frames.complete_prefix(server_bytes(Ping(b"x"))) is None
    assert frames.complete_prefix(server_bytes(TextMessage("x" * 70000))) is None
    assert frames.complete_prefix(server_bytes(TextMessage("a", message_finished=False))) is None


def test_the_handshake_is_one_wsproto_accepts_with_cookie_origin_and_subprotocol() -> None:
    server = WSConnection(ConnectionType.SERVER)
    key = frames.new_key()
    server.receive_data(
        frames.handshake_request(
            "127.0.0.1",
            8080,
            "/api/v1/socket",
            key,
            cookie="boudoir_session=abc",
            origin="http://127.0.0.1:8080",
            subprotocol="boudoir.v1",
        )
    )
    (request,) = list(server.events())
    assert isinstance(request, Request)
    assert request.target == "/api/v1/socket"
    assert request.subprotocols == ["boudoir.v1"]
    headers = dict(request.extra_headers)
    assert headers[b"cookie"] == b"boudoir_session=abc"
    assert headers[b"origin"] == b"http://127.0.0.1:8080"
    accepted = server.send(AcceptConnection(subprotocol="boudoir.v1"))
    head, rest = frames.split_http_head(accepted) or (b"", b"")
    frames.check_handshake_response(head, key, "boudoir.v1")
    assert rest == b""


def test_a_refused_handshake_says_the_status() -> None:
    server = WSConnection(ConnectionType.SERVER)
    key = frames.new_key()
    server.receive_data(
        frames.handshake_request(
            "h", 1, "/", key, cookie="c=1", origin="http://evil", subprotocol="boudoir.v1"
        )
    )
    list(server.events())
    refused = server.send(RejectConnection(status_code=403))
    head, _ = frames.split_http_head(refused) or (b"", b"")
    with pytest.raises(frames.HandshakeFailed, match="HTTP 403"):
        frames.check_handshake_response(head, key, "boudoir.v1")


def test_an_accept_for_another_key_is_refused() -> None:
    head = (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + frames.accept_for(b"other") + b"\r\n"
        b"Sec-WebSocket-Protocol: boudoir.v1"
    )
    with pytest.raises(frames.HandshakeFailed, match="Accept"):
        frames.check_handshake_response(head, frames.new_key(), "boudoir.v1")


class RecordingTransport:
    def __init__(self) -> None:
        self.written = bytearray()
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.written += data

    def abort(self) -> None:
        self.aborted = True


def counting_client() -> tuple[WebClient, RecordingTransport]:
    client = WebClient("u0001", Tally())
    transport = RecordingTransport()
    client.connection_made(cast(asyncio.Transport, transport))
    client.mode = Mode.SETUP
    client.data_received(server_bytes(TextMessage(WELCOME)))
    client.message_marker, client.error_marker = b'"type":"message"', b'"type":"error"'
    client.start_counting()
    return client, transport


@pytest.mark.parametrize("chunk", [1, 7, 100, 4096])
def test_a_counting_listener_counts_every_message_and_answers_pings(chunk: int) -> None:
    client, transport = counting_client()
    stream = server_bytes(
        *(TextMessage(MESSAGE) for _ in range(40)),
        Ping(b"are you there"),
        *(TextMessage(MESSAGE) for _ in range(40)),
        TextMessage('{"type":"error","code":"throttled","message":"Slow down."}'),
        TextMessage('{"type":"presence","name":"u0002","online":true}'),
        TextMessage(MESSAGE, message_finished=False),
        TextMessage(" and the rest"),
        TextMessage(MESSAGE),
    )
    for start in range(0, len(stream), chunk):
        client.data_received(stream[start : start + chunk])
    assert client.tally.deliveries == 82
    assert client.tally.errors == 1
    assert "throttled" in client.tally.first_error
    server = Connection(ConnectionType.SERVER)
    server.receive_data(bytes(transport.written))
    (pong,) = list(server.events())
    assert isinstance(pong, Pong)
    assert pong.payload == b"are you there"


def test_a_close_from_the_server_is_answered_and_its_reason_kept() -> None:
    client, transport = counting_client()
    client.data_received(server_bytes(CloseConnection(code=4008, reason="too slow")))
    assert "4008 too slow" in client.close_reason
    server = Connection(ConnectionType.SERVER)
    server.receive_data(bytes(transport.written))
    (close,) = list(server.events())
    assert isinstance(close, CloseConnection)
    assert close.code == 1000


def test_a_binary_message_breaks_the_protocol_and_aborts() -> None:
    client, transport = counting_client()
    client.data_received(Connection(ConnectionType.SERVER).send(BytesMessage(b"\x00")))
    assert transport.aborted
    assert "binary" in client.close_reason


def test_top_functions_rank_own_time_and_add_up_a_functions_lines() -> None:
    collapsed = "\n".join(
        [
            "main (app.py:1);say (core.py:10);deliver (web.py:5) 30",
            "main (app.py:1);say (core.py:10);deliver (web.py:7) 20",
            "main (app.py:1);say (core.py:12) 50",
            "main (app.py:1) 0",
        ]
    )
    ranked, total = top_functions(collapsed, count=2)
    assert total == 100
    assert [(row.function, row.samples) for row in ranked] == [
        ("deliver (web.py)", 50),
        ("say (core.py)", 50),
    ]
