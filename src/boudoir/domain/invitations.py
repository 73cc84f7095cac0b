"""Who may make an account: the server's sign-up mode and invitation codes.

- ``SignupMode``: ``open`` (anyone), ``invitation`` (a new account needs an invitation code an
  operator made), ``approval`` (a new account cannot log in until an operator approves it).
- ``Invitation``: one code, stored only as its SHA-256; usable ``max_uses`` times until it
  expires or is revoked. ``problem`` says why it cannot be used now, in words for people.

Pure: imports the standard library only.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

CODE_BYTES: Final = 10
"""80 random bits: out of reach of guessing, which the sign-up throttle limits anyway."""
CODE_GROUP: Final = 4
"""Codes are shown in groups of four characters (``ABCD-EFGH-...``), easy to read out."""
MAX_CODE_LENGTH: Final = 64
"""Longer input is not a code of ours; refused before hashing."""


class SignupMode(enum.Enum):
    OPEN = "open"
    INVITATION = "invitation"
    APPROVAL = "approval"


def new_invitation_code() -> str:
    """A fresh code in base32 (no 0/1/8/9 to confuse), grouped: ``ABCD-EFGH-IJKL-MNOP``."""
    import base64

    text = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + CODE_GROUP] for i in range(0, len(text), CODE_GROUP))


def normalize_code(code: str) -> str:
    """The code as stored and compared: capitals, without the dashes and spaces people add
    or leave out when they copy it."""
    return "".join(code.split()).replace("-", "").upper()


def code_hash(code: str) -> str:
    """What the store keeps of a code: its SHA-256 (hex). The code itself is shown once."""
    return hashlib.sha256(normalize_code(code).encode("utf-8")).hexdigest()


def new_invitation_id() -> str:
    return "i" + secrets.token_hex(6)


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    code_hash: str
    max_uses: int
    created_at: dt.datetime
    expires_at: dt.datetime | None = None
    uses: int = 0
    revoked_at: dt.datetime | None = None

    def problem(self, now: dt.datetime) -> str | None:
        """Why this code cannot make an account at ``now``, or None when it can."""
        if self.revoked_at is not None:
            return "That invitation code was revoked."
        if self.expires_at is not None and self.expires_at <= now:
            return "That invitation code has expired."
        if self.uses >= self.max_uses:
            return "That invitation code has been used up."
        return None

    def status(self, now: dt.datetime) -> str:
        """One word for listings: usable, revoked, expired or used-up."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.uses >= self.max_uses:
            return "used-up"
        return "usable"
