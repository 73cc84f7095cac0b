"""The command pacer: a burst at once, then a steady rate; a command past it waits, and none
is dropped. Times are given, not measured: these run in microseconds."""

from __future__ import annotations

import pytest

from boudoir.gateways.pacing import CommandPacer


def spend(pacer: CommandPacer, now: float, count: int) -> int:
    """How many of ``count`` commands at ``now`` get a token."""
    return sum(pacer.take(now) for _ in range(count))


def test_a_burst_runs_at_once_and_the_next_command_waits() -> None:
    pacer = CommandPacer(burst=20, rate=4.0, now=100.0)
    assert spend(pacer, 100.0, 20) == 20
    assert not pacer.take(100.0)


def test_the_wait_is_until_the_next_token() -> None:
    pacer = CommandPacer(burst=2, rate=4.0, now=0.0)
    spend(pacer, 0.0, 2)
    assert not pacer.take(0.0)
    assert pacer.delay() == pytest.approx(0.25)
    assert not pacer.take(0.2), "not yet: 0.8 of a token"
    assert pacer.delay() == pytest.approx(0.05)
    assert pacer.take(0.25)


def test_tokens_come_back_at_the_rate_and_never_past_the_burst() -> None:
    pacer = CommandPacer(burst=5, rate=2.0, now=0.0)
    spend(pacer, 0.0, 5)
    assert spend(pacer, 1.0, 5) == 2, "one second at 2 per second"
    assert spend(pacer, 1000.0, 10) == 5, "a long silence refills the burst, no more"


def test_a_steady_client_under_the_rate_never_waits() -> None:
    pacer = CommandPacer(burst=1, rate=4.0, now=0.0)
    assert all(pacer.take(i * 0.25) for i in range(100))


def test_a_pacer_made_before_its_clock_starts_is_full() -> None:
    """Gateways make the pacer with the connection (``now`` 0); the bucket is full anyway."""
    pacer = CommandPacer(burst=3, rate=1.0)
    assert spend(pacer, 5000.0, 4) == 3
