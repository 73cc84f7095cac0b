"""Figures of the IRC and WebSocket fan-outs, medians over rounds, and the web/IRC table.

A run's raw result has the keys of ``bench.irc.fanout.run_fanout``'s (the web one adds
``echoes``, ``error_replies`` and ``first_error``), so the figures come from
``bench.irc.report``; an error reply from the server counts as a problem here.
Imports the standard library and ``bench.irc``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from bench.irc import report as irc_report

GATEWAYS = ("irc", "web")
MEASUREMENTS = ("fanout-max", "fanout-rated")
TARGET_RATIO = 2 / 3
"""Issue 4: web deliveries per server-CPU-second at least 2/3 of the IRC path's."""

Summary = dict[str, dict[str, dict[str, float]]]
"""measurement key -> gateway -> figure -> median over rounds"""


def measurements(result: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The flat figures of one run by measurement key; empty when the run failed."""
    found = irc_report.measurements("fanout", result)
    for key, figures in found.items():
        figures["problems"] += result[key].get("error_replies", 0)
    return found


def summarize(runs: Iterable[irc_report.Run]) -> Summary:
    collected: dict[str, dict[str, dict[str, list[float]]]] = {}
    for run in runs:
        for key, figures in measurements(run.result).items():
            per_gateway = collected.setdefault(key, {}).setdefault(run.server, {})
            for name, value in figures.items():
                per_gateway.setdefault(name, []).append(value)
    return {
        key: {
            gateway: {name: statistics.median(values) for name, values in figures.items()}
            for gateway, figures in gateways.items()
        }
        for key, gateways in collected.items()
    }


def ratio(summary: Summary, key: str, figure: str) -> float:
    """web / IRC for one figure's medians (nan when either is missing)."""
    web = summary.get(key, {}).get("web", {}).get(figure)
    irc = summary.get(key, {}).get("irc", {}).get(figure)
    if web is None or not irc:
        return math.nan
    return web / irc


def render(summary: Summary, gateways: list[str], counts: Mapping[str, Mapping[str, int]]) -> str:
    """One table per measurement (a row per figure, a column per gateway, then web/IRC), and
    the headline against the issue's target."""
    out: list[str] = []
    for key in MEASUREMENTS:
        if key not in summary:
            continue
        present = [gateway for gateway in gateways if gateway in summary[key]]
        width = max(len(figure.label) for figure in irc_report.MESSAGE_FIGURES) + 2
        runs = ", ".join(f"{g} {counts.get(key, {}).get(g, 0)}" for g in present)
        both = {"irc", "web"} <= set(present)
        out.append(f"\n== {key} on Boudoir (medians; runs: {runs})")
        out.append(
            " " * width
            + "".join(f"{gateway:>14}" for gateway in present)
            + (f"{'web/irc':>10}" if both else "")
        )
        for figure in irc_report.MESSAGE_FIGURES:
            cells = [
                f"{figure.format.format(summary[key][g][figure.key]):>14}"
                if figure.key in summary[key][g]
                else f"{'-':>14}"
                for g in present
            ]
            line = f"{figure.label:<{width}}" + "".join(cells)
            if both and figure.key != "problems":
                line += f"{'x' + format(ratio(summary, key, figure.key), '.2f'):>10}"
            out.append(line)
    if "fanout-max" in summary and {"irc", "web"} <= summary["fanout-max"].keys():
        out.append("")
        for key in MEASUREMENTS:
            value = ratio(summary, key, "deliveries_per_cpu_second")
            verdict = "met" if value >= TARGET_RATIO else "NOT met"
            out.append(
                f"{key}: web/IRC deliveries per server-CPU-second x{value:.2f} "
                f"(target at least x{TARGET_RATIO:.2f}: {verdict})"
            )
    return "\n".join(out)


def one_line(gateway: str, result: Mapping[str, Any]) -> str:
    """A progress line for one run."""
    if "error" in result:
        return f"{gateway}: FAILED: {result['error']}"
    parts = []
    for key, figures in measurements(result).items():
        parts.append(
            f"{key}: {figures['deliveries_per_cpu_second']:,.0f} deliv/CPU-s, "
            f"{figures['messages_per_second']:,.0f} msg/s, "
            f"p50/p99 {figures['latency_p50_ms']:.1f}/{figures['latency_p99_ms']:.1f} ms"
            + (f", {figures['problems']:.0f} problems" if figures["problems"] else "")
        )
        first_error = result[key].get("first_error")
        if first_error:
            parts.append(f"first error reply: {first_error}")
    if result.get("events_before_welcome"):
        parts.append(f"{result['events_before_welcome']} events came before welcome")
    return f"{gateway}: " + "; ".join(parts)
