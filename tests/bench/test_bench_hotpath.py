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


async def test_each_direct_message_reaches_its_recipient_at_once() -> None:
    # One pair answering each other, flushed after each message: the first gets every other
    # one, each in its own write; none waited for the store (the run raises if one did).
    result = await hotpath.irc_dm(1, 40, 1)
    assert result.writes == 40 // 2
    assert result.us_per_message > 0


def test_the_command_line_measures_direct_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert hotpath.main(["--dm", "--messages", "10"]) == 0
    assert capsys.readouterr().out.startswith("irc-dm: PRIVMSG nick")
