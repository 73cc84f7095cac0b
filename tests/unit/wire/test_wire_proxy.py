"""The PROXY header reader, byte by byte: what a balancer's header says of the client, and
every way a header can be wrong."""

from __future__ import annotations

import itertools
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.wire.proxy import V1_MAX_LENGTH, V2_MAX_LENGTH, ProxyHeader, ProxyHeaderReader

SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


def v2(command: int, family: int, body: bytes) -> bytes:
    """A version 2 header: ``command`` (0 LOCAL, 1 PROXY), family and transport byte, body."""
    return SIGNATURE + bytes([0x20 | command, family]) + struct.pack("!H", len(body)) + body


def v2_tcp4(source: bytes, source_port: int, tlvs: bytes = b"") -> bytes:
    return v2(
        0x1, 0x11, source + bytes([10, 0, 0, 11]) + struct.pack("!HH", source_port, 6667) + tlvs
    )


def read(*chunks: bytes) -> ProxyHeaderReader:
    reader = ProxyHeaderReader()
    for chunk in chunks:
        reader.receive_data(chunk)
    return reader


def read_byte_by_byte(data: bytes) -> ProxyHeaderReader:
    return read(*(data[i : i + 1] for i in range(len(data))))


V1_TCP4 = b"PROXY TCP4 203.0.113.5 10.0.0.11 51234 6667\r\n"
V1_TCP6 = b"PROXY TCP6 2001:db8::5 2001:db8::11 51234 6697\r\n"
V2_TCP4 = v2_tcp4(bytes([203, 0, 113, 5]), 51234)
V2_TCP6 = v2(
    0x1,
    0x21,
    bytes.fromhex("20010db8000000000000000000000005")
    + bytes.fromhex("20010db8000000000000000000000011")
    + struct.pack("!HH", 51234, 6697),
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (V1_TCP4, ProxyHeader(1, ("203.0.113.5", 51234), len(V1_TCP4))),
        (V1_TCP6, ProxyHeader(1, ("2001:db8::5", 51234), len(V1_TCP6))),
        (V2_TCP4, ProxyHeader(2, ("203.0.113.5", 51234), 28)),
        (V2_TCP6, ProxyHeader(2, ("2001:db8::5", 51234), 52)),
    ],
    ids=["v1-tcp4", "v1-tcp6", "v2-tcp4", "v2-tcp6"],
)
def test_a_header_names_the_client_whole_or_byte_by_byte(
    data: bytes, expected: ProxyHeader
) -> None:
    for reader in (read(data), read_byte_by_byte(data)):
        assert reader.header == expected
        assert reader.error is None
        assert reader.trailing_data() == b""


@pytest.mark.parametrize("header", [V1_TCP4, V2_TCP4], ids=["v1", "v2"])
def test_the_clients_own_bytes_after_the_header_are_kept(header: bytes) -> None:
    reader = read(header + b"NICK ivy\r\n", b"USER ivy 0 * :Ivy\r\n")
    assert reader.header is not None
    assert reader.header.client == ("203.0.113.5", 51234)
    assert reader.trailing_data() == b"NICK ivy\r\nUSER ivy 0 * :Ivy\r\n"


@pytest.mark.parametrize(
    "data",
    [
        b"PROXY UNKNOWN\r\n",
        b"PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n",  # the rest of an UNKNOWN line is ignored
        v2(0x0, 0x00, b""),  # LOCAL: HAProxy's health checks
        v2(0x0, 0x11, V2_TCP4[16:]),  # LOCAL with addresses: they are ignored
        v2(0x1, 0x00, b""),  # PROXY with an unspecified family
        v2(0x1, 0x31, b"/run/client.sock".ljust(108, b"\0") + b"/run/boudoir".ljust(108, b"\0")),
    ],
    ids=["v1-unknown", "v1-unknown-with-words", "v2-local", "v2-local-tcp4", "v2-unspec", "unix"],
)
def test_a_header_naming_no_ip_client_leaves_the_sockets_address(data: bytes) -> None:
    reader = read_byte_by_byte(data)
    assert reader.error is None
    assert reader.header is not None
    assert reader.header.client is None
    assert reader.header.length == len(data)


def test_tlvs_after_the_addresses_are_skipped() -> None:
    authority = bytes([0x02]) + struct.pack("!H", 16) + b"chat.example.org"
    data = v2_tcp4(bytes([198, 51, 100, 7]), 40000, tlvs=authority)
    reader = read(data + b"hello")
    assert reader.header == ProxyHeader(2, ("198.51.100.7", 40000), len(data))
    assert reader.trailing_data() == b"hello"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"NICK ivy\r\n", "did not begin with a PROXY header"),
        (b"PROXZ TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "did not begin with a PROXY header"),
        (b"\r\n\r\n\x00\r\nQUIZ\n\x21\x11\x00\x0c", "did not begin with a PROXY header"),
        (b"\x16\x03\x01\x02\x00\x01", "did not begin with a PROXY header"),  # a TLS hello
        (b"PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "four fields"),
        (b"PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", "four fields"),
        (b"PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "four fields"),
        (b"PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "malformed"),
        (b"PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", "malformed"),
        (b"PROXY TCP4 2001:db8::5 5.6.7.8 1 2\r\n", "malformed"),  # family and address differ
        (b"PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n", "malformed"),
        (b"PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", "malformed"),
        (b"PROXY TCP4 1.2.3.4 5.6.7.8 0080 2\r\n", "malformed"),
        (b"PROXY TCP4 1.2.3.4 5.6.7.8 +80 2\r\n", "malformed"),
        (b"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "not ended by CR LF"),
        (b"PROXY UNKNOWN " + b"x" * V1_MAX_LENGTH + b"\r\n", "longer than 107"),
        (SIGNATURE + b"\x11\x11\x00\x0c" + bytes(12), "unknown version 1"),
        (SIGNATURE + b"\x22\x11\x00\x0c" + bytes(12), "unknown command 2"),
        (v2(0x1, 0x41, bytes(12)), "unknown address family 4"),
        (v2(0x0, 0x41, b""), "unknown address family 4"),
        (v2(0x1, 0x12, bytes(12)), "other than a TCP stream"),  # UDP
        (v2(0x1, 0x11, bytes(11)), "too short for its addresses"),
        (v2(0x1, 0x21, bytes(35)), "too short for its addresses"),
        (v2(0x1, 0x11, bytes(V2_MAX_LENGTH)), "longer than 4096"),
    ],
)
def test_a_malformed_header_is_an_error_whole_or_byte_by_byte(data: bytes, reason: str) -> None:
    for reader in (read(data), read_byte_by_byte(data)):
        assert reader.header is None
        assert reader.error is not None
        assert reason in reader.error
        assert reader.trailing_data() == b""


@pytest.mark.parametrize("data", [V1_TCP4, V1_TCP6, V2_TCP4, V2_TCP6])
def test_a_truncated_header_waits_and_an_end_of_file_makes_it_an_error(data: bytes) -> None:
    for cut in range(len(data)):
        reader = read(data[:cut])
        assert not reader.done, cut
        assert reader.bytes_wanted() >= 1
        reader.receive_eof()
        assert reader.header is None
        assert reader.error is not None
        assert "closed before" in reader.error


@pytest.mark.parametrize(
    "data", [V1_TCP4, V1_TCP6, b"PROXY UNKNOWN\r\n", V2_TCP4, V2_TCP6, v2(0x0, 0x00, b"")]
)
def test_reading_what_it_wants_never_reads_past_the_header(data: bytes) -> None:
    """A TLS listener reads the header off the socket itself, ``bytes_wanted`` at a time, and
    leaves the TLS handshake that follows for the TLS layer."""
    stream = data + b"\x16\x03\x01 the client hello"
    reader = ProxyHeaderReader()
    taken = 0
    while not reader.done:
        wanted = reader.bytes_wanted()
        reader.receive_data(stream[taken : taken + wanted])
        taken += wanted
    assert reader.header is not None
    assert taken == len(data)
    assert reader.trailing_data() == b""


def test_an_address_that_only_looks_like_a_header_is_not_read_as_one() -> None:
    """The header must come first: a PROXY line later in the stream is the client's data."""
    reader = read(b"NICK ivy\r\n" + V1_TCP4)
    assert reader.header is None
    assert reader.error is not None


@given(st.lists(st.binary(max_size=64), max_size=20))
def test_any_bytes_in_any_chunks_never_raise_and_never_hang(chunks: list[bytes]) -> None:
    reader = read(*chunks)
    if not reader.done:
        assert reader.bytes_wanted() >= 1
        reader.receive_eof()
    assert reader.done
    assert (reader.header is None) != (reader.error is None)


@given(st.sampled_from([V1_TCP4, V1_TCP6, V2_TCP4, V2_TCP6]), st.binary(max_size=64), st.data())
def test_a_header_split_anywhere_reads_the_same(
    header: bytes, rest: bytes, data: st.DataObject
) -> None:
    stream = header + rest
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    edges = [0, *cuts, len(stream)]
    reader = read(*(stream[a:b] for a, b in itertools.pairwise(edges)))
    assert reader.header is not None
    assert reader.header.client is not None
    assert reader.trailing_data() == rest
