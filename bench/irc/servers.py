"""Start and stop the servers under test, each as our own child process on 127.0.0.1.

- ngIRCd: ``ngircd -n -f CONF`` (``-n``: stay in the foreground) from a config written here.
- InspIRCd: ``inspircd --nofork --nopid --config CONF`` (``--runasroot`` when we are root).
- Boudoir: ``boudoir serve`` on a copy of a data directory whose accounts were created
  before any clock started.
- ceiling: ``ceiling.c`` (compiled here), an IRC server that parses almost nothing: what the
  load generator can consume when the server costs next to nothing.

Each config lifts the flood limits as far as the server allows (see ``docs/benchmarks.md``);
none of them touches the system's installed configuration or service. A server is stopped by
its own pid (SIGTERM, then SIGKILL), and dies with the orchestrator (``PR_SET_PDEATHSIG``).
Imports the standard library and, for the Boudoir accounts only, ``boudoir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bench.irc import proc

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 15.0
PASSWORD = "bench-password"  # every Boudoir account's; at least MIN_PASSWORD (8) characters
ACCOUNT_CHUNK = 8
"""Accounts registered at once while building the Boudoir template."""

PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True, slots=True)
class Running:
    """A started server: its name, pid, IRC port, and the SASL password if it wants one."""

    name: str
    pid: int
    port: int
    password: str | None
    version: str
    setup_concurrency: int = 250
    """Connections to open and register at once. InspIRCd completes registrations on its
    once-a-second timer, so it wants many at once; ngIRCd listens with a backlog of 10 and
    accepts one connection per pass of a loop that walks every connection three times, so
    more than 10 at once overflow its accept queue into SYN retries of seconds."""
    message_requests: bool = False


class Launcher(Protocol):
    name: str

    def start(self, scratch: Path) -> contextlib.AbstractContextManager[Running]: ...


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: get SIGKILL when the orchestrator dies (prctl(2)), so an
    interrupted bench never leaves a server behind."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


@contextlib.contextmanager
def _child(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` with output to ``log``; on leaving, stop it by pid (TERM, then KILL)."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_die_with_parent,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not proc.is_listening(port):
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {_tail(log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"not listening on {port} after {START_TIMEOUT_SECONDS} s")
        time.sleep(0.02)


def _tail(log: Path, lines: int = 5) -> str:
    try:
        return " | ".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (result.stdout or result.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


# --- ngIRCd ---------------------------------------------------------------------------------

NGIRCD_SETUP_CONCURRENCY = 8
"""Below ngIRCd's ``listen(sock, 10)`` backlog (conn.c, NewListener)."""

NGIRCD_CONFIG = """\
# Written by bench/irc for one run; see ngircd.conf(5).
[Global]
\tName = bench.ngircd.local
\tInfo = Boudoir benchmark peer
\tAdminInfo1 = bench
\tAdminInfo2 = bench
\tAdminEMail = bench@localhost
\tListen = 127.0.0.1
\tPorts = {port}
\tMotdPhrase = "bench"
[Limits]
\t# 0: no limit on connections, in total or from one address (127.0.0.1 is every client).
\tMaxConnections = 0
\tMaxConnectionsIP = 0
\tMaxJoins = 0
\t# 0 turns penalty time off; ngIRCd still handles at most 3 commands per client per pass
\t# of its event loop (MAX_COMMANDS in conn.c), which no setting changes.
\tMaxPenaltyTime = 0
\tPingTimeout = 600
\tPongTimeout = 60
[Options]
\tDNS = no
\tIdent = no
\tPAM = no
\t# Default is the system's /etc/ngircd/ngircd.conf.d: read nothing of the installation.
\tIncludeDir = {include_dir}
"""


class Ngircd:
    name = "ngircd"

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[Running]:
        port = free_port()
        directory = scratch / f"ngircd-{port}"
        (directory / "conf.d").mkdir(parents=True)
        config = directory / "ngircd.conf"
        config.write_text(NGIRCD_CONFIG.format(port=port, include_dir=directory / "conf.d"))
        log = directory / "ngircd.log"
        with _child(["ngircd", "--nodaemon", "--config", str(config)], log) as process:
            _wait_listening(process, port, log)
            yield Running(
                self.name,
                process.pid,
                port,
                None,
                _version(["ngircd", "--version"]),
                setup_concurrency=NGIRCD_SETUP_CONCURRENCY,
            )


# --- InspIRCd -------------------------------------------------------------------------------

INSPIRCD_CONFIG = """\
# Written by bench/irc for one run; directives from the shipped inspircd.conf.example.
<server name="bench.inspircd.local" description="Boudoir benchmark peer" network="Bench">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="{port}" type="clients">
# Flood limits lifted: no fake lag; the penalty threshold (x1000) and its drain rate
# (millicommands per second) far above any rate here; big queues; no per-address caps;
# no DNS or ident lookups.
<connect name="bench" allow="*" timeout="60" pingfreq="10m"
         hardsendq="64M" softsendq="64M" recvq="1M"
         threshold="1000000" commandrate="1000000000" fakelag="no"
         localmax="100000" globalmax="100000" maxconnwarn="no" limit="100000"
         maxchans="100" resolvehostnames="no" useident="no">
<performance softlimit="20000" somaxconn="4096" clonesonconnect="no" quietbursts="yes">
<channels users="100" opers="100">
<dns server="127.0.0.1" timeout="1">
<files motd="{directory}/motd.txt">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="{directory}/ircd.log">
"""


class Inspircd:
    name = "inspircd"

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[Running]:
        port = free_port()
        directory = scratch / f"inspircd-{port}"
        directory.mkdir(parents=True)
        (directory / "motd.txt").write_text("bench\n")
        config = directory / "inspircd.conf"
        config.write_text(INSPIRCD_CONFIG.format(port=port, directory=directory))
        command = ["inspircd", "--nofork", "--nopid", "--config", str(config)]
        if os.geteuid() == 0:
            command.append("--runasroot")  # it refuses root otherwise
        log = directory / "inspircd.out"
        with _child(command, log) as process:
            _wait_listening(process, port, log)
            yield Running(self.name, process.pid, port, None, _version(["inspircd", "--version"]))


# --- Boudoir --------------------------------------------------------------------------------

BOUDOIR_FLOOD_LIMITS = {
    "BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "20000",
    "BOUDOIR_IRC_CONNECT_BURST": "20000",
    "BOUDOIR_IRC_CONNECT_RATE": "10000",
    "BOUDOIR_IRC_COMMAND_BURST": "100000",
    "BOUDOIR_IRC_COMMAND_RATE": "100000",
    # Like InspIRCd's hardsendq above: a listener may fall 64 MiB behind before it is cut.
    "BOUDOIR_IRC_SENDQ_BYTES": str(64 * 1024 * 1024),
}


class Boudoir:
    """``boudoir serve`` from the virtualenv next to this interpreter."""

    name = "boudoir"

    def __init__(self, accounts: int, python: str = sys.executable) -> None:
        self.accounts = accounts
        self.python = python
        self.template: Path | None = None

    def prepare(self, scratch: Path) -> None:
        """Create the accounts once, before any clock starts: ``u0001`` .. ``uNNNN``, each
        with a first character of the same name (the IRC nick)."""
        template = scratch / "boudoir-template"
        started = time.monotonic()
        asyncio.run(_create_accounts(template, self.accounts))
        print(
            f"boudoir: {self.accounts} accounts created in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        self.template = template

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[Running]:
        if self.template is None:
            self.prepare(scratch)
        assert self.template is not None
        directory = Path(
            _unique_dir(scratch, "boudoir")
        )  # a fresh copy per start: no state carries over
        data = directory / "data"
        shutil.copytree(self.template, data)
        log = directory / "boudoir.log"
        command = [
            self.python,
            "-m",
            "boudoir",
            "serve",
            *("--data-dir", str(data)),
            *("--web-port", "0", "--irc-port", "auto", "--irc-tls-port", "0"),
            *("--telnet-port", "0", "--telnet-tls-port", "0"),
            *("--log-level", "warning"),
        ]
        env = {**os.environ, **BOUDOIR_FLOOD_LIMITS}
        with _child(command, log, env) as process:
            port = _wait_boudoir_ready(process, log)
            yield Running(
                self.name, process.pid, port, PASSWORD, _boudoir_version(), message_requests=True
            )


def _unique_dir(scratch: Path, prefix: str) -> Path:
    for number in range(1, 10_000):
        path = scratch / f"{prefix}-{number}"
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            continue
        return path
    raise RuntimeError("no free scratch directory name")


def _wait_boudoir_ready(process: subprocess.Popen[bytes], log: Path) -> int:
    """The IRC port from the readiness line ``boudoir ready irc=irc://127.0.0.1:PORT ...``."""
    from boudoir.app import parse_readiness_line

    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        for line in log.read_text(errors="replace").splitlines():
            listeners = parse_readiness_line(line)
            if listeners is not None:
                if "irc" not in listeners:
                    raise RuntimeError(f"no irc listener in the readiness line: {line}")
                return int(listeners["irc"].rsplit(":", 1)[1].rstrip("/"))
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {_tail(log)}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no readiness line after {START_TIMEOUT_SECONDS} s")
        time.sleep(0.02)


def _boudoir_version() -> str:
    from importlib.metadata import version

    try:
        return f"boudoir {version('boudoir')}"
    except Exception:
        return "boudoir (unknown version)"


class OneHash:
    """A password hasher for creating the bench accounts: it hashes ``PASSWORD`` with argon2id
    once and hands out that same real hash for every account, so 10,000 accounts take
    seconds instead of minutes. Logins on the server under test verify it for real."""

    def __init__(self) -> None:
        from boudoir.core.passwords import Argon2Hasher

        self._argon2 = Argon2Hasher()
        self._hash = self._argon2.hash(PASSWORD)

    def hash(self, password: str) -> str:
        if password != PASSWORD:
            raise ValueError("the bench accounts all have the bench password")
        return self._hash

    def verify(self, password_hash: str, password: str) -> bool:
        return self._argon2.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.needs_rehash(password_hash)


async def _create_accounts(data_dir: Path, count: int, database_url: str | None = None) -> None:
    """Accounts ``u0001`` .. in the SQLite database of ``data_dir``, or in ``database_url``,
    all with one real argon2id hash of ``PASSWORD`` (``OneHash``)."""
    from bench.irc.jobs import account_name

    from boudoir.app import open_core
    from boudoir.settings import Settings

    born = dt.date(1990, 1, 1)
    settings = Settings(data_dir=data_dir, database_url=database_url)
    async with open_core(settings, hasher=OneHash()) as core:
        accounts = core.world.accounts
        for first in range(1, count + 1, ACCOUNT_CHUNK):
            names = [
                account_name(n) for n in range(first, min(count, first + ACCOUNT_CHUNK - 1) + 1)
            ]
            await asyncio.gather(
                *(accounts.register(name, PASSWORD, born, attest=True) for name in names)
            )


# --- ceiling --------------------------------------------------------------------------------


class Ceiling:
    """``ceiling.c``, compiled into the scratch directory on first start (see its comment)."""

    name = "ceiling"

    def __init__(self) -> None:
        self.binary: Path | None = None

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[Running]:
        from bench.irc import native

        if self.binary is None:
            try:
                self.binary = native.compile_c(native.CEILING_SOURCE, scratch / "ceiling")
            except native.NoCompiler as error:
                raise RuntimeError(f"the ceiling server needs a C compiler: {error}") from None
        port = free_port()
        log = scratch / f"ceiling-{port}.log"
        with _child([str(self.binary), str(port)], log) as process:
            _wait_listening(process, port, log)
            yield Running(self.name, process.pid, port, None, "ceiling (bench/irc/ceiling.c)")


LAUNCHERS = ("boudoir", "ngircd", "inspircd", "ceiling")
