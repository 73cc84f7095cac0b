"""The several-nodes benchmark against real ``boudoir serve`` nodes on the machine's PostgreSQL
and Redis: every arrangement delivers every message to every other member of its room, across
nodes too, and one invocation prints the cross-node and scaling ratios."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bench.cluster.__main__ import main
from bench.cluster.arrangements import BY_NAME, cross_share
from bench.cluster.nodes import (
    postgres_url_from_environment,
    redis_url_from_environment,
    unreachable_reason,
)
from bench.cluster.report import ratios

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CLIENTS = 12
ROOMS = 2
SPEAKERS = 4


def test_placements_put_the_speakers_and_listeners_where_the_arrangements_say() -> None:
    split = [BY_NAME["fanout-split"].place(i, ROOMS, SPEAKERS) for i in range(CLIENTS)]
    # Speakers (clients 0-3) on a; each room's listeners alternate by place in the room.
    assert split == [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]
    # Each room: 6 members, a speaker's message reaches 5, of which 2 on node b.
    assert cross_share(BY_NAME["fanout-split"].place, CLIENTS, ROOMS, SPEAKERS) == 2 / 5
    assert cross_share(BY_NAME["fanout-one"].place, CLIENTS, ROOMS, SPEAKERS) == 0
    assert BY_NAME["scale-two"].cpus([0, 1]) == [0, 1]
    assert BY_NAME["scale-two"].cpus([0]) == [None, None]
    assert BY_NAME["fanout-split"].cpus([0, 1]) == [None, None]


def test_a_window_with_no_cpu_counted_gets_no_ratio_rather_than_a_crash() -> None:
    def window(cpu: float) -> dict[str, float]:
        return {"cpu_seconds_per_100k_deliveries": cpu, "with_redis_per_100k_deliveries": cpu}

    summary = {
        "fanout-one": {"fanout-max": window(1.0), "fanout-rated": window(0.0)},
        "fanout-split": {"fanout-max": window(1.5), "fanout-rated": window(2.0)},
    }
    found = ratios(summary, 0.5)
    assert found["cross-fanout-max"]["nodes_mean_over_local"] == 1.5
    assert found["cross-fanout-max"]["nodes_cross_over_local"] == 2.0
    assert "nodes_mean_over_local" not in found.get("cross-fanout-rated", {})


def test_one_invocation_runs_every_arrangement_and_reports_the_ratios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = unreachable_reason(postgres_url_from_environment(), redis_url_from_environment())
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true requires PostgreSQL and Redis")
        pytest.skip(f"{reason}; set BOUDOIR_TEST_POSTGRES_URL and BOUDOIR_TEST_REDIS_URL")
    output = tmp_path / "bench.json"
    arguments = ["--quick", "--clients", str(CLIENTS), "--rooms", str(ROOMS)]
    arguments += ["--speakers", str(SPEAKERS), "--seconds", "0.5", "--json", str(output)]
    assert main(arguments) == 0
    document = json.loads(output.read_text())
    assert [run["arrangement"] for run in document["runs"]] == [
        "fanout-one",
        "fanout-split",
        "scale-one",
        "scale-two",
    ]
    for run in document["runs"]:
        for window in ("fanout-max", "fanout-rated"):
            figures = run[window]
            assert figures["deliveries"] == figures["expected_deliveries"] > 0, run
            assert (figures["missing"], figures["unexpected"], figures["lost_connections"]) == (
                0,
                0,
                0,
            )
        # The rated window of a half-second run may count no tick of CPU on a busy machine.
        assert run["fanout-max"]["node_a_cpu_seconds"] > 0
    assert run["cpus"] in ([0, 1], [None, None])  # the last: two pinned nodes, when 2 cores
    assert document["runs"][1]["fanout-max"]["node_b_cpu_seconds"] > 0
    ratios = document["ratios"]
    assert ratios["cross-fanout-max"]["nodes_cross_over_local"] > 0
    assert ratios["scaling"]["deliveries_per_second_two_over_one"] > 0
    assert "== scaling" in capsys.readouterr().out
