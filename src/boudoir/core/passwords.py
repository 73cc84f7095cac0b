"""Password hashing with argon2id (RFC 9106), through argon2-cffi."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

OWASP_MIN_MEMORY_KIB = 19 * 1024
"""OWASP Password Storage Cheat Sheet floor for argon2id: 19 MiB and 2 iterations."""
OWASP_MIN_TIME_COST = 2

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
"""Bounded so nobody can make the server hash megabytes."""


@dataclass(frozen=True, slots=True)
class Argon2Parameters:
    time_cost: int = OWASP_MIN_TIME_COST
    memory_cost_kib: int = OWASP_MIN_MEMORY_KIB
    parallelism: int = 1
    """One lane: the server hashes on a worker thread and must not take every core."""


PRODUCTION = Argon2Parameters()
"""OWASP's first recommended configuration (m=19 MiB, t=2, p=1): about 60 ms a hash on one core
here, so a login burst cannot starve the event loop's worker threads for long."""


class Argon2Hasher:
    """Implements ``ports.PasswordHasher``."""

    def __init__(self, parameters: Argon2Parameters = PRODUCTION) -> None:
        self.parameters = parameters
        self._hasher = _Argon2(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_cost_kib,
            parallelism=parameters.parallelism,
            type=Type.ID,
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
