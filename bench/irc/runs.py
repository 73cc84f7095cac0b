"""Shared by the benchmark runners: each run's load generator in a fresh process of its own, and
the order in which servers (or gateways) take their turn in each round.

Imports the standard library only.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

SPAWN = multiprocessing.get_context("spawn")
"""A clean interpreter per load generator: nothing of the orchestrator's state leaks in."""


def run_loadgen(
    target: Callable[..., None], job: object, timeout: float, *extra: object, name: str
) -> dict[str, Any]:
    """Run ``target(job, connection, *extra)`` in a fresh process, which sends its result
    through ``connection``; stop that process (by its pid, via multiprocessing) if it
    overruns ``timeout`` or on any exception."""
    receiver, sender = SPAWN.Pipe(duplex=False)
    process = SPAWN.Process(target=target, args=(job, sender, *extra), name=name, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return {"error": f"the load generator gave no result within {timeout:.0f} s"}
        result: dict[str, Any] = receiver.recv()
        return result
    except EOFError:
        return {"error": f"the load generator died (exit code {process.exitcode})"}
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.terminate()
            process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


def rotated(items: list[str], round_number: int) -> list[str]:
    """``items`` starting at the ``round_number``-th: round *r* starts with the *r*-th."""
    shift = round_number % len(items)
    return items[shift:] + items[:shift]
