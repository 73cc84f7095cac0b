"""Throttles say how long to wait (a browser's Retry-After, a client's retry), slow a password
guesser more with each failure without locking out the person guessed at, and limit sign-ups."""

from __future__ import annotations

import pytest

from boudoir.core import login_throttle
from boudoir.core.login_throttle import (
    FREE_ADDRESS_FAILURES,
    FREE_PAIR_FAILURES,
    IN_FLIGHT_RETRY_SECONDS,
    MAX_BACKOFF_SECONDS,
    MAX_IN_FLIGHT_PER_ADDRESS,
    NAME_SOFT_LIMIT,
    NAME_UNDER_ATTACK_DELAY,
    NAME_WINDOW_SECONDS,
    LoginThrottle,
)
from boudoir.core.throttle import FailureThrottle, SignupThrottle
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


def refusal(throttle: LoginThrottle, address: str, name: str) -> float | None:
    """How long the throttle says to wait, or None if it let the attempt through."""
    try:
        throttle.attempt(address, name)
    except Throttled as refused:
        return refused.retry_after
    return None


def test_a_guesser_waits_longer_after_each_failure_past_the_free_ones() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock)
    for _ in range(FREE_PAIR_FAILURES):
        assert throttle.attempt("10.0.0.2", "alice") == 0.0
    waits = []
    for _ in range(40):
        wait = refusal(throttle, "10.0.0.2", "alice")
        if wait is not None:
            waits.append(wait)
            clock.now += wait
    # Doubling from two seconds up to a quarter of an hour; the second wait is the name's
    # soft limit, which holds an address with failures until the attack has calmed a minute.
    assert waits[:4] == [2.0, NAME_WINDOW_SECONDS, 8.0, 16.0]
    assert waits[4:] == [32.0, 64.0, 128.0, 256.0, 512.0] + [MAX_BACKOFF_SECONDS] * 11


def test_the_owner_of_a_name_under_attack_is_delayed_at_most_never_refused() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock)
    throttle.attempt("127.0.0.1", "alice")
    throttle.succeeded("127.0.0.1", "alice")
    for number in range(NAME_SOFT_LIMIT):  # wrong guesses, from a spray of addresses
        throttle.attempt(f"10.0.0.{number}", "alice")
        clock.now += 1.0
    # A guessing address waits until the attack has calmed down.
    assert refusal(throttle, "10.0.0.0", "alice") == NAME_WINDOW_SECONDS - 1.0
    # From where she logged in before: at once; from an address that never failed: a moment.
    assert throttle.attempt("127.0.0.1", "alice") == 0.0
    assert throttle.attempt("192.0.2.1", "alice") == NAME_UNDER_ATTACK_DELAY


def test_a_bouncer_logging_everyone_in_at_once_is_not_refused() -> None:
    # After a restart a bouncer (or a web IRC client) logs its people in at once, from one
    # address: every login waits for its verification, and none counts as a failure yet.
    throttle = LoginThrottle(FakeClock())
    people = [f"person{number}" for number in range(MAX_IN_FLIGHT_PER_ADDRESS)]
    for name in people:
        assert refusal(throttle, "192.0.2.7", name) is None
    # Past the bound, one more waits a moment rather than joining the pile.
    assert refusal(throttle, "192.0.2.7", "one-more") == IN_FLIGHT_RETRY_SECONDS
    for name in people:
        throttle.settled("192.0.2.7")
        throttle.succeeded("192.0.2.7", name)
    assert refusal(throttle, "192.0.2.7", "one-more") is None


def test_guesses_in_flight_count_as_failures_once_they_have_failed() -> None:
    throttle = LoginThrottle(FakeClock())
    guesses = [f"victim{number}" for number in range(FREE_ADDRESS_FAILURES + 5)]
    for name in guesses:
        assert refusal(throttle, "203.0.113.9", name) is None
    for _ in guesses:
        throttle.settled("203.0.113.9")  # each one a wrong password
    wait = refusal(throttle, "203.0.113.9", "victim-next")
    assert wait is not None
    assert wait > 0


def test_memory_stays_bounded_under_a_spray_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_throttle, "MAX_TRACKED", 10)
    throttle = LoginThrottle(FakeClock())
    for number in range(100):
        throttle.attempt(f"10.0.{number}.1", f"name{number}")
        throttle.settled(f"10.0.{number}.1")
        throttle.succeeded(f"10.0.{number}.1", f"name{number}")
    assert max(throttle.statistics().values()) <= 10


def test_sign_ups_are_limited_per_address_and_overall() -> None:
    clock = FakeClock()
    signups = SignupThrottle(per_address_per_hour=2, per_minute=3, clock=clock)
    signups.attempt("10.0.0.1")
    signups.attempt("10.0.0.1")
    with pytest.raises(Throttled) as refused:
        signups.attempt("10.0.0.1")
    assert refused.value.message == "Too many sign-ups from your address; try again in 60 minutes."
    signups.attempt("10.0.0.2")
    with pytest.raises(Throttled) as refused:
        signups.attempt("10.0.0.3")
    assert refused.value.message == "Too many sign-ups right now; try again in a minute."
    clock.now += 60.0
    signups.attempt("10.0.0.3")
