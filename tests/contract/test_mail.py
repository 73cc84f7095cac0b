"""Offline mail in the store: mailboxes, reading, deleting, expiry, and what erasure removes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import Account, Character
from boudoir.domain.errors import NotFound
from boudoir.domain.mail import Mail, new_mail_id

from .builders import Make

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def letter(sender: Account, as_: Character, to: Character, subject: str, minute: int = 0) -> Mail:
    return Mail(
        new_mail_id(), sender.id, as_.id, as_.name, to.account_id, to.id, subject,
        f"Dear {to.name}, ...", T0 + dt.timedelta(minutes=minute),
    )  # fmt: skip


async def people(make: Make) -> tuple[Account, Character, Account, Character]:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")
    bob = await make.stored_account("Bob")
    bobby = await make.stored_character(bob, "Bobby")
    return alice, ally, bob, bobby


async def test_a_mailbox_lists_oldest_first_and_counts_unread(store: Store, make: Make) -> None:
    alice, ally, bob, bobby = await people(make)
    second = letter(alice, ally, bobby, "again", minute=2)
    first = letter(alice, ally, bobby, "hello", minute=1)
    await store.mail.add(second)
    await store.mail.add(first)
    assert await store.mail.inbox(bobby.id) == [first, second]
    assert await store.mail.unread_count(bobby.id) == 2
    assert await store.mail.count(bobby.id) == 2
    assert await store.mail.sent_by(alice.id) == [first, second]
    assert await store.mail.received_by(bob.id) == [first, second]

    await store.mail.mark_read(first.id, T0 + dt.timedelta(hours=1))
    await store.mail.mark_read(first.id, T0 + dt.timedelta(hours=2))  # the first reading stays
    assert await store.mail.get(first.id) == dataclasses.replace(
        first, read_at=T0 + dt.timedelta(hours=1)
    )
    assert await store.mail.unread_count(bobby.id) == 1

    assert await store.mail.delete(first.id)
    assert not await store.mail.delete(first.id)
    assert await store.mail.inbox(bobby.id) == [second]


async def test_a_letter_needs_its_recipient(store: Store, make: Make) -> None:
    alice, ally, _, _ = await people(make)
    ghost = make.character(alice, "Ghost")  # never stored
    with pytest.raises(NotFound):
        await store.mail.add(letter(alice, ally, ghost, "boo"))


async def test_old_letters_expire(store: Store, make: Make) -> None:
    alice, ally, _, bobby = await people(make)
    old = letter(alice, ally, bobby, "old", minute=0)
    new = letter(alice, ally, bobby, "new", minute=10)
    await store.mail.add(old)
    await store.mail.add(new)
    assert await store.mail.delete_sent_before(T0 + dt.timedelta(minutes=5)) == 1
    assert await store.mail.inbox(bobby.id) == [new]


async def test_deleting_a_character_keeps_what_it_sent_and_drops_its_mailbox(
    store: Store, make: Make
) -> None:
    alice, ally, bob, bobby = await people(make)
    to_bobby = letter(alice, ally, bobby, "to bobby")
    to_ally = letter(bob, bobby, ally, "to ally")
    await store.mail.add(to_bobby)
    await store.mail.add(to_ally)
    await store.characters.delete(ally.id)
    assert await store.mail.get(to_ally.id) is None
    assert await store.mail.inbox(bobby.id) == [
        dataclasses.replace(to_bobby, sender_character=None)
    ]
    assert (await store.mail.inbox(bobby.id))[0].sender_name == "Ally"


async def test_erasing_an_account_deletes_its_mail_sent_and_received(
    store: Store, make: Make
) -> None:
    alice, ally, bob, bobby = await people(make)
    carol = await make.stored_account("Carol")
    caro = await make.stored_character(carol, "Caro")
    for sent in (
        letter(alice, ally, bobby, "a to b"),
        letter(bob, bobby, ally, "b to a"),
    ):
        await store.mail.add(sent)
    kept = letter(carol, caro, bobby, "c to b")
    await store.mail.add(kept)

    await store.accounts.erase(alice.id)

    assert await store.mail.inbox(bobby.id) == [kept]
    assert await store.mail.sent_by(bob.id) == []
    assert await store.mail.sent_by(alice.id) == []
