"""Figures of the telnet runs, medians over rounds, and the Boudoir/Evennia table.

A run's raw result has ``bench.irc``'s keys (``fanout-max``, ``fanout-rated``, ``levels``), so
its figures, medians and rows come from ``bench.irc.report``: each run counts as a fan-out run
and an idle run there. Imports the standard library and ``bench.irc``.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from bench.irc import report as irc_report

SERVERS = ("boudoir", "evennia")
TARGET_RATIO = 20.0
"""Issue 6: Boudoir's telnet deliveries per server-CPU-second at least 20x Evennia's."""
HEADLINE = "deliveries_per_cpu_second"

Summary = irc_report.Summary
"""measurement key -> server -> figure -> median over rounds"""


def as_runs(round_number: int, server: str, result: Mapping[str, Any]) -> list[irc_report.Run]:
    """One telnet run seen as ``bench.irc``'s fan-out run and idle run."""
    return [
        irc_report.Run("fanout", round_number, server, result),
        irc_report.Run("idle", round_number, server, result),
    ]


def measurements(result: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The flat figures of one run by measurement key; empty when the run failed."""
    return {
        **irc_report.measurements("fanout", result),
        **irc_report.measurements("idle", result),
    }


Window = tuple[irc_report.Run, str, dict[str, float]]


def _clean(runs: Iterable[irc_report.Run]) -> Iterable[Window]:
    """Each run's windows that lost, missed or added nothing: a window with problems (a server
    that dropped messages under load) measured something other than delivery, so its figures
    stay out of the medians; the per-round lines still show it."""
    for run in runs:
        for key, figures in irc_report.measurements(run.scenario, run.result).items():
            if not figures.get("problems"):
                yield run, key, figures


def summarize(runs: Iterable[irc_report.Run]) -> Summary:
    collected: dict[str, dict[str, dict[str, list[float]]]] = {}
    for run, key, figures in _clean(runs):
        per_server = collected.setdefault(key, {}).setdefault(run.server, {})
        for name, value in figures.items():
            per_server.setdefault(name, []).append(value)
    return {
        key: {
            server: {name: statistics.median(values) for name, values in named.items()}
            for server, named in servers.items()
        }
        for key, servers in collected.items()
    }


def counts(runs: Iterable[irc_report.Run]) -> dict[str, Counter[str]]:
    """How many clean runs stand behind each median: key -> server -> n."""
    found: dict[str, Counter[str]] = {}
    for run, key, _figures in _clean(runs):
        found.setdefault(key, Counter())[run.server] += 1
    return found


def ratio(summary: Summary, key: str, figure: str) -> float:
    """Boudoir / Evennia for one figure's medians (nan when either is missing)."""
    boudoir = summary.get(key, {}).get("boudoir", {}).get(figure)
    evennia = summary.get(key, {}).get("evennia", {}).get(figure)
    if boudoir is None or not evennia:
        return math.nan
    return boudoir / evennia


def render(summary: Summary, servers: list[str], runs: Mapping[str, Mapping[str, int]]) -> str:
    """One table per measurement (a row per figure, a column per server, then
    boudoir/evennia), and the headline against the issue's target."""
    out: list[str] = []
    for key in sorted(summary, key=irc_report._order):
        present = [server for server in servers if server in summary[key]]
        figures = irc_report.figures_for(key)
        width = max(len(figure.label) for figure in figures) + 2
        behind = ", ".join(f"{s} {runs.get(key, {}).get(s, 0)}" for s in present)
        both = set(SERVERS) <= set(present)
        out.append(f"\n== {key} (medians; runs: {behind})")
        out.append(
            " " * width
            + "".join(f"{server:>14}" for server in present)
            + (f"{'boudoir/evennia':>17}" if both else "")
        )
        for figure in figures:
            cells = [
                f"{figure.format.format(summary[key][s][figure.key]):>14}"
                if figure.key in summary[key][s]
                else f"{'-':>14}"
                for s in present
            ]
            line = f"{figure.label:<{width}}" + "".join(cells)
            if both and figure.key != "problems":
                line += f"{'x' + format(ratio(summary, key, figure.key), '.2f'):>17}"
            out.append(line)
    headline = [key for key in ("fanout-max", "fanout-rated") if key in summary]
    if headline and all(set(SERVERS) <= summary[key].keys() for key in headline):
        out.append("")
        for key in headline:
            value = ratio(summary, key, HEADLINE)
            verdict = "met" if value >= TARGET_RATIO else "NOT met"
            out.append(
                f"{key}: Boudoir/Evennia deliveries per server-CPU-second x{value:.1f} "
                f"(target at least x{TARGET_RATIO:.0f}: {verdict})"
            )
    return "\n".join(out)


def one_line(server: str, result: Mapping[str, Any]) -> str:
    """A progress line for one run."""
    if "error" in result:
        return f"{server}: FAILED: {result['error']}"
    parts = []
    for key, figures in measurements(result).items():
        if key.startswith("idle"):
            parts.append(
                f"{key}: {figures['rss_kib_per_connection']:.1f} KiB/conn RSS, "
                f"{figures['pss_kib_per_connection']:.1f} Pss"
            )
        else:
            parts.append(
                f"{key}: {figures[HEADLINE]:,.0f} deliv/CPU-s, "
                f"{figures['messages_per_second']:,.0f} msg/s, "
                f"p50/p99 {figures['latency_p50_ms']:.1f}/{figures['latency_p99_ms']:.1f} ms"
                + (f", {figures['problems']:.0f} problems" if figures["problems"] else "")
            )
    return f"{server}: " + "; ".join(parts)
