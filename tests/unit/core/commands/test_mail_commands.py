"""Mail through the command layer: send, list, read, delete and the unread count."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import NotFound
from boudoir.domain.intents import CountUnread, DeleteLetter, ListLetters, ReadLetter, SendLetter
from boudoir.domain.replies import LetterDeleted, LetterRead, Letters, LetterSent, Unread
from boudoir.testing.harness import TestWorld


async def test_a_letter_is_listed_unread_read_once_and_deleted_by_its_number() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await bob.befriend("alice")
    assert await alice.do(SendLetter("BOB", "Tonight", "Free at eight?")) == LetterSent("BOB")
    assert await bob.do(CountUnread()) == Unread(1)
    inbox = await bob.do(ListLetters())
    assert isinstance(inbox, Letters)
    assert [(m.subject, m.unread) for m in inbox.letters] == [("Tonight", True)]
    read = await bob.do(ReadLetter(1))
    assert isinstance(read, LetterRead)
    assert read.letter.body == "Free at eight?"
    assert await bob.do(CountUnread()) == Unread(0)
    deleted = await bob.do(DeleteLetter(1))
    assert isinstance(deleted, LetterDeleted)
    assert deleted.letter.sender_name == "alice"
    assert await bob.do(ListLetters()) == Letters(())
    with pytest.raises(NotFound):
        await bob.do(ReadLetter(1))
