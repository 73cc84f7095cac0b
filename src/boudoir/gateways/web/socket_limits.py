"""How many WebSockets one address and one account may hold open at once: each open socket
is a logged-in session with its own outbox, so without a bound one account (or one address)
could hold thousands and the server's memory with them.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

from collections import Counter
from typing import Final, TypeVar

from boudoir.domain.ids import AccountId

CLOSE_TOO_MANY: Final = 4029
"""Close code for a socket past a limit (like HTTP's 429 Too Many Requests)."""
TOO_MANY_FROM_ADDRESS: Final = "Too many open connections from your address"
TOO_MANY_FOR_ACCOUNT: Final = "Too many open connections for your account; close a tab first"


class SocketLimits:
    """Open sockets per address and per account, each at most its maximum."""

    def __init__(self, per_address: int, per_account: int) -> None:
        self.per_address = per_address
        self.per_account = per_account
        self._addresses: Counter[str] = Counter()
        self._accounts: Counter[AccountId] = Counter()

    def admit(self, address: str, account: AccountId) -> str | None:
        """Count a new socket; the reason to refuse it, if any (then nothing is counted)."""
        if self._addresses[address] >= self.per_address:
            return TOO_MANY_FROM_ADDRESS
        if self._accounts[account] >= self.per_account:
            return TOO_MANY_FOR_ACCOUNT
        self._addresses[address] += 1
        self._accounts[account] += 1
        return None

    def release(self, address: str, account: AccountId) -> None:
        """A socket ``admit`` let in has closed."""
        _uncount(self._addresses, address)
        _uncount(self._accounts, account)


K = TypeVar("K")


def _uncount(counter: Counter[K], key: K) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]
