"""What the kernel says about a server process: CPU time, memory, listening sockets.

Reads ``/proc`` only (Linux), so the orchestrator and the load generator can both call it
without touching the server. Imports the standard library only.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
"""``utime`` and ``stime`` in ``/proc/<pid>/stat`` count these ticks (100 on Linux), so every
CPU figure has a 10 ms resolution: fine over the multi-second windows the bench measures."""

LISTEN_STATE = "0A"
"""``TCP_LISTEN`` as ``/proc/net/tcp`` spells a socket's state (include/net/tcp_states.h)."""


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process (all its threads) has used so far, in seconds.

    Fields 14 and 15 of ``/proc/<pid>/stat`` (proc(5)); the command name in field 2 may hold
    spaces and parentheses, so the fields are counted from the last ``)``.
    """
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS_PER_SECOND


def own_cpu_seconds() -> float:
    """User plus system CPU time of the calling process (the load generator's own cost)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot, from the ``cpu`` line of
    ``/proc/stat``: busy is everything but idle and iowait. Over a window, busy / total says
    how loaded the whole machine was, including kernel work (softirq) charged to no process."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal (guest is in user)
    return total - values[3] - values[4], total


@dataclass(frozen=True, slots=True)
class Memory:
    """A process's memory in KiB: resident set (``VmRSS``) and proportional set (``Pss``,
    which charges shared pages to each sharer in part, so shared libraries weigh less)."""

    rss_kib: int
    pss_kib: int


def memory(pid: int) -> Memory:
    """``VmRSS`` from ``/proc/<pid>/status`` and ``Pss`` from ``/proc/<pid>/smaps_rollup``."""
    return Memory(
        rss_kib=_kib_field(Path(f"/proc/{pid}/status"), "VmRSS:"),
        pss_kib=_kib_field(Path(f"/proc/{pid}/smaps_rollup"), "Pss:"),
    )


def _kib_field(path: Path, name: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    raise LookupError(f"{path} has no {name} line")


def is_listening(port: int) -> bool:
    """Whether some process listens on 127.0.0.1:``port`` (TCP over IPv4).

    Reading ``/proc/net/tcp`` rather than connecting keeps the probe from opening a client
    connection that the server would then count, log and keep in memory.
    """
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        next(table)  # the header line
        for line in table:
            fields = line.split()
            if fields[1] == wanted and fields[3] == LISTEN_STATE:
                return True
    return False


def raise_open_files_limit() -> int:
    """Lift this process's soft limit on open files to its hard limit; return the new limit.

    Children (the servers, the load generator) inherit it, so 10,000 connections fit on both
    ends of the loopback.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard
