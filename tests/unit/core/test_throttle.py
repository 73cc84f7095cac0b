"""The login throttle says how long to wait: a browser's Retry-After and a client's retry
should be the real time until the oldest failure leaves the window, not a guess."""

from __future__ import annotations

import pytest

from boudoir.core.throttle import FailureThrottle
from boudoir.domain.errors import Throttled


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_is_until_the_oldest_failure_leaves_the_window() -> None:
    clock = FakeClock()
    throttle = FailureThrottle(limit=3, window=60.0, clock=clock)
    for step in (0.0, 10.0, 5.0):
        clock.now += step
        throttle.failed("alice")
    clock.now += 20.0  # 35 s after the first failure
    with pytest.raises(Throttled) as refused:
        throttle.check("alice")
    assert refused.value.retry_after == pytest.approx(25.0)
    clock.now += 25.0
    throttle.check("alice")  # the first failure has left the window: one attempt is free


def test_another_key_is_not_held_up() -> None:
    throttle = FailureThrottle(limit=1, window=60.0, clock=FakeClock())
    throttle.failed("alice")
    with pytest.raises(Throttled):
        throttle.check("alice")
    throttle.check("bob")
