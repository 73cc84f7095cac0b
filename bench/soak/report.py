"""The soak's figures: the line printed every interval, the summary, and the targets.

Imports the standard library and ``bench.soak.stats``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bench.soak.stats import quantiles

RSS_GROWTH_TARGET_PERCENT = 2.0
P99_TARGET_MS = 100.0
FULL_SCALE = {"connections": 10_000, "rooms": 200, "minutes": 10.0, "speaking": 0.01}
"""The requirement's soak: 10,000 connections, 200 rooms, 1% speaking each second, 10 min."""


def interval_line(figures: Mapping[str, Any]) -> str:
    latency = figures["latency"]
    p99 = f"{latency['p99_ms']:7.1f} ms" if latency.get("samples") else "      - ms"
    return (
        f"{figures['elapsed_seconds']:6.0f} s  RSS {figures['rss_kib'] / 1024:7.1f} MiB  "
        f"sent {figures['messages']:6,} ({figures['messages_total']:8,})  "
        f"deliveries {figures['deliveries']:9,}  missing {figures['missing_so_far']:7,}  "
        f"p99 {p99}"
    )


def latency_figures(histograms: Mapping[str, Mapping[int, int]]) -> dict[str, Any]:
    """Overall and per receiving gateway."""
    overall: dict[int, int] = {}
    for histogram in histograms.values():
        for bin_, count in histogram.items():
            overall[bin_] = overall.get(bin_, 0) + count
    return {
        "overall": quantiles(overall),
        **{gateway: quantiles(histogram) for gateway, histogram in histograms.items()},
    }


def targets(summary: Mapping[str, Any], scale: Mapping[str, Any]) -> dict[str, bool]:
    loss = summary["loss"]
    p99 = summary["latency"]["overall"].get("p99_ms")
    return {
        "rss_flat": summary["rss"]["growth_percent"] < RSS_GROWTH_TARGET_PERCENT,
        "no_loss": loss["missing"] == 0 and loss["extra"] == 0 and loss["cut_connections"] == 0,
        "p99_under_100_ms": p99 is not None and p99 < P99_TARGET_MS,
        "full_scale": all(scale[key] >= value for key, value in FULL_SCALE.items()),
    }


def summary_text(summary: Mapping[str, Any], met: Mapping[str, bool]) -> str:
    rss, loss, cpu = summary["rss"], summary["loss"], summary["cpu"]
    lines = [
        "",
        "soak summary",
        f"  setup: {summary['connections']:,} connections "
        f"({', '.join(f'{g} {n:,}' for g, n in summary['gateways'].items())}) "
        f"in {summary['rooms']} rooms, logged in and joined in {summary['setup_seconds']:.0f} s",
        f"  RSS: idle {rss['idle_kib'] / 1024:.1f} MiB, after setup "
        f"{rss['after_setup_kib'] / 1024:.1f} MiB, at {rss['baseline_seconds']:.0f} s "
        f"{rss['baseline_kib'] / 1024:.1f} MiB, at end {rss['end_kib'] / 1024:.1f} MiB "
        f"(peak {rss['peak_kib'] / 1024:.1f} MiB): growth {rss['growth_percent']:+.2f}%",
        f"  messages: {summary['messages']:,} sent, {summary['deliveries']:,} of "
        f"{summary['expected_deliveries']:,} deliveries, {summary['echoes']:,} of "
        f"{summary['expected_echoes']:,} echoes (a speaker's own line, browser and telnet)",
        f"  loss: missing {loss['missing']:,}, extra {loss['extra']:,}, cut connections "
        f"{loss['cut_connections']} ({_per_gateway(loss['cut'])}), speakers skipped "
        f"(cut) {loss['skipped']}, web error replies {loss['web_errors']}",
        "  latency (send stamp to receipt, by receiving gateway):",
    ]
    for name, figures in summary["latency"].items():
        if figures.get("samples"):
            lines.append(
                f"    {name:8} p50 {figures['p50_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                f"max {figures['max_ms']:8.1f} ms  ({figures['samples']:,} deliveries)"
            )
    lines += [
        f"  CPU over the {cpu['wall_seconds']:.0f} s of speaking: server "
        f"{cpu['server_share']:.0%} of a core, load generators {cpu['generators_share']:.0%} "
        f"({cpu['generators_per_process']}), orchestrator {cpu['orchestrator_share']:.0%}; "
        f"machine ({cpu['cpus']} CPUs) busy {cpu['machine_busy_share']:.0%}, of which "
        f"{cpu['other_cores']:.2f} cores were others' work (load average "
        f"{cpu['load_average_start']:.1f} at start, {cpu['load_average_end']:.1f} at end)",
        "",
        "targets",
        f"  RSS growth under {RSS_GROWTH_TARGET_PERCENT:g}% after "
        f"{rss['baseline_seconds']:.0f} s (the target: the first minute): "
        f"{_mark(met['rss_flat'])} ({rss['growth_percent']:+.2f}%)",
        f"  no loss: {_mark(met['no_loss'])}",
        f"  p99 delivery under {P99_TARGET_MS:g} ms: {_mark(met['p99_under_100_ms'])}",
    ]
    if not met["full_scale"]:
        lines.append(
            "  (reduced scale: the targets are stated for 10,000 connections in 200 rooms, "
            "1% speaking each second, for 10 minutes)"
        )
    return "\n".join(lines)


def _per_gateway(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{gateway} {count}" for gateway, count in counts.items())


def _mark(met: bool) -> str:
    return "MET" if met else "NOT MET"
