"""Intents about offline mail: letters to characters, online or not.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class MailIntent:
    """Base of the intents about mail."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ListLetters(MailIntent):
    """The acting character's letters, oldest first (numbered from 1 in this order)."""


@dataclass(frozen=True, slots=True)
class ReadLetter(MailIntent):
    number: int


@dataclass(frozen=True, slots=True)
class SendLetter(MailIntent):
    to: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class DeleteLetter(MailIntent):
    number: int


@dataclass(frozen=True, slots=True)
class CountUnread(MailIntent):
    """How many letters wait unread (told at login)."""


MailIntents = ListLetters | ReadLetter | SendLetter | DeleteLetter | CountUnread
