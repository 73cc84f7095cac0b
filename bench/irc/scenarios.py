"""The load generator's process: its entry point runs one job and sends back the result.

``worker_main(job, connection)`` is the worker's entry point: it raises the open-files limit,
runs the job on uvloop and sends back one result dictionary (``{"error": ...}`` on failure).
The worker reads the server's CPU time and memory from ``/proc`` itself, at the exact edges
of each measured window, so no message between processes falls inside a window.

Scenarios (the issue's words in quotes):

- fan-out: "500 clients in 5 rooms (100 per room), 10 speakers": (a) saturation, each speaker
  keeps at most ``window`` messages in flight, counted as sent but not yet seen by its room's
  monitor (the last client on its room's list); (b) a rated total (500 messages per second).
- direct: pairs ping-pong ``PRIVMSG nick``: one message in flight per pair.
- idle: connections that register (001) and then stay silent; memory per connection.

Every message's text starts with the sender's ``time.monotonic_ns()`` stamp (all clients live
in this one process, so the clock is shared); receivers that parse take latency from it.
Imports the standard library, uvloop, and the sibling modules.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

from bench.irc import proc
from bench.irc.direct import run_direct
from bench.irc.fanout import run_fanout
from bench.irc.idle import run_idle
from bench.irc.jobs import DirectJob, FanoutJob, Job


def worker_main(job: Job, connection: Connection) -> None:
    """Entry point of the load-generator process: run ``job``, send back its result."""
    import uvloop

    proc.raise_open_files_limit()
    try:
        result: dict[str, Any] = uvloop.run(_run(job))
    except Exception as error:  # the orchestrator reports it and carries on
        result = {"error": f"{type(error).__name__}: {error}"}
    connection.send(result)
    connection.close()


async def _run(job: Job) -> dict[str, Any]:
    if isinstance(job, FanoutJob):
        return await run_fanout(job)
    if isinstance(job, DirectJob):
        return await run_direct(job)
    return await run_idle(job)
