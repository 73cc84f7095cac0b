"""The WebSocket fan-out benchmark against a real ``boudoir serve``: every message reaches every
other member of its room, each speaker gets its own back, and nothing is lost or refused."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from bench.irc.jobs import FanoutJob, Target
from bench.web.__main__ import main
from bench.web.fanout import run_web_fanout
from bench.web.servers import BoudoirBoth

pytestmark = pytest.mark.slow

CLIENTS = 12
ROOMS = 2
SPEAKERS = 4


def test_a_small_web_fanout_delivers_every_message_to_every_other_member(
    tmp_path: Path,
) -> None:
    launcher = BoudoirBoth(CLIENTS)
    launcher.prepare(tmp_path)
    with launcher.start(tmp_path) as running:
        target = Target("boudoir-web", "127.0.0.1", running.web_port, running.pid, running.password)
        job = FanoutJob(
            target,
            clients=CLIENTS,
            rooms=ROOMS,
            speakers=SPEAKERS,
            seconds=1.0,
            rate=200.0,
            warmup_seconds=0.2,
        )
        result = asyncio.run(run_web_fanout(job))
    for key in ("fanout-max", "fanout-rated"):
        window = result[key]
        assert window["messages"] > 0, key
        # 6 members a room: each message reaches the 5 others, and comes back to its sender.
        assert window["expected_deliveries"] == window["messages"] * (CLIENTS // ROOMS - 1)
        assert window["deliveries"] == window["expected_deliveries"], key
        assert window["echoes"] == window["messages"], key
        assert (window["missing"], window["unexpected"], window["lost_connections"]) == (0, 0, 0)
        assert window["error_replies"] == 0, window["first_error"]
        assert window["latency"]["samples"] > 0
        assert window["server_cpu_seconds"] > 0
    # The rated window sent about 200 messages in its second (10 ms ticks).
    assert 150 <= result["fanout-rated"]["messages"] <= 210


def test_one_invocation_runs_both_gateways_and_reports_the_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "bench.json"
    arguments = ["--quick", "--clients", str(CLIENTS), "--rooms", str(ROOMS)]
    arguments += ["--speakers", str(SPEAKERS), "--seconds", "1", "--json", str(output)]
    assert main(arguments) == 0
    document = json.loads(output.read_text())
    assert [run["gateway"] for run in document["runs"]] == ["irc", "web"]
    for run in document["runs"]:
        assert run["fanout-max"]["deliveries"] == run["fanout-max"]["expected_deliveries"] > 0
    assert document["web_over_irc"]["fanout-max"] > 0
    printed = capsys.readouterr().out
    assert "web/IRC deliveries per server-CPU-second" in printed
