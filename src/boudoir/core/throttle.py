"""Throttling of login attempts per account and per address: a sliding window of failures."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from boudoir.domain.errors import Throttled

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
"""An address may front several people (a bouncer, a household), so it gets more room."""
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
