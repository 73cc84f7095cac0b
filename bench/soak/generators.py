"""The load-generator processes, seen from the orchestrator: start, order, collect, stop.

Each is a fresh interpreter (``spawn``) running ``bench.soak.worker.worker_main`` with one
end of a pipe; every wait on a pipe has a deadline, and on leaving each process is asked to
finish, then stopped by its pid (multiprocessing's terminate, then kill). Imports the
standard library and ``bench``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any

from bench.irc.runs import SPAWN
from bench.soak.plan import Plan, Server
from bench.soak.worker import worker_main

REPLY_TIMEOUT_SECONDS = 30.0
"""Longest wait for a load generator's report once asked (it answers within a loop turn)."""

STOP_TIMEOUT_SECONDS = 10.0
"""How long a load generator gets to close its connections before it is stopped."""


class GeneratorFailed(Exception):
    """A load generator could not set up, or died; the message says which and why."""


class Generators:
    def __init__(self, plan: Plan, server: Server) -> None:
        self.plan = plan
        self.server = server
        self.processes: list[Any] = []
        self.pipes: list[Connection] = []

    def __enter__(self) -> Generators:
        for number in range(self.plan.workers):
            mine, theirs = SPAWN.Pipe(duplex=True)
            process = SPAWN.Process(
                target=worker_main,
                args=(self.plan, self.server, number, theirs),
                name=f"soak-loadgen-{number}",
                daemon=True,
            )
            process.start()
            theirs.close()
            self.processes.append(process)
            self.pipes.append(mine)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def receive(self, number: int, kind: str, timeout: float) -> dict[str, Any]:
        """The next message of generator ``number``, which must be of ``kind``."""
        pipe = self.pipes[number]
        try:
            if not pipe.poll(timeout):
                raise GeneratorFailed(f"load generator {number}: no {kind} within {timeout:.0f} s")
            message = pipe.recv()
        except (EOFError, OSError) as error:
            code = self.processes[number].exitcode
            raise GeneratorFailed(f"load generator {number} died (exit code {code})") from error
        if message[0] == "error":
            raise GeneratorFailed(f"load generator {number}: {message[1]}")
        if message[0] != kind:
            raise GeneratorFailed(f"load generator {number}: {message[0]} instead of {kind}")
        result: dict[str, Any] = message[1]
        return result

    def wait_ready(self, timeout: float, alive: Callable[[], bool]) -> list[dict[str, Any]]:
        """Each generator's setup figures once all its connections are in their rooms.
        ``alive()`` is checked every second: a dead server ends the wait at once."""
        deadline = time.monotonic() + timeout
        ready: dict[int, dict[str, Any]] = {}
        while len(ready) < len(self.pipes):
            for number, pipe in enumerate(self.pipes):
                if number not in ready and pipe.poll(0):
                    ready[number] = self.receive(number, "ready", 0)
            if len(ready) == len(self.pipes):
                break
            if not alive():
                raise GeneratorFailed("the server died during setup")
            for number, process in enumerate(self.processes):
                if number not in ready and not process.is_alive() and not self.pipes[number].poll():
                    raise GeneratorFailed(
                        f"load generator {number} died during setup (exit code {process.exitcode})"
                    )
            if time.monotonic() > deadline:
                raise GeneratorFailed(f"setup took more than {timeout:.0f} s")
            pending = [pipe for number, pipe in enumerate(self.pipes) if number not in ready]
            wait(pending, timeout=1.0)
        return [ready[number] for number in range(len(self.pipes))]

    def send(self, *order: Any) -> None:
        for pipe in self.pipes:
            pipe.send(order)

    def collect(self) -> list[dict[str, Any]]:
        """Ask every generator for what it counted since its last report."""
        self.send("report")
        return [
            self.receive(number, "report", REPLY_TIMEOUT_SECONDS)
            for number in range(len(self.pipes))
        ]

    def stop(self) -> None:
        """Ask each generator to finish, then stop it by its pid if it lingers."""
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("finish",))
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        for pipe in self.pipes:
            pipe.close()
        self.processes.clear()
        self.pipes.clear()
