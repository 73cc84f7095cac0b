"""A real TURN relay for the calls and cams tests: coturn's ``turnserver`` on 127.0.0.1 with a
shared secret (``use-auth-secret``, as the server mints credentials for), loopback peers
allowed, and everything it writes kept in the test's own directory.

Ready when it answers a STUN Binding request on its port (RFC 8489 section 5): no sleeping.
Without ``turnserver`` the tests fail under CI=true and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

STARTUP_TIMEOUT = 20.0
PROBE_WAIT = 0.2
"""Seconds one STUN probe waits for its answer before the next is sent."""
MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101


@dataclass(frozen=True, slots=True)
class Relay:
    port: int
    secret: str

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def environment(self) -> dict[str, str]:
        """The server settings that point Boudoir at this relay."""
        return {"BOUDOIR_TURN_URLS": self.url, "BOUDOIR_TURN_SECRET": self.secret}


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers_stun(port: int) -> bool:
    transaction = secrets.token_bytes(12)
    request = struct.pack("!HHI", BINDING_REQUEST, 0, MAGIC_COOKIE) + transaction
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.settimeout(PROBE_WAIT)
        probe.sendto(request, ("127.0.0.1", port))
        try:
            answer = probe.recv(2048)
        except (TimeoutError, ConnectionRefusedError):
            return False
    return len(answer) >= 20 and struct.unpack("!H", answer[:2])[0] == BINDING_SUCCESS


@contextmanager
def running_relay(scratch: Path) -> Iterator[Relay]:
    """Start turnserver for the duration of the block; it is killed afterwards."""
    binary = shutil.which("turnserver")
    if binary is None:
        reason = "turnserver is missing: install Debian's coturn package (scripts/test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    scratch.mkdir(parents=True, exist_ok=True)
    relay = Relay(_free_udp_port(), secrets.token_hex(16))
    command = [
        binary,
        "-n",  # no configuration file: everything is on this line
        "--listening-ip=127.0.0.1",
        "--relay-ip=127.0.0.1",
        f"--listening-port={relay.port}",
        "--use-auth-secret",
        f"--static-auth-secret={relay.secret}",
        "--realm=boudoir.test",
        # Both browsers' relayed addresses are on 127.0.0.1: coturn refuses loopback peers
        # unless told (a production relay must not allow them).
        "--allow-loopback-peers",
        "--no-cli",
        # UDP only, as the server's URL says: a TCP listener on the same port number could
        # collide with some other program's connection and keep coturn from starting.
        "--no-tcp",
        "--no-tls",
        "--no-dtls",
        f"--userdb={scratch / 'turndb'}",
        f"--pidfile={scratch / 'turnserver.pid'}",
        f"--log-file={scratch / 'turnserver.log'}",
        "--simple-log",
    ]
    with (scratch / "turnserver.out").open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _answers_stun(relay.port):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (scratch / "turnserver.out").read_text(errors="replace")
                raise AssertionError(f"turnserver did not start:\n{log}")
        yield relay
    finally:
        process.kill()
        process.wait(10)
