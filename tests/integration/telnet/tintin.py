"""TinTin++, a real MU* client (Debian's ``tintin++``, ``/usr/games/tt++``), on a
pseudo-terminal of the test's own.

TinTin++ will not start without a terminal, so it gets the slave end of a fresh pty, sized
``COLUMNS`` x ``ROWS`` (what it then reports to the server with NAWS), and the test holds the
master end: what TinTin++ shows is read from it (escape sequences removed), and what a person
would type is written to it. It reads a script file at startup, keeps its files in a directory
of the test's own (``HOME``), and is stopped with ``#end``, or by its pid if it lingers.
Nothing waits on a clock: ``expect`` waits for text, with a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import pty
import re
import shutil
import struct
import termios
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

TINTIN = "tt++"
DEBIAN_PATH = "/usr/games/tt++"
"""Debian installs games under /usr/games, which is not on every PATH (root's, CI's)."""
PACKAGES = "apt-get install --no-install-recommends tintin++"
COLUMNS, ROWS = 100, 30
"""The pty's size: TinTin++ reports it with NAWS, so the test knows which width to expect
(not 80, the width a server assumes when nobody says)."""
WAIT = 10.0
"""Seconds to wait for text before failing; only a failing test waits this long."""
STOP_TIMEOUT = 5.0
READ_SIZE = 65536

ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])")
"""Terminal escape sequences: CSI (colours, cursor, modes), OSC (the window title), and the
two-character ones (``ESC =``). What is left is the text a person reads."""


def tintin_or_skip() -> str:
    """The path of ``tt++``; a skip on a developer's machine without it, a failure under CI
    (``CI=true``), where ``scripts/test`` installs it."""
    path = shutil.which(TINTIN) or shutil.which(DEBIAN_PATH)
    if path is not None:
        return path
    reason = f"TinTin++ ({TINTIN}) is missing (Debian: {PACKAGES})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires it: scripts/test installs it as root")
    pytest.skip(reason)


def screen_text(output: bytes) -> str:
    """What TinTin++ wrote, as text: escape sequences and carriage returns removed."""
    text = output.decode("utf-8", errors="replace")
    return ESCAPES.sub("", text).replace("\r", "")


class TinTin:
    """One running TinTin++: what it has shown, and a keyboard."""

    def __init__(self, process: asyncio.subprocess.Process, master: int) -> None:
        self.process = process
        self._master = master
        self._output = bytearray()
        self._read_up_to = 0
        """How much of the text ``expect`` has consumed."""
        self._changed = asyncio.Event()
        self._ended = False
        asyncio.get_running_loop().add_reader(master, self._on_readable)

    def _on_readable(self) -> None:
        try:
            data = os.read(self._master, READ_SIZE)
        except OSError:  # EIO: TinTin++ closed the terminal (it has ended)
            data = b""
        if not data:
            self._stop_reading()
        self._output += data
        self._changed.set()

    def _stop_reading(self) -> None:
        if not self._ended:
            self._ended = True
            asyncio.get_running_loop().remove_reader(self._master)

    @property
    def screen(self) -> str:
        """Everything TinTin++ has shown so far, as text."""
        return screen_text(bytes(self._output))

    def type(self, line: str) -> None:
        """Type ``line`` and Enter, as a person at the keyboard."""
        os.write(self._master, line.encode() + b"\r")

    async def expect(self, text: str, *, regex: bool = False, within: float = WAIT) -> str:
        """Wait until TinTin++ shows ``text`` (or a match of the regex ``text``, multiline) after
        what earlier calls matched; return what it showed up to and including it."""
        wanted = re.compile(text if regex else re.escape(text), re.MULTILINE)
        try:
            async with asyncio.timeout(within):
                while True:
                    screen = self.screen
                    found = wanted.search(screen, self._read_up_to)
                    if found is not None:
                        shown = screen[self._read_up_to : found.end()]
                        self._read_up_to = found.end()
                        return shown
                    if self._ended:
                        raise AssertionError(f"TinTin++ ended before showing {text!r}")
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            unread = self.screen[self._read_up_to :]
            raise AssertionError(
                f"TinTin++ did not show {text!r} within {within} s; it showed:\n{unread}"
            ) from None

    async def end(self) -> int:
        """``#end``, as a person quits; the pid's SIGKILL if it does not go. Its exit code."""
        if self.process.returncode is None:
            with contextlib.suppress(OSError):
                self.type("#end")
        try:
            async with asyncio.timeout(STOP_TIMEOUT):
                return await self.process.wait()
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()
        finally:
            self._stop_reading()


@asynccontextmanager
async def tintin(binary: str, home: Path, script: str) -> AsyncIterator[TinTin]:
    """Run TinTin++ on a new pty, reading ``script`` (TinTin++ commands) at startup; ended on
    leaving the block."""
    await asyncio.to_thread(home.mkdir, parents=True, exist_ok=True)
    script_file = home / "boudoir.tin"
    await asyncio.to_thread(script_file.write_text, script)
    master, slave = pty.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
        }
        process = await asyncio.create_subprocess_exec(
            binary,
            "-G",  # no greeting screen
            str(script_file),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=home,
            env=environment,
            start_new_session=True,  # its own session: the pty is its controlling terminal
        )
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    client = TinTin(process, master)
    try:
        yield client
    finally:
        try:
            await client.end()
        finally:
            os.close(master)
