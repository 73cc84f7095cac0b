"""``boudoir serve`` as a real process: readiness, durability, the CLI beside it, shutdown."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from boudoir.app import open_core
from boudoir.settings import Settings

from .server import SHUTDOWN_TIMEOUT, Servers, boudoir_command, boudoir_environment

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"  # a test fixture
CLI_TIMEOUT = 60.0


def register(base: str, name: str, password: str = PASSWORD) -> httpx.Response:
    body = {"name": name, "password": password, "born": "1990-05-17", "attest": True}
    return httpx.post(f"{base}/api/v1/accounts", json=body, timeout=10)


def login(base: str, name: str, password: str = PASSWORD) -> httpx.Response:
    body = {"name": name, "password": password}
    return httpx.post(f"{base}/api/v1/session", json=body, timeout=10)


def cli(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``boudoir ARGS --data-dir D`` in its own process, as an operator would."""
    return subprocess.run(
        boudoir_command(*arguments, "--data-dir", str(data_dir)),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        env=boudoir_environment(),
        check=False,
    )


def schema_is_current(data_dir: Path) -> bool:
    async def check() -> bool:
        async with open_core(Settings(data_dir=data_dir), migrate=False):
            return True

    return asyncio.run(check())


def test_serve_alone_creates_and_migrates_a_fresh_data_dir(
    servers: Servers, tmp_path: Path
) -> None:
    data_dir = tmp_path / "new" / "data"
    server = servers.start(data_dir)
    assert server.web.startswith("http://127.0.0.1:")
    assert httpx.get(f"{server.web}/healthz", timeout=10).json() == {"status": "ok"}
    assert (data_dir / "boudoir.sqlite3").is_file()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert schema_is_current(data_dir)
    assert server.stop() == 0


def test_account_acknowledged_then_kill_9_survives(servers: Servers, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = servers.start(data_dir)
    response = register(server.web, "alice")
    assert response.status_code == 201, response.text
    server.process.kill()  # SIGKILL, at once: no shutdown, no flush, no goodbye
    assert server.process.wait(SHUTDOWN_TIMEOUT) == -signal.SIGKILL
    server.close()

    again = servers.start(data_dir)
    assert login(again.web, "alice").status_code == 200
    assert register(again.web, "alice").status_code == 409
    assert again.stop() == 0


def test_cli_changes_reach_the_running_server_at_once(servers: Servers, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    server = servers.start(data_dir)

    created = cli(
        data_dir, "account", "create", "bob", "--born", "1991-02-03",
        "--password-file", str(password_file),
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert login(server.web, "bob").status_code == 200, "logs in with no wait"

    password_file.write_text("a brand new secret\n", encoding="utf-8")
    changed = cli(data_dir, "account", "set-password", "bob", "--password-file", str(password_file))
    assert changed.returncode == 0, changed.stderr
    assert login(server.web, "bob", "a brand new secret").status_code == 200

    erased = cli(data_dir, "account", "erase", "bob", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert login(server.web, "bob", "a brand new secret").status_code == 401

    listed = cli(data_dir, "account", "list")
    assert listed.returncode == 0, listed.stderr
    assert "No accounts yet." in listed.stdout
    assert server.stop() == 0


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_signal_shuts_down_cleanly(
    servers: Servers, tmp_path: Path, signal_number: signal.Signals
) -> None:
    server = servers.start(tmp_path / "data")
    assert register(server.web, "alice").status_code == 201
    started = time.monotonic()
    assert server.stop(signal_number, timeout=SHUTDOWN_TIMEOUT) == 0
    assert time.monotonic() - started < SHUTDOWN_TIMEOUT
    log = server.log()
    assert f"{signal_number.name} received: shutting down" in log
    assert "stopped" in log
    assert "Traceback" not in log
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.web}/healthz", timeout=5)


def start_slow_registration(base: str, name: str) -> tuple[socket.socket, bytes]:
    """Open a registration whose body is not all sent yet, and return once the server's app is
    waiting for the rest (it answered ``100 Continue``): a request in flight."""
    body = json.dumps({"name": name, "password": PASSWORD, "born": "1990-05-17"}).encode()
    address = urlsplit(base)
    assert address.hostname is not None
    assert address.port is not None
    connection = socket.create_connection((address.hostname, address.port), timeout=10)
    head = (
        f"POST /api/v1/accounts HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Expect: 100-continue\r\n\r\n"
    )
    connection.sendall(head.encode())
    assert connection.recv(1024).startswith(b"HTTP/1.1 100 ")
    return connection, body


def test_requests_in_flight_finish_during_a_graceful_shutdown(
    servers: Servers, tmp_path: Path
) -> None:
    server = servers.start(tmp_path / "data")
    connection, body = start_slow_registration(server.web, "alice")
    with connection:
        server.process.send_signal(signal.SIGTERM)
        connection.sendall(body)
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 201 "), answer
    assert server.process.wait(SHUTDOWN_TIMEOUT) == 0


def test_a_second_signal_stops_at_once(servers: Servers, tmp_path: Path) -> None:
    environment = boudoir_environment(BOUDOIR_SHUTDOWN_TIMEOUT_SECONDS="60")
    server = servers.start(tmp_path / "data", environment=environment)
    connection, _ = start_slow_registration(server.web, "alice")
    with connection:
        # Two different signals: the kernel merges a second pending SIGTERM into the first.
        server.process.send_signal(signal.SIGTERM)  # would wait up to 60 s for the request
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(SHUTDOWN_TIMEOUT) == 1
    assert "stopping at once" in server.log()
    assert "Error: Stopped at once on a second signal." in server.log()
    server.close()


def test_readiness_line_lists_only_listeners_that_are_on(servers: Servers, tmp_path: Path) -> None:
    server = servers.start(tmp_path / "data", "--web-port", "0")
    assert server.listeners == {}
    assert server.stop() == 0


def test_requests_carry_connection_ids_in_the_log(servers: Servers, tmp_path: Path) -> None:
    server = servers.start(tmp_path / "data")
    httpx.get(f"{server.web}/healthz", timeout=10)
    assert server.stop() == 0
    assert any(
        "[web-" in line and "GET /healthz -> 200" in line for line in server.log().splitlines()
    )


def test_port_in_use_is_one_clear_line(servers: Servers, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = servers.spawn(tmp_path / "data", "--web-port", str(port))
        assert server.process.wait(CLI_TIMEOUT) == 1
    errors = [line for line in server.log().splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: Cannot listen for web on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in server.log()


def test_a_request_path_cannot_forge_a_log_line(servers: Servers, tmp_path: Path) -> None:
    server = servers.start(tmp_path / "data")
    forged = "/x%0a2026-01-01T00:00:00.000Z%20INFO%20boudoir.app%20FORGED%1b[31m"
    assert httpx.get(f"{server.web}{forged}", timeout=10).status_code == 404
    assert server.stop() == 0
    log = server.log()
    assert "\x1b" not in log
    assert not [line for line in log.splitlines() if line.startswith("2026-01-01")]
    assert "GET /x\\n2026-01-01T00:00:00.000Z INFO boudoir.app FORGED\\x1b[31m -> 404" in log
