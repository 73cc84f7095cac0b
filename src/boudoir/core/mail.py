"""Offline mail (MU* ``@mail``): letters to a character, kept until read and deleted or
``MAIL_KEPT_DAYS`` old.

Sending passes the same consent as a direct message (``consent.direct_message``), checked
against the recipient's settings and relations as stored, since they may be offline: a block,
their policy, an unknown name all refuse with one and the same ``recipient_unavailable``. Where
a direct message would wait as a request (a stranger their policy lets through), so does the
letter: it waits with that person's message request (``MessagingService.hold_letter``, opening
one if needed, in memory like the request), reaches the mailbox when the request is accepted,
and is dropped if it is declined. The sender is told the same either way. Writing a letter
answers as writing a message does (``MessagingService.answer``).

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque

from boudoir.core.messaging import MessageRequest, MessagingService
from boudoir.core.places import ties_between
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import refused
from boudoir.core.screens import Screens, Writing
from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain import consent
from boudoir.domain.errors import ConsentRefused, InvalidInput, LimitExceeded, Throttled
from boudoir.domain.events import CharacterRef, MailReceived
from boudoir.domain.ids import AccountId
from boudoir.domain.mail import MAX_MAIL_BODY, MAX_MAIL_SUBJECT, Mail, NoSuchMail, new_mail_id

MAIL_PER_HOUR = 20
"""Letters one account may send per hour, refused ones included (so probing who accepts costs
the same as writing): plenty for correspondence, too few to spam."""
MAIL_RATE_WINDOW = dt.timedelta(hours=1)
MAX_MAILBOX = 500
"""Letters one character keeps; past it, senders are told the mailbox is full."""
MAIL_KEPT_DAYS = 90
"""Letters older than this are deleted (``purge_expired``): keep only what the service needs."""


def _unavailable() -> ConsentRefused:
    return refused(consent.refuse(consent.Reason.UNAVAILABLE))


class MailService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        messages: MessagingService,
        clock: Clock,
        screens: Screens,
    ) -> None:
        self._store = store
        self._registry = registry
        self._messages = messages
        self._clock = clock
        self._screens = screens
        self._sent: dict[AccountId, deque[dt.datetime]] = {}

    def _throttle(self, account_id: AccountId, now: dt.datetime) -> None:
        sent = self._sent.setdefault(account_id, deque())
        while sent and now - sent[0] >= MAIL_RATE_WINDOW:
            sent.popleft()
        if len(sent) >= MAIL_PER_HOUR:
            retry = (sent[0] + MAIL_RATE_WINDOW - now).total_seconds()
            raise Throttled(
                f"You can send {MAIL_PER_HOUR} letters an hour; wait a while.", retry_after=retry
            )
        sent.append(now)

    async def send(
        self, connection: Connection, recipient_name: str, subject: str, body: str
    ) -> Mail:
        """Send a letter to a character, online or not. Online, they are told at once
        (``MailReceived``); from someone they have not accepted, it waits with a message
        request instead."""
        subject = " ".join(subject.split())
        body = body.strip()
        if len(subject) > MAX_MAIL_SUBJECT:
            raise InvalidInput(f"A subject is at most {MAX_MAIL_SUBJECT} characters long.")
        if not body:
            raise InvalidInput("There is nothing in that letter.")
        if len(body) > MAX_MAIL_BODY:
            raise InvalidInput(f"A letter is at most {MAX_MAIL_BODY} characters long.")
        if has_control_characters(subject) or has_control_characters(body, allowed="\t\n"):
            raise InvalidInput("A letter cannot hold control characters.")
        subject, body = balance_bidi(subject), balance_bidi(body)
        now = self._clock()
        self._throttle(connection.account.id, now)
        recipient = await self._store.characters.find_by_name(recipient_name.strip())
        owner = None if recipient is None else await self._store.accounts.get(recipient.account_id)
        if recipient is None or owner is None:
            raise _unavailable()
        ties = await ties_between(self._store, self._registry, connection.account.id, owner.id)
        decision = consent.direct_message(
            connection.person, consent.Person.of(owner, recipient), ties, online=True
        )
        if not decision:
            raise refused(decision)
        self._screens.check(connection, Writing.MAIL, subject, body)
        if await self._store.mail.count(recipient.id) >= MAX_MAILBOX:
            raise LimitExceeded(f"{recipient.name}'s mailbox is full.")
        letter = Mail(
            id=new_mail_id(),
            sender_account=connection.account.id,
            sender_character=connection.character.id,
            sender_name=connection.character.name,
            recipient_account=owner.id,
            recipient_character=recipient.id,
            subject=subject,
            body=body,
            sent_at=now,
        )
        await self._messages.answer(connection, owner.id, recipient.name)
        if decision.outcome is consent.Outcome.REQUEST:
            self._messages.hold_letter(
                connection, CharacterRef(recipient.id, recipient.name), letter
            )
        else:
            await self._post(letter)
        return letter

    async def _post(self, letter: Mail) -> None:
        """Put a letter in its mailbox; the recipient's character, online, is told at once."""
        await self._store.mail.add(letter)
        event = MailReceived(letter.sent_at, letter.sender_name, letter.subject)
        self._registry.send(self._registry.character_connections(letter.recipient_character), event)

    async def post_held(self, request: MessageRequest) -> None:
        """An accepted request's letters reach the mailbox (``MessagingService.on_accept``),
        but for a character deleted while they waited."""
        for letter in request.letters:
            if await self._store.characters.get(letter.recipient_character) is not None:
                await self._post(letter)

    async def inbox(self, connection: Connection) -> list[Mail]:
        """The acting character's letters, oldest first: ``read`` and ``delete`` number them
        from 1 in this order."""
        return await self._store.mail.inbox(connection.character.id)

    async def _numbered(self, connection: Connection, number: int) -> Mail:
        letters = await self.inbox(connection)
        if not 1 <= number <= len(letters):
            raise NoSuchMail()
        return letters[number - 1]

    async def read(self, connection: Connection, number: int) -> Mail:
        """The letter numbered ``number``, marked read."""
        letter = await self._numbered(connection, number)
        if letter.read_at is None:
            at = self._clock()
            await self._store.mail.mark_read(letter.id, at)
            letter = dataclasses.replace(letter, read_at=at)
        return letter

    async def delete(self, connection: Connection, number: int) -> Mail:
        letter = await self._numbered(connection, number)
        await self._store.mail.delete(letter.id)
        return letter

    async def unread_count(self, connection: Connection) -> int:
        return await self._store.mail.unread_count(connection.character.id)

    async def purge_expired(self) -> int:
        """Delete letters older than ``MAIL_KEPT_DAYS``; how many. Run periodically."""
        cutoff = self._clock() - dt.timedelta(days=MAIL_KEPT_DAYS)
        return await self._store.mail.delete_sent_before(cutoff)

    def forget(self, account_id: AccountId) -> None:
        """An erased account's send counter goes."""
        self._sent.pop(account_id, None)


async def export_mail(store: Store, account_id: AccountId) -> dict[str, object]:
    """The letters an account sent and received, for its export."""

    def shown(letter: Mail) -> dict[str, object]:
        return {
            "from": letter.sender_name,
            "subject": letter.subject,
            "body": letter.body,
            "sent_at": letter.sent_at.isoformat(),
            "read_at": None if letter.read_at is None else letter.read_at.isoformat(),
        }

    received = []
    for letter in await store.mail.received_by(account_id):
        character = await store.characters.get(letter.recipient_character)
        received.append({"to": None if character is None else character.name, **shown(letter)})
    sent = []
    for letter in await store.mail.sent_by(account_id):
        character = await store.characters.get(letter.recipient_character)
        # The recipient as the sender addressed them: the character name, nothing more.
        sent.append({"to": None if character is None else character.name, **shown(letter)})
    return {"received": received, "sent": sent}
