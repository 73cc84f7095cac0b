"""The markup benchmark runs and prints a figure for each case."""

from __future__ import annotations

import pytest

from bench import markup


def test_the_command_line_prints_every_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert markup.main(["--number", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split(":")[0] for line in lines]
    assert names[:2] == ["ordinary parse", "plain parse"]
    assert set(markup.HOSTILE) <= set(names)
    assert all("µs" in line for line in lines)
