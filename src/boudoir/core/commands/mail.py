"""Handlers of the intents about offline mail (``MailService`` decides who may write to
whom).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.intents.mail import (
    CountUnread,
    DeleteLetter,
    ListLetters,
    MailIntents,
    ReadLetter,
    SendLetter,
)
from boudoir.domain.replies.mail import (
    LetterDeleted,
    LetterRead,
    Letters,
    LetterSent,
    MailReplies,
    Unread,
)


async def run(context: Context, intent: MailIntents) -> MailReplies:
    mail, conn = context.world.mail, context.conn
    match intent:
        case ListLetters():
            return Letters(tuple(await mail.inbox(conn)))
        case ReadLetter(number):
            return LetterRead(number, await mail.read(conn, number))
        case SendLetter(to, subject, body):
            await mail.send(conn, to, subject, body)
            return LetterSent(to)
        case DeleteLetter(number):
            return LetterDeleted(number, await mail.delete(conn, number))
        case CountUnread():
            return Unread(await mail.unread_count(conn))
        case _:
            assert_never(intent)
