"""The soak benchmark: every room holds all three gateways in the stated mix, the ledger finds
missing and extra deliveries, and a small soak against a real ``boudoir serve`` delivers every
line to every other member of its room, on every gateway, and says which targets it met."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from bench.soak.__main__ import main
from bench.soak.plan import GATEWAYS, Plan
from bench.soak.stats import BIN_NS, Ledger, quantiles


def plan(connections: int, rooms: int) -> Plan:
    return Plan(connections, rooms, speaking=0.01, workers=2, seed=1, text_size=64)


def test_every_room_holds_seventy_twenty_ten_of_irc_browser_and_telnet() -> None:
    soak = plan(10_000, 200)
    assert soak.gateway_counts() == {"irc": 7000, "web": 2000, "telnet": 1000}
    assert soak.room_sizes() == [50] * 200
    per_room: dict[int, Counter[str]] = {}
    for index in range(soak.connections):
        per_room.setdefault(soak.room(index), Counter())[soak.gateway(index)] += 1
    assert all(counts == {"irc": 35, "web": 10, "telnet": 5} for counts in per_room.values())
    # Both load generators hold members of every gateway.
    assert {(soak.worker(i), soak.gateway(i)) for i in range(40)} == {
        (worker, gateway) for worker in (0, 1) for gateway in GATEWAYS
    }


def test_the_ledger_counts_missing_and_extra_deliveries_per_message() -> None:
    ledger = Ledger(room_sizes=[3, 4])  # messages expected at 2 and 3 other members
    ledger.record_sent([(1, 100, 0), (2, 200, 1), (3, 300, 1)])
    ledger.record_received({1: 2, 2: 1, 9: 1})
    ledger.record_received({2: 1, 3: 4})
    assert ledger.missing() == 1  # message 2: 2 of 3
    assert ledger.missing(sent_before_ns=150) == 0
    assert ledger.extra() == 2  # message 3 once too often, message 9 never sent
    assert ledger.expected_total() == 8


def test_percentiles_come_from_the_histogram_bins() -> None:
    histogram = {0: 50, 9: 49, 2000: 1}  # 0.1 ms, 1 ms, and one at 200.1 ms
    figures = quantiles(histogram)
    assert figures["samples"] == 100
    assert figures["p50_ms"] == pytest.approx(BIN_NS / 1e6)
    assert figures["p99_ms"] == pytest.approx(1.0)
    assert figures["max_ms"] == pytest.approx(200.1)


@pytest.mark.slow
def test_a_small_soak_delivers_every_line_on_every_gateway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "soak.json"
    arguments = ["--connections", "20", "--rooms", "2", "--minutes", "0.1"]
    arguments += ["--speaking", "0.5", "--interval", "2", "--json", str(output)]
    assert main(arguments) == 0
    result = json.loads(output.read_text())
    summary = result["summary"]
    assert summary["messages"] > 0
    assert summary["deliveries"] == summary["expected_deliveries"]
    assert summary["echoes"] == summary["expected_echoes"]
    assert summary["loss"]["missing"] == summary["loss"]["extra"] == 0
    assert summary["loss"]["cut_connections"] == 0
    assert all(summary["latency"][gateway]["samples"] > 0 for gateway in GATEWAYS)
    assert result["targets"]["no_loss"] is True
    assert result["targets"]["full_scale"] is False
    printed = capsys.readouterr().out
    assert "no loss: MET" in printed
    assert "reduced scale" in printed
