"""Start-up time of ``boudoir serve`` on a fresh data directory.

Measures the wall time from spawning the process to its readiness line (every listener bound
and accepting), N times, each on a new empty data directory (so each run also creates and
migrates the SQLite database), then prints the median and the maximum. Target: under 1 s.

    .venv/bin/python bench/startup.py               # 10 runs, fresh data directories
    .venv/bin/python bench/startup.py --runs 30
    .venv/bin/python bench/startup.py --restart     # one data directory, created beforehand

Exit status 1 when the median misses the target.
"""

from __future__ import annotations

import argparse
import os
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 1.0
READY_PREFIX = b"boudoir ready"
TIMEOUT_SECONDS = 30.0


def wait_ready(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Read the process's standard output until the readiness line, within ``timeout``."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no readiness line within {timeout} s")
            if not selector.select(remaining):
                continue
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError(f"the server exited ({process.wait()}) before it was ready")
            buffer += chunk
            for line in buffer.splitlines(keepends=True):
                if line.startswith(READY_PREFIX) and line.endswith(b"\n"):
                    return line.strip()


def one_run(python: str, data_dir: Path) -> float:
    command = [
        python,
        "-m",
        "boudoir",
        "serve",
        "--data-dir",
        str(data_dir),
        "--web-port",
        "auto",
        *("--irc-port", "0", "--irc-tls-port", "0"),
        *("--telnet-port", "0", "--telnet-tls-port", "0"),
        "--log-level",
        "warning",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        wait_ready(process, TIMEOUT_SECONDS)
        elapsed = time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=TIMEOUT_SECONDS)
        assert process.stdout is not None
        process.stdout.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--python", default=sys.executable, help="interpreter with boudoir")
    parser.add_argument(
        "--restart",
        action="store_true",
        help="start on one existing data directory (created by a first, unmeasured run)",
    )
    arguments = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory(prefix="boudoir-bench-") as scratch:
        if arguments.restart:
            one_run(arguments.python, Path(scratch) / "data")
        for number in range(1, arguments.runs + 1):
            name = "data" if arguments.restart else f"data-{number}"
            elapsed = one_run(arguments.python, Path(scratch) / name)
            times.append(elapsed)
            print(f"run {number:2d}: {elapsed * 1000:6.0f} ms", flush=True)
    median = statistics.median(times)
    verdict = "met" if median < TARGET_SECONDS else "MISSED"
    where = "an existing" if arguments.restart else "a fresh"
    print(
        f"boudoir serve, spawn to ready on {where} data dir, {len(times)} runs: "
        f"median {median * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
        f"(target {TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
