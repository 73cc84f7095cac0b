"""Start ``boudoir serve`` as a real process and wait for its readiness line.

The wait reads the process's standard output until the line or a deadline: no sleeping for
timing. Every process started here is stopped (SIGKILL if it is still running) by the
``servers`` fixture, and no other process is ever touched.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from boudoir.app import parse_readiness_line

STARTUP_TIMEOUT = 30.0
"""Generous: a loaded CI machine may take several times the usual second to start."""
SHUTDOWN_TIMEOUT = 10.0

LISTENERS_OFF = (
    *("--irc-port", "0", "--irc-tls-port", "0"),
    *("--telnet-port", "0", "--telnet-tls-port", "0"),
)
"""Only the web listener, on a free port: later gateways must not grab fixed ports in tests."""


def boudoir_environment(**variables: str) -> dict[str, str]:
    """This process's environment without any BOUDOIR_* variable, plus ``variables``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BOUDOIR_")}
    environment.update(variables)
    return environment


def boudoir_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "boudoir", *arguments]


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    listeners: dict[str, str] = field(default_factory=dict)

    @property
    def web(self) -> str:
        return self.listeners["web"]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Read standard output until the readiness line; fail on exit or at the deadline."""
        stdout = self.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + timeout
        buffer = b""
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no readiness line in {timeout} s:\n{self.log()}")
                if not selector.select(remaining):
                    continue
                chunk = os.read(stdout.fileno(), 4096)
                if not chunk:
                    code = self.process.wait(SHUTDOWN_TIMEOUT)
                    raise AssertionError(f"exited {code} before ready:\n{self.log()}")
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    listeners = parse_readiness_line(line.decode())
                    if listeners is not None:
                        self.listeners = listeners
                        return

    def stop(self, signal_number: int = signal.SIGTERM, timeout: float = SHUTDOWN_TIMEOUT) -> int:
        """Send ``signal_number`` and return the exit status, within ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
        try:
            return self.process.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(SHUTDOWN_TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()


class Servers:
    """Starts servers for one test and stops every one of them afterwards."""

    def __init__(self, scratch: Path) -> None:
        self._scratch = scratch
        self._started: list[ServerProcess] = []

    def spawn(
        self, data_dir: Path, *arguments: str, environment: dict[str, str] | None = None
    ) -> ServerProcess:
        """Start ``boudoir serve`` without waiting for it."""
        log_path = self._scratch / f"server-{len(self._started) + 1}.log"
        command = boudoir_command("serve", "--data-dir", str(data_dir), "--web-port", "auto")
        command += [*LISTENERS_OFF, *arguments]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=log,
                env=environment or boudoir_environment(),
            )
        server = ServerProcess(process, log_path)
        self._started.append(server)
        return server

    def start(
        self, data_dir: Path, *arguments: str, environment: dict[str, str] | None = None
    ) -> ServerProcess:
        """Start ``boudoir serve`` and wait until it is ready."""
        server = self.spawn(data_dir, *arguments, environment=environment)
        server.wait_ready()
        return server

    def close_all(self) -> None:
        for server in self._started:
            server.close()
