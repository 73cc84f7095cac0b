"""The telnet benchmark against a real ``boudoir serve``: clients log in and go to their rooms,
every say and pose reaches every other member and comes back to its speaker, nothing is lost,
and one invocation prints the table. Evennia's side is not tested here (it installs Evennia
from PyPI): ``python -m bench.telnet --quick`` runs it by hand."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from bench.telnet.__main__ import main
from bench.telnet.boudoir import BoudoirTelnet
from bench.telnet.jobs import TelnetJob
from bench.telnet.loadgen import run_telnet

pytestmark = pytest.mark.slow

CLIENTS = 12
ROOMS = 2
SPEAKERS = 4


def test_a_small_telnet_run_delivers_every_say_and_pose_to_every_other_member(
    tmp_path: Path,
) -> None:
    launcher = BoudoirTelnet(CLIENTS, ROOMS)
    launcher.prepare(tmp_path)
    with launcher.start(tmp_path) as target:
        job = TelnetJob(
            target,
            clients=CLIENTS,
            rooms=ROOMS,
            speakers=SPEAKERS,
            seconds=1.0,
            rate=200.0,
            warmup_seconds=0.2,
            idle_levels=(CLIENTS // 2, CLIENTS),
        )
        result = asyncio.run(run_telnet(job))
    for key in ("fanout-max", "fanout-rated"):
        window = result[key]
        assert window["messages"] > 0, key
        # 6 members a room: each message reaches the 5 others, and comes back to its speaker.
        assert window["expected_deliveries"] == window["messages"] * (CLIENTS // ROOMS - 1)
        assert window["deliveries"] == window["expected_deliveries"], key
        assert window["echoes"] == window["messages"], key
        assert (window["missing"], window["unexpected"], window["lost_connections"]) == (0, 0, 0)
        assert window["latency"]["samples"] > 0
        assert window["server_cpu_seconds"] > 0
    # The rated window sent about 200 messages in its second (10 ms ticks).
    assert 150 <= result["fanout-rated"]["messages"] <= 210
    levels = result["levels"]
    assert [level["registered"] for level in levels] == [CLIENTS // 2, CLIENTS]
    assert levels[-1]["rss_kib"] > result["baseline_rss_kib"]


def test_one_invocation_runs_boudoir_and_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "bench.json"
    arguments = ["--servers", "boudoir", "--quick", "--clients", str(CLIENTS)]
    arguments += ["--rooms", str(ROOMS), "--speakers", str(SPEAKERS), "--seconds", "1"]
    assert main([*arguments, "--json", str(output)]) == 0
    document = json.loads(output.read_text())
    (run,) = document["runs"]
    assert run["server"] == "boudoir"
    assert run["fanout-max"]["deliveries"] == run["fanout-max"]["expected_deliveries"] > 0
    assert document["medians"]["fanout-max"]["boudoir"]["deliveries_per_cpu_second"] > 0
    assert f"idle-{CLIENTS}" in document["medians"]
    printed = capsys.readouterr().out
    assert "== fanout-max" in printed
    assert "deliv/CPU-s" in printed
