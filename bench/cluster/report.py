"""Figures of the several-nodes benchmark: per run, medians over rounds, and the two ratios.

- **Cross-node cost.** With the speakers on node a, a delivery to a listener on node a is
  local and one to a listener on node b crosses Redis. ``fanout-one`` gives the local cost per
  delivery ``L`` (both nodes' CPU over the deliveries); ``fanout-split`` the mean ``M`` over
  deliveries of which a share ``s`` crossed. The cost of a crossing delivery is then
  ``X = (M - (1 - s) L) / s``, and the ratio that counts is ``X / L``.
- **Scaling.** Deliveries per second at saturation of ``scale-two`` over ``scale-one``; and,
  since the load generator shares the machine's cores with the nodes, the same ratio if each
  node had its core to itself: ``nodes x deliveries per CPU-second``, two nodes over one.

Imports the standard library and ``bench.irc.report``.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

from bench.irc import report as irc_report

WINDOWS = ("fanout-max", "fanout-rated")
WATCHED = ("node_a", "node_b", "redis")

COLUMNS = (
    ("deliveries_per_second", "deliv/s", "{:,.0f}"),
    ("cpu_seconds_per_100k_deliveries", "CPU s/100k", "{:.3f}"),
    ("with_redis_per_100k_deliveries", "+Redis", "{:.3f}"),
    ("node_a_cpu_share", "node a", "{:.0%}"),
    ("node_b_cpu_share", "node b", "{:.0%}"),
    ("redis_cpu_share", "Redis", "{:.0%}"),
    ("loadgen_cpu_share", "loadgen", "{:.0%}"),
    ("other_cores", "other", "{:.2f}"),
    ("machine_busy_share", "machine", "{:.0%}"),
    ("latency_p50_ms", "p50 ms", "{:.1f}"),
    ("latency_p99_ms", "p99 ms", "{:.1f}"),
    ("problems", "problems", "{:.0f}"),
)
"""Shares are of one core over the window; *other* is the cores that neither the nodes, Redis
nor the load generator used (other processes: other test suites on a shared machine);
*machine* is how busy all the machine's cores were. A saturation window with the nodes below
their cores and the machine near 100% was bound by the machine's CPU, not by the load
generator's window; with the machine well below 100%, by latency."""


def figures(result: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """``bench.irc``'s figures of both windows of one run, with each node's and Redis's."""
    found = irc_report.measurements("fanout", result)
    for key, flat in found.items():
        raw = result[key]
        wall = raw["wall_seconds"]
        for name in WATCHED:
            flat[f"{name}_cpu_share"] = raw.get(f"{name}_cpu_seconds", 0.0) / wall
        redis = raw.get("redis_cpu_seconds", 0.0)
        flat["other_cores"] -= redis / wall
        with_redis = raw["server_cpu_seconds"] + redis
        deliveries = raw["deliveries"]
        flat["with_redis_per_100k_deliveries"] = (
            with_redis / deliveries * 1e5 if deliveries else float("nan")
        )
    return found


def medians(
    runs: list[tuple[str, dict[str, dict[str, float]]]],
) -> dict[str, dict[str, dict[str, float]]]:
    """arrangement -> window -> figure -> median over the rounds that measured it."""
    collected: dict[str, dict[str, dict[str, list[float]]]] = {}
    for arrangement, found in runs:
        for window, flat in found.items():
            slot = collected.setdefault(arrangement, {}).setdefault(window, {})
            for name, value in flat.items():
                slot.setdefault(name, []).append(value)
    return {
        arrangement: {
            window: {name: statistics.median(values) for name, values in flat.items()}
            for window, flat in by_window.items()
        }
        for arrangement, by_window in collected.items()
    }


def ratios(summary: Mapping[str, Any], share: float) -> dict[str, dict[str, float]]:
    """The cross-node cost ratios (both windows) and the scaling ratios, from the medians;
    whatever an arrangement that did not run would give is left out."""
    found: dict[str, dict[str, float]] = {}
    one, split = summary.get("fanout-one", {}), summary.get("fanout-split", {})
    for window in WINDOWS:
        if window not in one or window not in split or share <= 0:
            continue
        entry = {"cross_share": share}
        for key, label in (
            ("cpu_seconds_per_100k_deliveries", "nodes"),
            ("with_redis_per_100k_deliveries", "with_redis"),
        ):
            local, mean = one[window][key], split[window][key]
            if local <= 0:
                # No CPU time counted in the window (a short one, at a low rate, on a busy
                # machine: /proc counts in ticks of 10 ms): no ratio, rather than a wrong one.
                continue
            entry[f"{label}_mean_over_local"] = mean / local
            entry[f"{label}_cross_over_local"] = (mean - (1 - share) * local) / share / local
        found[f"cross-{window}"] = entry
    single, double = summary.get("scale-one", {}), summary.get("scale-two", {})
    if "fanout-max" in single and "fanout-max" in double:
        s, d = single["fanout-max"], double["fanout-max"]
        found["scaling"] = {
            "deliveries_per_second_two_over_one": d["deliveries_per_second"]
            / s["deliveries_per_second"],
            "full_cores_two_over_one": 2
            * d["deliveries_per_cpu_second"]
            / s["deliveries_per_cpu_second"],
        }
    return found


def one_line(arrangement: str, found: Mapping[str, Mapping[str, float]]) -> str:
    flat = found["fanout-max"]
    return (
        f"{arrangement}: {flat['deliveries_per_second']:,.0f} deliv/s, "
        f"{flat['cpu_seconds_per_100k_deliveries']:.3f} CPU s/100k (rated "
        f"{found['fanout-rated']['cpu_seconds_per_100k_deliveries']:.3f}), nodes "
        f"{flat['node_a_cpu_share']:.0%}+{flat['node_b_cpu_share']:.0%}, Redis "
        f"{flat['redis_cpu_share']:.0%}, loadgen {flat['loadgen_cpu_share']:.0%}, other "
        f"{flat['other_cores']:.2f} cores, machine {flat['machine_busy_share']:.0%} busy, "
        f"problems {flat['problems']:.0f}"
    )


def render(summary: Mapping[str, Any], found_ratios: Mapping[str, Mapping[str, float]]) -> str:
    lines: list[str] = []
    for window in WINDOWS:
        lines.append(f"\n== {window} (medians over rounds)")
        lines.append(" | ".join(["arrangement", *(label for _, label, _ in COLUMNS)]))
        for arrangement, by_window in summary.items():
            flat = by_window.get(window)
            if flat is not None:
                cells = [form.format(flat.get(key, float("nan"))) for key, _, form in COLUMNS]
                lines.append(" | ".join([arrangement, *cells]))
    for name, entry in found_ratios.items():
        lines.append(f"\n== {name}")
        lines.extend(f"{key}: {value:.3f}" for key, value in entry.items())
    return "\n".join(lines)
