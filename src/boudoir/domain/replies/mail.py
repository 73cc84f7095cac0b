"""Replies about offline mail.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.mail import Mail


class MailReply:
    """Base of the replies about mail."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Letters(MailReply):
    """The inbox, oldest first."""

    letters: tuple[Mail, ...]


@dataclass(frozen=True, slots=True)
class LetterRead(MailReply):
    number: int
    letter: Mail


@dataclass(frozen=True, slots=True)
class LetterSent(MailReply):
    """``to`` as the sender typed it."""

    to: str


@dataclass(frozen=True, slots=True)
class LetterDeleted(MailReply):
    number: int
    letter: Mail


@dataclass(frozen=True, slots=True)
class Unread(MailReply):
    count: int


MailReplies = Letters | LetterRead | LetterSent | LetterDeleted | Unread
