"""A real coturn (Debian's ``turnserver``) on 127.0.0.1, with a shared secret
(``use-auth-secret``): it grants a relay allocation to the credentials Boudoir mints, and
refuses expired ones and a wrong secret. The test speaks TURN itself (RFC 8656 Allocate with
long-term credentials, RFC 8489 message integrity). No log file is written: coturn logs to
its standard output, which the test discards. Without ``turnserver`` the test is skipped, or
fails under ``CI=true``."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from boudoir.domain.turn import mint_ice_server

pytestmark = [pytest.mark.timeout(60)]

MAGIC_COOKIE = 0x2112A442
ALLOCATE_REQUEST, ALLOCATE_SUCCESS, ALLOCATE_ERROR = 0x0003, 0x0103, 0x0113
USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, REALM, NONCE = 0x0006, 0x0008, 0x0009, 0x0014, 0x0015
REQUESTED_TRANSPORT, XOR_RELAYED_ADDRESS = 0x0019, 0x0016
UDP = 17
SECRET = "coturn-shared-secret-" + "x" * 8
REALM_NAME = "boudoir.test"
START_SECONDS = 30.0
PROBE_PAUSE_SECONDS = 0.01


def _turnserver() -> str:
    program = shutil.which("turnserver")
    if program is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "turnserver is not installed; CI=true requires it (scripts/test installs coturn)"
            )
        pytest.skip("turnserver is not installed (apt-get install coturn)")
    return program


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _attribute(kind: int, value: bytes) -> bytes:
    padding = b"\0" * (-len(value) % 4)
    return struct.pack("!HH", kind, len(value)) + value + padding


def _message(kind: int, transaction: bytes, attributes: bytes, key: bytes | None = None) -> bytes:
    if key is None:
        return struct.pack("!HHI", kind, len(attributes), MAGIC_COOKIE) + transaction + attributes
    # The length counts MESSAGE-INTEGRITY itself (RFC 8489, section 14.5).
    header = struct.pack("!HHI", kind, len(attributes) + 24, MAGIC_COOKIE) + transaction
    digest = hmac.new(key, header + attributes, hashlib.sha1).digest()
    return header + attributes + _attribute(MESSAGE_INTEGRITY, digest)


def _parse(data: bytes) -> tuple[int, dict[int, bytes]]:
    kind, length, _cookie = struct.unpack("!HHI", data[:8])
    attributes: dict[int, bytes] = {}
    offset = 20
    while offset < 20 + length:
        attribute, size = struct.unpack("!HH", data[offset : offset + 4])
        attributes.setdefault(attribute, data[offset + 4 : offset + 4 + size])
        offset += 4 + size + (-size % 4)
    return kind, attributes


def _ask(sock: socket.socket, request: bytes) -> tuple[int, dict[int, bytes]]:
    sock.send(request)
    return _parse(sock.recv(2048))


def allocate(port: int, username: str, password: str) -> tuple[int, dict[int, bytes]]:
    """An Allocate with long-term credentials: the first try draws the realm and nonce (401),
    the second carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY. The final answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.connect(("127.0.0.1", port))
        transport = _attribute(REQUESTED_TRANSPORT, bytes([UDP, 0, 0, 0]))
        kind, first = _ask(sock, _message(ALLOCATE_REQUEST, secrets.token_bytes(12), transport))
        assert kind == ALLOCATE_ERROR, hex(kind)
        assert _error_code(first) == 401
        realm, nonce = first[REALM], first[NONCE]
        key = hashlib.md5(f"{username}:{realm.decode()}:{password}".encode()).digest()
        attributes = (
            transport
            + _attribute(USERNAME, username.encode())
            + _attribute(REALM, realm)
            + _attribute(NONCE, nonce)
        )
        return _ask(sock, _message(ALLOCATE_REQUEST, secrets.token_bytes(12), attributes, key))


def _error_code(attributes: dict[int, bytes]) -> int:
    value = attributes[ERROR_CODE]
    return value[2] * 100 + value[3]


def _answers_allocate(port: int) -> bool:
    """Whether coturn answers an Allocate (with its 401 challenge). A STUN Binding is not
    enough: coturn answers Bindings a few milliseconds before its relay threads take
    Allocates, which are refused (ICMP port unreachable) until then."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        sock.connect(("127.0.0.1", port))
        transport = _attribute(REQUESTED_TRANSPORT, bytes([UDP, 0, 0, 0]))
        try:
            kind, _ = _ask(sock, _message(ALLOCATE_REQUEST, secrets.token_bytes(12), transport))
        except OSError:
            return False
        return kind == ALLOCATE_ERROR


@pytest.fixture
def coturn(tmp_path: Path) -> Iterator[int]:
    """``turnserver`` on a random port of 127.0.0.1, with the shared secret; its port."""
    program = _turnserver()
    port = _free_udp_port()
    arguments = [
        program, "-n",  # no configuration file: everything is on this line
        "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
        "--listening-port", str(port), "--min-port", "40000", "--max-port", "49999",
        "--use-auth-secret", "--static-auth-secret", SECRET, "--realm", REALM_NAME,
        "--allow-loopback-peers", "--no-tcp", "--no-tls", "--no-dtls", "--no-cli",
        "--log-file", "stdout", "--pidfile", str(tmp_path / "turnserver.pid"),
    ]  # fmt: skip
    process = subprocess.Popen(
        arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path
    )
    try:
        # A bound on a busy machine (the whole suite beside it), not a measure.
        deadline = time.monotonic() + START_SECONDS
        while not _answers_allocate(port):
            assert process.poll() is None, "turnserver exited"
            assert time.monotonic() < deadline, "turnserver did not answer"
            # A refused probe returns at once: let coturn have the CPU it needs to start.
            time.sleep(PROBE_PAUSE_SECONDS)
        yield port
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        if process.poll() is None:
            process.kill()
            process.wait()


def test_coturn_grants_a_relay_to_the_credentials_boudoir_mints(coturn: int) -> None:
    server = mint_ice_server(
        (f"turn:127.0.0.1:{coturn}?transport=udp",), SECRET, now=time.time(), ttl_seconds=600,
        opaque="k2x9Qd",
    )  # fmt: skip
    kind, attributes = allocate(coturn, server.username, server.credential)
    assert kind == ALLOCATE_SUCCESS, attributes
    assert XOR_RELAYED_ADDRESS in attributes


def test_coturn_refuses_expired_credentials_and_a_wrong_secret(coturn: int) -> None:
    expired = mint_ice_server(
        ("turn:127.0.0.1",), SECRET, now=time.time() - 7200, ttl_seconds=600, opaque="old"
    )
    kind, attributes = allocate(coturn, expired.username, expired.credential)
    assert kind == ALLOCATE_ERROR
    assert _error_code(attributes) == 401

    forged = mint_ice_server(
        ("turn:127.0.0.1",), "not-the-relays-secret", now=time.time(), ttl_seconds=600,
        opaque="forged",
    )  # fmt: skip
    kind, attributes = allocate(coturn, forged.username, forged.credential)
    assert kind == ALLOCATE_ERROR
    assert _error_code(attributes) == 401
