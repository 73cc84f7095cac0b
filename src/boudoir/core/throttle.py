"""Sliding-window throttles: failures (or any counted attempts) per key, and sign-ups per address
and overall."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from boudoir.domain.errors import Throttled

WINDOW_SECONDS = 60.0
MAX_TRACKED_KEYS = 100_000
"""Bounds memory under a spray of made-up names; the oldest keys are forgotten first."""


class FailureThrottle:
    """Refuses attempts for a key after ``limit`` failures inside ``window`` seconds."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        cutoff = self._clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures

    def check(self, key: str) -> None:
        failures = self._recent(key)
        if failures is not None and len(failures) >= self.limit:
            # The oldest failure in the window leaves it first; then one attempt is free.
            raise Throttled(retry_after=failures[0] + self.window - self._clock())

    def failed(self, key: str) -> None:
        failures = self._recent(key)
        if failures is None:
            if len(self._failures) >= MAX_TRACKED_KEYS:
                del self._failures[next(iter(self._failures))]
            failures = self._failures[key] = deque(maxlen=self.limit)
        failures.append(self._clock())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)


SIGNUPS_PER_ADDRESS_PER_HOUR = 5
"""Enough for a household or a café to sign up; far too few to farm accounts."""
SIGNUPS_PER_MINUTE = 30
"""Across all addresses: a spray from many addresses still cannot fill the store."""


class SignupThrottle:
    """Counts sign-ups per address over an hour and overall over a minute; ``attempt`` refuses
    one past either limit with a ``Throttled`` that says how long to wait."""

    def __init__(
        self,
        per_address_per_hour: int = SIGNUPS_PER_ADDRESS_PER_HOUR,
        per_minute: int = SIGNUPS_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_address = FailureThrottle(per_address_per_hour, 3600.0, clock)
        self._overall = FailureThrottle(per_minute, 60.0, clock)

    def attempt(self, address: str) -> None:
        key = "address:" + address
        try:
            self._per_address.check(key)
        except Throttled as error:
            raise Throttled(
                _wait_words(_FROM_ADDRESS, error), retry_after=error.retry_after
            ) from None
        try:
            self._overall.check("")
        except Throttled as error:
            raise Throttled(_wait_words(_OVERALL, error), retry_after=error.retry_after) from None
        self.count(address)

    def count(self, address: str) -> None:
        """Count a sign-up without checking it: ``attempt``'s, or another node's."""
        self._per_address.failed("address:" + address)
        self._overall.failed("")


_FROM_ADDRESS = "Too many sign-ups from your address"
_OVERALL = "Too many sign-ups right now"


def _wait_words(reason: str, error: Throttled) -> str:
    seconds = error.retry_after or 60.0
    if seconds > 90:
        return f"{reason}; try again in {round(seconds / 60)} minutes."
    return f"{reason}; try again in a minute."
