"""Offline mail between characters (MU* ``@mail``): what the store keeps of one letter.

Pure: imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from boudoir.domain.errors import NotFound
from boudoir.domain.ids import AccountId, CharacterId

MAX_MAIL_SUBJECT = 100
"""Characters of a subject: one line in any client's inbox listing."""
MAX_MAIL_BODY = 8000
"""Characters of a letter: the same as a character's long description."""


def new_mail_id() -> str:
    # 96 random bits, as ``ids``: nothing to collide with, nothing leaked.
    return "m" + secrets.token_hex(12)


class NoSuchMail(NotFound):
    code = "no_such_mail"
    default_message = "There is no letter with that number in your mailbox."


@dataclass(frozen=True, slots=True)
class Mail:
    id: str
    sender_account: AccountId
    """For erasure and the sender's export; never shown."""
    sender_character: CharacterId | None
    """None once that character was deleted; ``sender_name`` stays."""
    sender_name: str
    recipient_account: AccountId
    recipient_character: CharacterId
    subject: str
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None = None

    @property
    def unread(self) -> bool:
        return self.read_at is None
