"""The bench's two pieces of C, compiled when a run starts: the counting listeners of the load
generator (``counter.c``, loaded with ctypes) and the ceiling server (``ceiling.c``).

Without a C compiler the load generator counts in Python (slower: see docs/benchmarks.md) and
the ceiling server cannot run; both say so. Imports the standard library only.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNTER_SOURCE = HERE / "counter.c"
CEILING_SOURCE = HERE / "ceiling.c"
CFLAGS = ("-O2", "-Wall")
CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


class NoCompiler(RuntimeError):
    """No C compiler, or the source did not compile."""


def compile_c(source: Path, output: Path, *, shared: bool = False) -> Path:
    """``source`` compiled to ``output`` (a shared library when ``shared``)."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        raise NoCompiler("no C compiler (cc, gcc or clang) on PATH")
    command = [compiler, *CFLAGS, "-o", str(output), str(source)]
    if shared:
        command[1:1] = ["-shared", "-fPIC"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise NoCompiler(f"{source.name} did not compile: {result.stderr.strip()[-500:]}")
    return output


class Counter:
    """The C counting listeners: sockets handed over with ``add``, counted by a thread of
    their own between ``start`` and ``stop``. One per load-generator process."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self.lib = library
        library.counter_open.restype = ctypes.c_int
        library.counter_add.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t)
        library.counter_add.restype = ctypes.c_int
        library.counter_deliveries.restype = ctypes.c_uint64
        library.counter_lost.restype = ctypes.c_uint64
        if library.counter_open() < 0:
            raise OSError("epoll_create1 failed")
        self.thread: threading.Thread | None = None
        self.sockets = 0

    def add(self, fd: int, previous: bytes) -> None:
        """Count on ``fd`` from now on; ``previous`` ends with what was last read on it."""
        if self.lib.counter_add(fd, previous, len(previous)) != 0:
            raise OSError(f"could not watch fd {fd}")
        self.sockets += 1

    def start(self) -> None:
        self.thread = threading.Thread(target=self.lib.counter_run, name="counter", daemon=True)
        self.thread.start()

    def cpu_seconds(self) -> float:
        """User + system CPU of the counting thread so far (``/proc/self/task/<tid>/stat``)."""
        if self.thread is None or self.thread.native_id is None:
            return 0.0
        text = Path(f"/proc/self/task/{self.thread.native_id}/stat").read_text()
        fields = text[text.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS_PER_SECOND

    def deliveries(self) -> int:
        return int(self.lib.counter_deliveries())

    def lost(self) -> int:
        return int(self.lib.counter_lost())

    def stop(self) -> None:
        """Stop the thread and forget the sockets (they stay open: their owners close them)."""
        if self.thread is not None:
            self.lib.counter_stop()
            self.thread.join()
            self.thread = None
        self.lib.counter_close()


def load_counter() -> Counter:
    """Compile ``counter.c`` into a temporary directory and load it (raises ``NoCompiler``)."""
    directory = Path(tempfile.mkdtemp(prefix="bench-irc-counter-"))
    atexit.register(shutil.rmtree, directory, True)
    library = compile_c(COUNTER_SOURCE, directory / "counter.so", shared=True)
    return Counter(ctypes.CDLL(str(library)))
