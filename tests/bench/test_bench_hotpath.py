"""The in-process hot-path benchmark runs room speech through the real gateway code: every
member gets each line (one write per flush), and the figures come out."""

from __future__ import annotations

import pytest

from bench import hotpath


@pytest.mark.parametrize("run", [hotpath.web, hotpath.irc])
async def test_every_member_gets_every_flush(run: object) -> None:
    result = await run(4, 40, 4)  # type: ignore[operator]
    assert result.writes == 40 // 4
    assert result.us_per_message > 0
    assert result.us_per_delivery == pytest.approx(result.us_per_message / 3)


def test_the_command_line_prints_one_line_per_gateway(capsys: pytest.CaptureFixture[str]) -> None:
    assert hotpath.main(["--members", "3", "--messages", "10", "--batch", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["web", "irc"]
