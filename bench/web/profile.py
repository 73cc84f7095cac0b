"""py-spy on the server during a saturated window, and the functions that use its time.

``Profiler.attached(pid, started)`` runs ``py-spy record --nonblocking`` on the server (our own
child, so ptrace is allowed) once the load generator sets ``started``, for one window's length.
``top_functions`` reads py-spy's raw output (collapsed stacks, ``frame;frame;... count``) and
ranks functions by *own* time: the samples in which they were the innermost frame.
Imports the standard library only.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SAMPLES_PER_SECOND = 250
"""py-spy's sampling rate: enough samples in a 10 s window (2,500) to rank the top functions
by a few tenths of a percent, at a cost to the machine that stays small."""

START_TIMEOUT_SECONDS = 600.0
"""Longest wait for the load generator to start its saturated window (setup comes first)."""

TOP = 15


class Signal(Protocol):
    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True, slots=True)
class FunctionTime:
    """One function's own time: samples with it innermost, and their share of all samples."""

    function: str
    samples: int
    share: float


def py_spy() -> str | None:
    """py-spy next to this interpreter, else on PATH; None when it is not installed."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def top_functions(collapsed: str, count: int = TOP) -> tuple[list[FunctionTime], int]:
    """The ``count`` functions with the most own time in py-spy's raw output, and the number
    of samples. A frame is ``name (file:line)``; the line is dropped so a function's lines
    add up."""
    own: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack or not number.isdigit():
            continue
        leaf = stack.rsplit(";", 1)[-1]
        name, _, where = leaf.partition(" (")
        file = where.rstrip(")").rsplit(":", 1)[0]
        own[f"{name} ({file})" if file else name] += int(number)
        total += int(number)
    ranked = [
        FunctionTime(function, samples, samples / total)
        for function, samples in own.most_common(count)
    ]
    return ranked, total


class Profiler:
    """Profile one run's saturated window; ``outcome`` says what came of it."""

    def __init__(self, output: Path, seconds: float) -> None:
        self.output = output
        self.raw = output.with_suffix(".raw.txt")
        self.seconds = max(1, math.ceil(seconds))
        self.problem: str | None = None

    @contextlib.contextmanager
    def attached(self, pid: int, started: Signal) -> Iterator[None]:
        executable = py_spy()
        if executable is None:
            self.problem = "py-spy is not installed (pip install py-spy)"
            yield
            return
        thread = threading.Thread(
            target=self._record, args=(executable, pid, started), name="py-spy", daemon=True
        )
        thread.start()
        try:
            yield
        finally:
            thread.join(self.seconds + 30)

    def _record(self, executable: str, pid: int, started: Signal) -> None:
        if not started.wait(START_TIMEOUT_SECONDS):
            self.problem = "the saturated window never started"
            return
        command = [
            executable,
            "record",
            *("--pid", str(pid), "--duration", str(self.seconds)),
            *("--rate", str(SAMPLES_PER_SECOND), "--nonblocking"),
            *("--format", "raw", "--output", str(self.raw)),
        ]
        try:
            finished = subprocess.run(
                command, capture_output=True, text=True, timeout=self.seconds + 20
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            self.problem = f"py-spy failed: {error}"
            return
        if finished.returncode != 0:
            self.problem = f"py-spy exited {finished.returncode}: {finished.stderr.strip()[-300:]}"

    def outcome(self) -> str:
        """The top functions as text (also written to ``output``), or why there are none."""
        if self.problem is not None:
            return f"profile: none ({self.problem})"
        try:
            collapsed = self.raw.read_text()
        except OSError as error:
            return f"profile: none ({error})"
        rows, total = top_functions(collapsed)
        lines = [
            f"py-spy, server during the saturated web window: {total} samples, top {TOP} "
            "functions by own time"
        ]
        lines += [f"{row.share:6.1%} {row.samples:7d}  {row.function}" for row in rows]
        text = "\n".join(lines)
        self.output.write_text(text + "\n")
        return f"{text}\n(written to {self.output}; raw stacks in {self.raw})"
