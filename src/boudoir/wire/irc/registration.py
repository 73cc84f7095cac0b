"""Signing up and logging in on IRC, sans-I/O: the words of NickServ's ``REGISTER`` and
``IDENTIFY``, and IRCv3 draft/account-registration's codes.

Imports the standard library and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.names import MAX_NAME

REGISTER_USAGE: Final = "REGISTER <password> <date of birth YYYY-MM-DD>"
REGISTER_USAGE_WITH_CODE: Final = "REGISTER <password> <date of birth YYYY-MM-DD> <invitation code>"
AWAITING_APPROVAL: Final = (
    "It waits for an operator's approval: log in (IDENTIFY or SASL) once it is approved."
)
AWAITING_APPROVAL_SHORT: Final = (
    "Account created; it waits for an operator's approval before you can log in"
)

GUEST_WELCOME: Final = (
    "Welcome. Log in with SASL, or /msg NickServ IDENTIFY <name> <password>.\n"
    "New here? /msg NickServ REGISTER <password> <date of birth YYYY-MM-DD>\n"
    "Until then you can talk only to NickServ. /msg NickServ HELP for more."
)
"""NickServ's notice to a client that registered without logging in."""

REGISTRATION_CODES: Final = {
    "name_taken": "ACCOUNT_EXISTS",
    "name_confusable": "ACCOUNT_EXISTS",
    "name_reserved": "BAD_ACCOUNT_NAME",
    "invalid_name": "BAD_ACCOUNT_NAME",
    "too_young": "UNACCEPTABLE_EMAIL",
    "throttled": "TEMPORARILY_UNAVAILABLE",
    "invitation_required": "INVITATION_REQUIRED",
    "invitation_invalid": "INVITATION_INVALID",
}
"""Core error codes as draft/account-registration FAIL codes; the rest are password
problems (too short, too long). A birth date too recent is reported in the email slot's
code, as that is where it was given. The spec has no code for invitations: ours are named as
its own are, and carry the core's words."""


def after_verb(text: str) -> str:
    """The line after its first word, as typed: a password may hold spaces, quotes and
    backslashes (made on the web or by telnet), so it is never split or unquoted."""
    parts = text.lstrip().split(None, 1)
    return parts[1] if len(parts) == 2 else ""


def birth_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("Give your date of birth as YYYY-MM-DD.") from None


def register_arguments(line: str) -> tuple[str, str, str | None] | None:
    """``<password> <date of birth> [<invitation code>]`` -> (password, date, code): the
    password is all before the date, and may hold spaces. A code is never a date, so the last
    word tells whether one was given."""
    words = line.rsplit(None, 1)
    if len(words) != 2:
        return None
    if _looks_like_date(words[1]):
        return words[0], words[1], None
    before = words[0].rsplit(None, 1)
    if len(before) != 2 or not _looks_like_date(before[1]):
        # No date where one belongs: let the date's own check say so (a typo in it, most
        # likely), rather than take the last word for a code.
        return words[0], words[1], None
    return before[0], before[1], words[1]


def _looks_like_date(word: str) -> bool:
    return len(word) == 10 and word[4] == "-" and word[7] == "-"


def identify_arguments(line: str, nick: str) -> tuple[str, str] | None:
    """``IDENTIFY <password>`` (one word: the nick is the name) or ``IDENTIFY <name>
    <password>``, the password being the rest of the line (as Atheme reads it)."""
    args = line.split(None, 1)
    if len(args) == 1:
        return nick, args[0]
    if len(args) == 2:
        return args[0], args[1]
    return None


def valid_nick(nick: str) -> bool:
    """Valid IRC (Modern IRC, "Clients")."""
    return (
        0 < len(nick) <= MAX_NAME
        and not any(c in nick for c in " ,*?!@.:\x00\r\n")
        and nick[0] not in "$:#&0123456789-"
    )
