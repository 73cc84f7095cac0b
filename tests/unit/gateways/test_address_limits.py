"""Per-address connection limits shared by the IRC and telnet listeners."""

from __future__ import annotations

from boudoir.gateways.admission import TOO_FAST, TOO_MANY, AddressLimits


def test_at_most_max_open_at_once_and_a_closed_one_frees_its_place() -> None:
    limits = AddressLimits(max_open=2, burst=10, rate=1.0)
    assert limits.admit("10.0.0.1", 0.0) is None
    assert limits.admit("10.0.0.1", 0.0) is None
    assert limits.admit("10.0.0.1", 0.0) == TOO_MANY
    assert limits.admit("10.0.0.2", 0.0) is None  # another address is counted apart
    limits.release("10.0.0.1")
    assert limits.admit("10.0.0.1", 0.0) is None


def test_a_burst_then_the_rate() -> None:
    limits = AddressLimits(max_open=100, burst=3, rate=2.0)
    assert [limits.admit("10.0.0.1", 0.0) for _ in range(4)] == [None, None, None, TOO_FAST]
    assert limits.admit("10.0.0.1", 0.25) == TOO_FAST  # half a token refilled
    assert limits.admit("10.0.0.1", 0.5) is None  # one token after half a second
