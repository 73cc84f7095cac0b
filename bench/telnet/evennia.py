"""Evennia, the peer: installed in a virtualenv of its own, outside the repository, and run
from a game directory made for the benchmark.

- **Install** (once per machine): ``python -m venv`` and ``pip install evennia`` into
  ``~/.cache/boudoir-bench/evennia-venv`` (``BOUDOIR_BENCH_EVENNIA_VENV`` or ``--evennia-venv``
  to choose). When that fails, or ``--no-install`` forbids it, Evennia is *unavailable*: the
  benchmark says why and runs the other servers. CI never runs it.
- **Template** (once per invocation, before any clock): ``evennia --init``, the settings below,
  ``evennia migrate``, a first start and stop (Evennia makes Limbo and the superuser then),
  and the world (``evennia_world.py``: rooms and accounts).
- **Each run** copies the template, writes the ports, runs ``evennia start`` (which starts the
  Portal, holding the telnet connections, and the Server, running the game, as two daemons),
  reads both pids from their pid files, and stops both by pid at the end (SIGTERM, then
  SIGKILL). CPU and memory are summed over both.

The settings lift Evennia's limits the way its own load tester does
(``evennia/server/profiling/settings_mixin.py``, "dummyrunner"): no creation or login
throttles, 100,000 commands per second per session and connections per second, a fast
password hasher (logins are outside every measured window), no idle timeout, and no web
server, web client or websocket. Imports the standard library and ``bench``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.irc import proc
from bench.irc.servers import PASSWORD, free_port
from bench.telnet.jobs import Dialect, TelnetTarget

VENV_VARIABLE = "BOUDOIR_BENCH_EVENNIA_VENV"
DEFAULT_VENV = Path.home() / ".cache" / "boudoir-bench" / "evennia-venv"
PACKAGE = "evennia"
INSTALL_TIMEOUT_SECONDS = 900.0
"""pip resolves and downloads Evennia and its dependencies (Django, Twisted...): minutes."""
COMMAND_TIMEOUT_SECONDS = 300.0
"""``evennia --init``, ``migrate``, a start or the world script: seconds, a minute at most."""
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0

SETTINGS = """

# --- Written by bench/telnet (Boudoir's benchmark); see bench/telnet/evennia.py. ---
# Evennia's own load-testing settings (server/profiling/settings_mixin.py), but for the
# account permissions, which stay the default's.
PASSWORD_HASHERS = ("django.contrib.auth.hashers.MD5PasswordHasher",)
CREATION_THROTTLE_LIMIT = None
CREATION_THROTTLE_TIMEOUT = None
LOGIN_THROTTLE_LIMIT = None
LOGIN_THROTTLE_TIMEOUT = None
MAX_COMMAND_RATE = 100000
MAX_CONNECTION_RATE = 100000
MAX_CHAR_LIMIT = 100000
IDLE_TIMEOUT = -1
# Telnet only, on 127.0.0.1.
TELNET_INTERFACES = ["127.0.0.1"]
WEBSERVER_ENABLED = False
WEBCLIENT_ENABLED = False
WEBSOCKET_CLIENT_ENABLED = False
SSL_ENABLED = False
SSH_ENABLED = False
AMP_INTERFACE = "127.0.0.1"
AMP_HOST = "127.0.0.1"
try:
    from server.conf.bench_ports import *  # noqa: F403 (written per run)
except ImportError:
    pass
"""

RESTARTED = "successfully restarted"
"""What the Server logs once it has restarted after Evennia's initial setup (first start)."""

PORTS = "TELNET_PORTS = [{telnet}]\nAMP_PORT = {amp}\n"

DIALECT = Dialect(
    # CmdUnconnectedConnect puppets the character: "You become <name>."
    logged_in="You become",
    refused=("Incorrect", "not allowed", "Usage"),
    join=None,
)


class Unavailable(Exception):
    """Evennia cannot run here; the message says why (shown, and the other servers run)."""


def venv_path(chosen: Path | None = None) -> Path:
    if chosen is not None:
        return chosen
    return Path(os.environ.get(VENV_VARIABLE) or DEFAULT_VENV)


def ensure_installed(venv: Path, *, install: bool) -> Path:
    """The ``evennia`` launcher in ``venv``, installing it first if allowed."""
    launcher = venv / "bin" / "evennia"
    if launcher.exists():
        return launcher
    if not install:
        raise Unavailable(f"no Evennia in {venv} (and --no-install)")
    print(f"evennia: installing into {venv} (pip install {PACKAGE}) ...", flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "venv", str(venv)], INSTALL_TIMEOUT_SECONDS, "venv")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", PACKAGE]
    _run(pip, INSTALL_TIMEOUT_SECONDS, "pip install")
    if not launcher.exists():
        raise Unavailable(f"pip installed no evennia launcher in {venv}")
    return launcher


def _run(
    command: list[str],
    timeout: float,
    what: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> str:
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Unavailable(f"{what} failed: {error}") from error
    if done.returncode != 0:
        tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        raise Unavailable(f"{what} exited {done.returncode}: {tail}")
    return done.stdout


class Evennia:
    """Evennia's Portal and Server, from a template game directory made once."""

    name = "evennia"

    def __init__(
        self, accounts: int, rooms: int, venv: Path | None = None, *, install: bool = True
    ) -> None:
        self.accounts = accounts
        self.rooms = rooms
        self.venv = venv_path(venv)
        self.install = install
        self.template: Path | None = None
        self.version = "evennia (unknown version)"

    def _env(self) -> dict[str, str]:
        # The launcher starts ``twistd`` from PATH; the superuser is made without a prompt.
        return {
            **os.environ,
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "EVENNIA_SUPERUSER_USERNAME": "benchadmin",
            "EVENNIA_SUPERUSER_PASSWORD": PASSWORD,
            "EVENNIA_SUPERUSER_EMAIL": "bench@localhost",
        }

    def prepare(self, scratch: Path) -> None:
        """Install if needed, then make the template game directory and its world. Raises
        ``Unavailable`` with the reason when any step fails."""
        launcher = ensure_installed(self.venv, install=self.install)
        started = time.monotonic()
        env = self._env()
        self.version = _version(launcher)
        parent = scratch / "evennia-template"
        parent.mkdir(parents=True, exist_ok=True)
        _run([str(launcher), "--init", "game"], COMMAND_TIMEOUT_SECONDS, "evennia --init", parent)
        game = parent / "game"
        with (game / "server" / "conf" / "settings.py").open("a") as settings:
            settings.write(SETTINGS)
        _run([str(launcher), "migrate"], COMMAND_TIMEOUT_SECONDS, "evennia migrate", game, env)
        # The first start makes Limbo and the superuser, then restarts the Server once.
        with self._started(game, first=True):
            pass
        world = Path(__file__).with_name("evennia_world.py")
        # -I: the script's directory (bench/telnet, which holds this evennia.py) stays off
        # sys.path, so ``import evennia`` finds Evennia.
        command = [str(self.venv / "bin" / "python"), "-I", str(world), str(game)]
        command += [str(self.accounts), str(self.rooms), PASSWORD]
        _run(command, COMMAND_TIMEOUT_SECONDS, "the world script", game, env)
        self.template = game
        print(
            f"evennia: {self.version}; template with {self.accounts} accounts in "
            f"{self.rooms} rooms made in {time.monotonic() - started:.1f} s",
            flush=True,
        )

    @contextlib.contextmanager
    def start(self, scratch: Path) -> Iterator[TelnetTarget]:
        if self.template is None:
            self.prepare(scratch)
        assert self.template is not None
        directory = _unique_dir(scratch, "evennia")
        game = directory / "game"
        shutil.copytree(self.template, game, ignore=shutil.ignore_patterns("*.pid", "*.log"))
        with self._started(game) as (port, pids):
            yield TelnetTarget(self.name, "127.0.0.1", port, pids, PASSWORD, DIALECT, self.version)

    @contextlib.contextmanager
    def _started(self, game: Path, *, first: bool = False) -> Iterator[tuple[int, tuple[int, int]]]:
        """``evennia start`` in ``game`` on fresh ports; stop both processes by pid after.
        ``first``: the game's first start, after which Evennia restarts its Server."""
        telnet, amp = free_port(), free_port()
        (game / "server" / "conf" / "bench_ports.py").write_text(
            PORTS.format(telnet=telnet, amp=amp)
        )
        launcher = str(self.venv / "bin" / "evennia")
        pids: tuple[int, ...] = ()
        try:
            _run([launcher, "start"], START_TIMEOUT_SECONDS, "evennia start", game, self._env())
            if first:
                _wait_logged(game / "server" / "logs" / "server.log", RESTARTED)
            pids = _wait_ready(game, telnet)
            yield telnet, (pids[0], pids[1])
        finally:
            # Read the pid files again: a Server restarted since has a new pid.
            _stop(tuple(dict.fromkeys((*pids, *_read_pids(game)))))


def _unique_dir(scratch: Path, prefix: str) -> Path:
    for number in range(1, 10_000):
        path = scratch / f"{prefix}-{number}"
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            continue
        return path
    raise RuntimeError("no free scratch directory name")


def _read_pids(game: Path) -> tuple[int, ...]:
    """(Portal, Server) pids from the pid files that ``twistd --pidfile`` writes."""
    found = []
    for name in ("portal.pid", "server.pid"):
        try:
            found.append(int((game / "server" / name).read_text().strip()))
        except (OSError, ValueError):
            continue
    return tuple(found)


def _wait_logged(log: Path, text: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        with contextlib.suppress(OSError):
            if text in log.read_text(errors="replace"):
                return
        if time.monotonic() > deadline:
            raise Unavailable(f"Evennia never wrote {text!r} to {log}")
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; its parent has not reaped it yet


def _wait_ready(game: Path, port: int) -> tuple[int, ...]:
    """Both pids, once the Portal listens for telnet. On its first start the Server restarts
    once (after Evennia's initial setup), so the server pid file is read again until stable."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        pids = _read_pids(game)
        if len(pids) == 2 and all(_alive(pid) for pid in pids) and proc.is_listening(port):
            return pids
        if time.monotonic() > deadline:
            raise TimeoutError(f"evennia not ready on {port} after {START_TIMEOUT_SECONDS} s")
        time.sleep(0.05)


def _stop(pids: tuple[int, ...]) -> None:
    """SIGTERM to the Server, then the Portal (the Portal would otherwise see its Server go
    and report it); SIGKILL to whichever outlives the timeout."""
    for pid in reversed(pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _version(launcher: Path) -> str:
    """``Evennia 5.0.1 (Twisted 24.11.0, Django 5.2.19, Python 3.11.7)`` from ``--version``."""
    try:
        text = _run([str(launcher), "--version"], COMMAND_TIMEOUT_SECONDS, "evennia --version")
    except Unavailable:
        return "evennia (unknown version)"
    head = "Evennia"
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, colon, value = line.strip().partition(":")
        if colon:
            found[key.strip()] = value.strip()
        elif key.startswith("Evennia"):
            head = key
    rest = ", ".join(
        f"{key} {found[key]}" for key in ("Twisted", "Django", "Python") if key in found
    )
    return f"{head} ({rest})" if rest else head
