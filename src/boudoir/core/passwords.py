"""Password hashing with argon2id (RFC 9106), through argon2-cffi, and the rule for which new
passwords are refused as guessable (NIST SP 800-63B, 5.1.1.2), through zxcvbn."""

from __future__ import annotations

from collections.abc import Iterable
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

GUESSABILITY_PREFIX = 72
"""Characters of a new password zxcvbn examines (its own limit). Its matching grows faster than
linearly with the length; at 72 characters a check takes up to about 45 ms of CPU, and a
password whose first 72 characters are hard to guess is hard to guess."""

MIN_SCORE = 2
"""zxcvbn's score 0 means under a thousand guesses and 1 under a million: within reach of an
online attack even at the login throttle's pace, spread over many addresses. 2 (a hundred
million guesses) is what it calls "somewhat guessable: protection from unthrottled online
attacks", and asks nothing of the person beyond not picking a common or patterned password."""

MIN_NAME_IN_PASSWORD = 3
"""Names shorter than this are not looked for inside a password: two letters occur by chance
in many good passphrases."""

WHITESPACE_ONLY = "A password cannot be only spaces."
BUILT_ON_NAME = (
    "A password cannot be built on your name; choose one that has nothing to do with it."
)
TOO_COMMON = (
    "That password is one of the most common passwords, the first that anyone tries; "
    "choose another (a few unrelated words make a good one)."
)
TOO_GUESSABLE = (
    "That password is too easy to guess (a keyboard pattern, a repeat, a date or a common word "
    "with small changes); choose another (a few unrelated words make a good one)."
)


def weakness(password: str, names: Iterable[str] = ()) -> str | None:
    """Why ``password`` is too easy to guess, as a message for its owner, or None. Refuses
    passwords of only whitespace, passwords equal to or built on one of ``names`` (the account
    and character names, casefolded, forwards or backwards) and passwords zxcvbn finds in its
    common-password lists or scores below ``MIN_SCORE``. No composition rules: NIST SP 800-63B
    asks for none, they make passwords harder to remember and no harder to guess."""
    if not password.strip():
        return WHITESPACE_ONLY
    folded = password.casefold()
    wanted = [name.casefold() for name in names if name]
    for name in wanted:
        if folded == name or (
            len(name) >= MIN_NAME_IN_PASSWORD and (name in folded or name[::-1] in folded)
        ):
            return BUILT_ON_NAME
    # Imported here: its lists take a tenth of a second to load, which no other command needs.
    from zxcvbn import zxcvbn

    result = zxcvbn(
        password[:GUESSABILITY_PREFIX], user_inputs=wanted, max_length=GUESSABILITY_PREFIX
    )
    if result["score"] >= MIN_SCORE:
        return None
    matches = result["sequence"]
    if any(m.get("dictionary_name") == "user_inputs" for m in matches):
        return BUILT_ON_NAME
    if any(m.get("dictionary_name") == "passwords" for m in matches):
        return TOO_COMMON
    return TOO_GUESSABLE


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
