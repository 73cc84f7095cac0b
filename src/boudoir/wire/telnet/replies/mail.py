"""Telnet's words for mail: the inbox as columns, a letter, what was sent or deleted, and the
unread count told at login.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_never

from boudoir.domain.mail import Mail
from boudoir.domain.replies.mail import (
    LetterDeleted,
    LetterRead,
    Letters,
    LetterSent,
    MailReplies,
    Unread,
)
from boudoir.wire.telnet.layout import Screen, columns
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import Style, clean, safe


def date_text(at: dt.datetime) -> str:
    """A letter's date in the inbox: ``2025-03-01 14:05`` (UTC, as every reader shares)."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def inbox_rows(letters: list[Mail], screen_reader: bool) -> list[list[str]]:
    """The inbox as rows for ``columns``: number, unread mark, sender, date, subject; for a
    screen reader, words instead of marks."""
    rows: list[list[str]] = [] if screen_reader else [["#", "", "From", "Date (UTC)", "Subject"]]
    for number, letter in enumerate(letters, start=1):
        subject = clean(letter.subject) or "(no subject)"
        sender = clean(letter.sender_name)
        if screen_reader:
            state = "unread, " if letter.unread else ""
            rows.append(
                [f"{number}: {state}from {sender}", f"{date_text(letter.sent_at)} UTC", subject]
            )
        else:
            mark = "*" if letter.unread else ""
            rows.append([str(number), mark, sender, date_text(letter.sent_at), subject])
    return rows


def render(reply: MailReplies, screen: Screen) -> Told | None:
    match reply:
        case Letters(letters):
            if not letters:
                return Told("Your mailbox is empty.")
            unread = sum(1 for letter in letters if letter.unread)
            plural = "s" if len(letters) != 1 else ""
            head = f"You have {len(letters)} letter{plural}, {unread} unread."
            rows = inbox_rows(list(letters), screen.screen_reader)
            table = columns(rows, screen.width, screen.screen_reader)
            return Told(f'{head}\n{table}\n"mail <n>" reads one.')
        case LetterRead(number, letter):
            subject = clean(letter.subject) or "(no subject)"
            sent = date_text(letter.sent_at)
            lines = [
                f"Letter {number} from {clean(letter.sender_name)}, {sent} UTC",
                f"Subject: {subject}",
                "",
                safe(letter.body),
            ]
            return Told("\n".join(lines))
        case LetterSent(to):
            return Told(f"Mail sent to {clean(to)}.")
        case LetterDeleted(number, letter):
            subject = clean(letter.subject) or "(no subject)"
            return Told(f'Letter {number} from {clean(letter.sender_name)} ("{subject}") deleted.')
        case Unread(count):
            if not count:
                return None
            noun = "letter" if count == 1 else "letters"
            return Told(f'You have {count} unread {noun}. Type "mail" to read.', Style.NOTICE)
        case _:
            assert_never(reply)
