"""Command pacing: the token bucket every gateway puts in front of a connection's commands.

Imports nothing.
"""

from __future__ import annotations


class CommandPacer:
    """A token bucket for one connection's commands: ``burst`` run at once, then ``rate`` per
    second. A command that finds no token waits ``delay()`` seconds for one, like an ircd's
    fakelag: none is dropped, and the gateway stops reading while too many wait."""

    __slots__ = ("burst", "rate", "refilled", "tokens")

    def __init__(self, burst: int, rate: float, now: float = 0.0) -> None:
        self.burst = burst
        self.rate = rate
        self.tokens = float(burst)
        self.refilled = now

    def take(self, now: float) -> bool:
        """Refill for the time since the last call, then spend one token if there is one."""
        self.tokens = min(self.burst, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def delay(self) -> float:
        """Seconds until the next token, after a ``take`` that found none."""
        return (1 - self.tokens) / self.rate
