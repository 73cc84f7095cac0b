"""Turn raw per-run results into figures, medians over rounds, and a text table.

A *run* is one server in one round of one scenario; its result is what the load generator
sent back (see ``fanout.py``, ``direct.py``, ``idle.py``). Each run yields one or more
*measurements*, keyed ``fanout-max``, ``fanout-rated``, ``dm``, ``idle-<n>``,
``idle-sasl-<n>``, each a flat dictionary of figures. Imports the standard library only.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REFERENCE = "inspircd"
"""Ratios compare each server with this one (value / reference)."""


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    format: str


MESSAGE_FIGURES = (
    Figure("server_cpu_seconds", "server CPU s", "{:.2f}"),
    Figure("cpu_seconds_per_100k_deliveries", "CPU s/100k deliv", "{:.3f}"),
    Figure("deliveries_per_cpu_second", "deliv/CPU-s", "{:,.0f}"),
    Figure("messages_per_second", "msg/s", "{:,.0f}"),
    Figure("deliveries_per_second", "deliv/s", "{:,.0f}"),
    Figure("latency_p50_ms", "p50 ms", "{:.2f}"),
    Figure("latency_p99_ms", "p99 ms", "{:.2f}"),
    Figure("server_cpu_share", "server CPU %", "{:.0%}"),
    Figure("loadgen_cpu_share", "loadgen CPU %", "{:.0%}"),
    Figure("loadgen_us_per_delivery", "loadgen CPU µs/deliv", "{:.3f}"),
    Figure("machine_busy_share", "machine busy %", "{:.0%}"),
    Figure("other_cores", "other load, cores", "{:.2f}"),
    Figure("problems", "missing+lost+skipped+extra", "{:.0f}"),
)

DIRECT_FIGURES = (
    Figure("server_cpu_seconds", "server CPU s", "{:.2f}"),
    Figure("cpu_us_per_message", "CPU µs/DM", "{:.1f}"),
    Figure("deliveries_per_cpu_second", "DM/CPU-s", "{:,.0f}"),
    Figure("messages_per_second", "DM/s", "{:,.0f}"),
    Figure("latency_p50_ms", "RTT p50 ms", "{:.3f}"),
    Figure("latency_p99_ms", "RTT p99 ms", "{:.3f}"),
    Figure("server_cpu_share", "server CPU %", "{:.0%}"),
    Figure("loadgen_cpu_share", "loadgen CPU %", "{:.0%}"),
    Figure("loadgen_us_per_delivery", "loadgen CPU µs/DM", "{:.2f}"),
    Figure("machine_busy_share", "machine busy %", "{:.0%}"),
    Figure("other_cores", "other load, cores", "{:.2f}"),
    Figure("problems", "missing+lost", "{:.0f}"),
)

IDLE_FIGURES = (
    Figure("rss_kib_per_connection", "RSS KiB/conn", "{:.1f}"),
    Figure("pss_kib_per_connection", "Pss KiB/conn", "{:.1f}"),
    Figure("rss_kib_marginal", "RSS KiB/conn, marginal", "{:.1f}"),
    Figure("pss_kib_marginal", "Pss KiB/conn, marginal", "{:.1f}"),
    Figure("rss_mib", "RSS MiB", "{:.1f}"),
    Figure("register_cpu_ms_per_connection", "CPU ms/new registration", "{:.3f}"),
)


def figures_for(key: str) -> tuple[Figure, ...]:
    if key.startswith("idle"):
        return IDLE_FIGURES
    if key == "dm":
        return DIRECT_FIGURES
    return MESSAGE_FIGURES


def measurements(scenario: str, result: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The flat figures of one run, by measurement key; empty when the run failed."""
    if "error" in result:
        return {}
    if scenario == "fanout":
        return {key: _message_figures(result[key]) for key in ("fanout-max", "fanout-rated")}
    if scenario == "dm":
        return {"dm": _message_figures(result["dm"], direct=True)}
    found: dict[str, dict[str, float]] = {}
    for level in result["levels"]:
        if "error" not in level:
            found[f"{scenario}-{level['connections']}"] = _idle_figures(level)
    return found


def _message_figures(raw: Mapping[str, Any], *, direct: bool = False) -> dict[str, float]:
    cpu = raw["server_cpu_seconds"]
    wall = raw["wall_seconds"]
    deliveries = raw["deliveries"]
    latency = raw["latency"]
    figures = {
        "server_cpu_seconds": cpu,
        "messages_per_second": raw["messages"] / wall,
        "deliveries_per_second": deliveries / wall,
        "deliveries_per_cpu_second": deliveries / cpu if cpu else float("nan"),
        "cpu_seconds_per_100k_deliveries": cpu / deliveries * 1e5 if deliveries else float("nan"),
        "latency_p50_ms": latency.get("p50_ms", float("nan")),
        "latency_p99_ms": latency.get("p99_ms", float("nan")),
        "server_cpu_share": cpu / wall,
        "loadgen_cpu_share": raw["loadgen_cpu_seconds"] / wall,
        # The load generator's own cost: what bounds the deliveries it can take in.
        "loadgen_us_per_delivery": raw["loadgen_cpu_seconds"] / deliveries * 1e6
        if deliveries
        else float("nan"),
        "machine_busy_share": raw.get("machine_busy_share", float("nan")),
        # CPU (in cores) used by neither the server nor the load generator: other processes
        # and kernel work charged to none. High values flag a noisy run.
        "other_cores": raw.get("machine_busy_share", float("nan")) * raw.get("cpus", 1.0)
        - (cpu + raw["loadgen_cpu_seconds"]) / wall,
        "problems": raw["missing"]
        + raw["lost_connections"]
        + raw.get("skipped", 0)
        + raw.get("unexpected", 0),
    }
    if direct:
        figures["cpu_us_per_message"] = cpu / deliveries * 1e6 if deliveries else float("nan")
    return figures


def _idle_figures(level: Mapping[str, Any]) -> dict[str, float]:
    new = level.get("new_connections", level["connections"])
    return {
        "rss_kib_per_connection": level["rss_kib_per_connection"],
        "pss_kib_per_connection": level["pss_kib_per_connection"],
        "rss_kib_marginal": level["rss_kib_marginal"],
        "pss_kib_marginal": level["pss_kib_marginal"],
        "rss_mib": level["rss_kib"] / 1024,
        # The CPU of this level's registrations only, over the connections it added.
        "register_cpu_ms_per_connection": level["register_server_cpu_seconds"] / new * 1e3,
        "register_wall_seconds": level["register_wall_seconds"],
    }


@dataclass(frozen=True, slots=True)
class Run:
    scenario: str
    round: int
    server: str
    result: Mapping[str, Any]


Summary = dict[str, dict[str, dict[str, float]]]
"""measurement key -> server -> figure -> median over rounds"""


def summarize(runs: Iterable[Run]) -> Summary:
    collected: dict[str, dict[str, dict[str, list[float]]]] = {}
    for run in runs:
        for key, figures in measurements(run.scenario, run.result).items():
            per_server = collected.setdefault(key, {}).setdefault(run.server, {})
            for name, value in figures.items():
                per_server.setdefault(name, []).append(value)
    return {
        key: {
            server: {name: statistics.median(values) for name, values in figures.items()}
            for server, figures in servers.items()
        }
        for key, servers in collected.items()
    }


def render(summary: Summary, servers: list[str], runs: Mapping[str, Mapping[str, int]]) -> str:
    """One table per measurement: a row per figure, a column per server, with ratios to
    InspIRCd in brackets. ``runs`` counts the runs behind each median (key -> server -> n)."""
    out: list[str] = []
    for key in sorted(summary, key=_order):
        present = [server for server in servers if server in summary[key]]
        figures = figures_for(key)
        width = max(len(figure.label) for figure in figures) + 2
        counts = ", ".join(f"{server} {runs.get(key, {}).get(server, 0)}" for server in present)
        out.append(f"\n== {key} (medians; runs: {counts})")
        out.append(" " * width + "".join(f"{server:>22}" for server in present))
        reference = summary[key].get(REFERENCE)
        for figure in figures:
            cells = []
            for server in present:
                value = summary[key][server].get(figure.key)
                if value is None:
                    cells.append(f"{'-':>22}")
                    continue
                text = figure.format.format(value)
                if reference is not None and server != REFERENCE and figure.key != "problems":
                    base = reference.get(figure.key)
                    if base:
                        text += f" (x{value / base:.2f})"
                cells.append(f"{text:>22}")
            out.append(f"{figure.label:<{width}}" + "".join(cells))
    return "\n".join(out)


def _order(key: str) -> tuple[int, int, str]:
    groups = ("fanout-max", "fanout-rated", "dm", "idle-sasl", "idle")
    for position, prefix in enumerate(groups):
        if key.startswith(prefix):
            number = key.rsplit("-", 1)[-1]
            return position, int(number) if number.isdigit() else 0, key
    return len(groups), 0, key


def one_line(scenario: str, server: str, result: Mapping[str, Any]) -> str:
    """A progress line for one run."""
    if "error" in result:
        return f"{server}: FAILED: {result['error']}"
    parts = []
    for key, figures in measurements(scenario, result).items():
        if key.startswith("idle"):
            parts.append(
                f"{key}: {figures['rss_kib_per_connection']:.1f} KiB/conn RSS, "
                f"{figures['pss_kib_per_connection']:.1f} Pss"
            )
        else:
            parts.append(
                f"{key}: {figures['messages_per_second']:,.0f} msg/s, "
                f"{figures['cpu_seconds_per_100k_deliveries']:.3f} CPU s/100k, "
                f"p99 {figures['latency_p99_ms']:.2f} ms"
                + (f", {figures['problems']:.0f} problems" if figures["problems"] else "")
            )
    parts.extend(
        f"{scenario}-{level['connections']}: FAILED: {level['error']}"
        for level in result.get("levels", [])
        if "error" in level
    )
    return f"{server}: " + "; ".join(parts)
