"""Throttling of password guesses so that a guesser slows themself, never the person they
guess at.

Failures count first per (address, name) pair, then per address across names, each with an
exponential back-off; a name's own count is only a soft limit: while a name is under attack, a
login from an address with a good history (a success for that name from there, or no failure
at all) is delayed a little, never refused. Every attempt is charged as a failure before the
password is hashed and refunded when it succeeds, so a burst of simultaneous guesses cannot slip
past the count while argon2 runs. An address's own logins still waiting for their verification
are not held against it, up to ``MAX_IN_FLIGHT_PER_ADDRESS``: after a restart a bouncer or a
web IRC client logs all its people in again at once, from one address.

Kept in memory, bounded: the oldest entries are forgotten first. In a cluster every node keeps
the same counts: each charge and each refund made here is told to ``charged_here`` and
``succeeded_here`` (published to the other nodes), and the other nodes' are applied with
``charge`` and ``succeeded(..., here=False)``. Imports ``boudoir.domain``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from boudoir.domain.errors import Throttled

FREE_PAIR_FAILURES: Final = 3
"""Wrong passwords for one name from one address before the back-off starts: room for typos."""
FREE_ADDRESS_FAILURES: Final = 10
"""Wrong passwords from one address across names before it backs off: an address may front a
household or a bouncer, and its people with a good history are not held by it anyway."""
MAX_IN_FLIGHT_PER_ADDRESS: Final = 64
"""Logins from one address that may wait for their verification at once. Each is charged to
its name as before (so one name gets no more than its free tries in flight), and the address's
failures count once they are failures: a guesser gets at most this many tries before the
back-off of all of them applies, and the login queue verifies one per address in turn."""
IN_FLIGHT_RETRY_SECONDS: Final = 1.0
FIRST_BACKOFF_SECONDS: Final = 2.0
MAX_BACKOFF_SECONDS: Final = 900.0
"""The back-off doubles with each failure past the free ones, up to a quarter of an hour."""
FORGET_AFTER_SECONDS: Final = 3600.0
"""A count with no failure for this long starts again from nothing."""
NAME_WINDOW_SECONDS: Final = 60.0
NAME_SOFT_LIMIT: Final = 5
"""Failures for one name (from any addresses) inside ``NAME_WINDOW_SECONDS`` that mark it under
attack."""
NAME_UNDER_ATTACK_DELAY: Final = 1.0
"""How long a login from a fresh address waits while its name is under attack: a guesser
spraying from many addresses gets one slow try each, the owner a second's wait."""
MAX_TRACKED: Final = 100_000
"""Entries kept per table; bounds memory under a spray of made-up names and addresses."""


@dataclass(slots=True)
class _Failures:
    count: int
    last: float


class _Counts:
    """Failure counts by key, least recently failed first, bounded by ``MAX_TRACKED``."""

    def __init__(self, clock: Callable[[], float], forget_after: float) -> None:
        self._clock = clock
        self._forget_after = forget_after
        self._entries: OrderedDict[str, _Failures] = OrderedDict()

    def get(self, key: str) -> _Failures | None:
        entry = self._entries.get(key)
        if entry is not None and self._clock() - entry.last >= self._forget_after:
            del self._entries[key]
            return None
        return entry

    def add(self, key: str) -> None:
        entry = self.get(key)
        if entry is None:
            if len(self._entries) >= MAX_TRACKED:
                self._entries.popitem(last=False)
            entry = self._entries[key] = _Failures(0, 0.0)
        entry.count += 1
        entry.last = self._clock()
        self._entries.move_to_end(key)

    def refund(self, key: str) -> None:
        entry = self._entries.get(key)
        if entry is not None:
            entry.count -= 1
            if entry.count <= 0:
                del self._entries[key]

    def clear(self, key: str) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


def backoff(failures: int, free: int) -> float:
    """Seconds to wait after ``failures`` in a row when the first ``free`` cost nothing."""
    if failures <= free:
        return 0.0
    return min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2.0 ** (failures - free - 1))


class LoginThrottle:
    """Asked before every password check: ``attempt`` refuses (``Throttled``) or says how long
    to wait; then ``succeeded`` for a right password. Addresses may be empty (a check with no
    network address, such as a password change inside a session): only the pair counts then."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._pairs = _Counts(clock, FORGET_AFTER_SECONDS)
        self._addresses = _Counts(clock, FORGET_AFTER_SECONDS)
        self._names = _Counts(clock, NAME_WINDOW_SECONDS)
        self._in_flight: dict[str, int] = {}
        """Attempts charged here per address whose verification has not ended yet."""
        self._trusted: OrderedDict[str, None] = OrderedDict()
        """(address, name) pairs that logged in rightly: never held up by anyone else."""
        self.charged_here: list[Callable[[str, str], None]] = []
        """Told of every attempt charged here, with its address and name."""
        self.succeeded_here: list[Callable[[str, str], None]] = []
        """Told of every right password here, with its address and name."""

    def _wait(self, counts: _Counts, key: str, free: int, pending: int = 0) -> float:
        entry = counts.get(key)
        if entry is None:
            return 0.0
        return entry.last + backoff(entry.count - pending, free) - self._clock()

    def attempt(self, address: str, name: str) -> float:
        """Check an attempt before the password is hashed, and charge it as a failure. Raises
        ``Throttled`` if this address must wait; otherwise returns seconds to delay (0 but
        while the name is under attack)."""
        pair = f"{address}\n{name}"
        trusted = pair in self._trusted
        wait = self._wait(self._pairs, pair, FREE_PAIR_FAILURES)
        in_flight = self._in_flight.get(address, 0) if address else 0
        if address and not trusted:
            if in_flight >= MAX_IN_FLIGHT_PER_ADDRESS:
                raise Throttled(retry_after=IN_FLIGHT_RETRY_SECONDS)
            failures = self._wait(self._addresses, address, FREE_ADDRESS_FAILURES, in_flight)
            wait = max(wait, failures)
        delay = 0.0
        attack = self._names.get(name)
        if attack is not None and attack.count >= NAME_SOFT_LIMIT and not trusted:
            if address and self._addresses.get(address) is not None:
                # An address with failures behind it, at a name under attack: it waits until
                # the attack has calmed down.
                wait = max(wait, attack.last + NAME_WINDOW_SECONDS - self._clock())
            else:
                delay = NAME_UNDER_ATTACK_DELAY
        if wait > 0:
            raise Throttled(retry_after=wait)
        self.charge(address, name)
        if address:
            self._in_flight[address] = in_flight + 1
        for charged in self.charged_here:
            charged(address, name)
        return delay

    def settled(self, address: str) -> None:
        """An attempt ``attempt`` let through has been verified (rightly or not), or given up:
        its charge now counts as what it is, a failure until ``succeeded`` refunds it."""
        left = self._in_flight.get(address, 0) - 1
        if left > 0:
            self._in_flight[address] = left
        else:
            self._in_flight.pop(address, None)

    def charge(self, address: str, name: str) -> None:
        """Count an attempt without checking it: ``attempt``'s charge, or another node's."""
        self._pairs.add(f"{address}\n{name}")
        if address:
            self._addresses.add(address)
        self._names.add(name)

    def statistics(self) -> dict[str, int]:
        """Entries held per table (each at most ``MAX_TRACKED``)."""
        return {
            "pairs": len(self._pairs),
            "addresses": len(self._addresses),
            "names": len(self._names),
            "trusted": len(self._trusted),
            "in_flight": len(self._in_flight),
        }

    def succeeded(self, address: str, name: str, *, here: bool = True) -> None:
        """The password was right: refund the charge and trust the pair from now on. ``here``:
        checked on this node (False: another node's, applied here)."""
        if here:
            for succeeded in self.succeeded_here:
                succeeded(address, name)
        pair = f"{address}\n{name}"
        self._pairs.clear(pair)
        if address:
            self._addresses.refund(address)
        self._names.refund(name)
        self._trusted[pair] = None
        self._trusted.move_to_end(pair)
        if len(self._trusted) > MAX_TRACKED:
            self._trusted.popitem(last=False)
