"""Reading frames as a browser sends them: the header at every length encoding, the payload
unmasked, and "not yet" for every cut short of a whole header. The frames come from wsproto's
client side, so a mistake here cannot hide behind a matching mistake in a home-made encoder."""

from __future__ import annotations

import pytest
from wsproto import ConnectionType
from wsproto.connection import Connection
from wsproto.events import Message, Ping
from wsproto.frame_protocol import Opcode

from boudoir.wire.webjson.frames import (
    OPCODE_PING,
    OPCODE_TEXT,
    read_header,
    unmask,
)


def client_bytes(event: Message[str] | Message[bytes] | Ping) -> bytes:
    client = Connection(ConnectionType.CLIENT)
    return client.send(event)


@pytest.mark.parametrize("length", [0, 1, 4, 5, 125, 126, 127, 65535, 65536])
def test_a_clients_text_frame_reads_back_whole(length: int) -> None:
    text = ("é" * length)[:length] if length % 2 == 0 else "x" * length
    data = client_bytes(Message(data=text))
    header = read_header(data)
    assert header is not None
    assert header.is_plain_text
    assert header.opcode == OPCODE_TEXT
    assert header.end == len(data)
    assert header.length == len(text.encode())
    assert header.mask is not None
    payload = unmask(header.mask, data[header.payload_start : header.end])
    assert payload.decode() == text


def test_every_cut_short_of_the_header_is_not_yet() -> None:
    data = client_bytes(Message(data="y" * 70000))  # 64-bit length and a mask: 14 bytes
    for cut in range(14):
        assert read_header(data[:cut]) is None
    header = read_header(data[:14])
    assert header is not None
    assert header.payload_start == 14
    assert header.end > 14  # the payload may still be on its way


def test_frames_back_to_back_are_read_one_after_the_other() -> None:
    first = client_bytes(Message(data='{"type":"ping"}'))
    second = client_bytes(Ping(b"are you there"))
    data = first + second
    one = read_header(data)
    assert one is not None
    two = read_header(data, one.end)
    assert two is not None
    assert two.opcode == OPCODE_PING
    assert not two.is_plain_text
    assert two.end == len(data)


def test_a_fragment_a_binary_frame_and_an_unmasked_frame_are_not_plain_text() -> None:
    fragment = client_bytes(Message(data="part", message_finished=False))
    binary = client_bytes(Message(data=b"\x00\x01"))
    unmasked = bytes((0x81, 2)) + b"hi"  # what only a server may send
    for data in (fragment, binary, unmasked):
        header = read_header(data)
        assert header is not None
        assert not header.is_plain_text
    header = read_header(unmasked)
    assert header is not None
    assert header.mask is None


def test_reserved_bits_are_reported() -> None:
    data = bytearray(client_bytes(Message(data="compressed?")))
    data[0] |= 0x40  # RSV1: permessage-deflate, which is never negotiated
    header = read_header(bytes(data))
    assert header is not None
    assert header.rsv == 4
    assert not header.is_plain_text


def test_unmask_is_its_own_inverse_and_follows_the_key() -> None:
    mask = b"\x01\x02\x03\x04"
    assert unmask(mask, b"") == b""
    assert unmask(mask, b"\x00" * 6) == b"\x01\x02\x03\x04\x01\x02"
    payload = bytes(range(256))
    assert unmask(mask, unmask(mask, payload)) == payload
    assert Opcode.TEXT.value == OPCODE_TEXT
