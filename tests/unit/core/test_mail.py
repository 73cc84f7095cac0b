"""Offline mail: letters wait for whoever is away, pass the same consent as a direct message,
are rate-limited, expire, and go when their sender or recipient erases their account."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.mail import MAIL_KEPT_DAYS, MAIL_PER_HOUR
from boudoir.core.messaging import MAX_LETTERS_PER_REQUEST
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import ConsentRefused, InvalidInput, Throttled
from boudoir.domain.mail import MAX_MAIL_BODY, NoSuchMail
from boudoir.testing.harness import TestWorld


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def test_a_letter_waits_for_bob_while_he_is_away() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob_account = await world.register("bob")
    await world.world.relations.befriend(bob_account.id, "alice")
    mail = world.world.mail

    await mail.send(alice.connection, "bob", "Tea?", "Thursday at the garden?")

    bob = await world.login("bob")
    assert await mail.unread_count(bob.connection) == 1
    [letter] = await mail.inbox(bob.connection)
    assert (letter.sender_name, letter.subject, letter.unread) == ("alice", "Tea?", True)
    read = await mail.read(bob.connection, 1)
    assert read.body == "Thursday at the garden?"
    assert not read.unread
    assert await mail.unread_count(bob.connection) == 0
    await mail.delete(bob.connection, 1)
    assert await mail.inbox(bob.connection) == []
    with pytest.raises(NoSuchMail):
        await mail.read(bob.connection, 1)


async def test_an_online_recipient_is_told_at_once() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await bob.befriend("alice")
    alice.forget()
    bob.forget()
    await world.world.mail.send(alice.connection, "bob", "Hi", "Just saying hi.")
    assert bob.lines() == ["mail from alice: Hi"]
    assert alice.lines() == []


async def test_mail_to_someone_who_blocks_you_is_refused_like_to_someone_accepting_none() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await world.register("nadia", policy=DirectMessagePolicy.NOBODY)
    await bob.block("alice")
    bob.forget()

    with pytest.raises(ConsentRefused) as blocked:
        await world.world.mail.send(alice.connection, "bob", "Hi", "hello")
    with pytest.raises(ConsentRefused) as unwilling:
        await world.world.mail.send(alice.connection, "nadia", "Hi", "hello")
    with pytest.raises(ConsentRefused) as unknown:
        await world.world.mail.send(alice.connection, "nobody-at-all", "Hi", "hello")
    shown = {(e.value.code, e.value.reason, e.value.message) for e in (blocked, unwilling, unknown)}
    assert len(shown) == 1
    assert bob.lines() == []
    assert await world.world.store.mail.sent_by(alice.account.id) == []


async def test_an_offline_stranger_sharing_no_room_takes_letters_from_friends_only() -> None:
    world = await TestWorld.start()
    alice, carol = await world.person("alice"), await world.person("carol")
    bob = await world.person("bob", policy=DirectMessagePolicy.SHARED_ROOM)
    await bob.befriend("carol")
    bob.quit()
    with pytest.raises(ConsentRefused):
        await world.world.mail.send(alice.connection, "bob", "Hi", "hello")
    await world.world.mail.send(carol.connection, "bob", "Hi", "hello, friend")


async def test_sending_is_rate_limited_per_account() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice = await world.person("alice")
    await world.register("bob")
    for n in range(MAIL_PER_HOUR):
        await world.world.mail.send(alice.connection, "bob", f"#{n}", "again")
    with pytest.raises(Throttled):
        await world.world.mail.send(alice.connection, "bob", "one more", "again")
    clock.now += dt.timedelta(hours=1)
    await world.world.mail.send(alice.connection, "bob", "later", "again")


async def test_letters_have_limits_and_expire() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice = await world.person("alice")
    bob = await world.person("bob")
    await bob.befriend("alice")
    with pytest.raises(InvalidInput):
        await world.world.mail.send(alice.connection, "bob", "long", "x" * (MAX_MAIL_BODY + 1))
    with pytest.raises(InvalidInput):
        await world.world.mail.send(alice.connection, "bob", "empty", "   ")
    with pytest.raises(InvalidInput):
        await world.world.mail.send(alice.connection, "bob", "bell", "ding\x07")
    await world.world.mail.send(alice.connection, "bob", "old", "kept a while")
    clock.now += dt.timedelta(days=MAIL_KEPT_DAYS + 1)
    assert await world.world.mail.purge_expired() == 1
    assert await world.world.mail.inbox(bob.connection) == []


async def test_erasing_alice_removes_her_mail_sent_and_received_and_export_lists_it() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await world.world.mail.send(alice.connection, "bob", "from alice", "hello bob")
    await world.world.mail.send(bob.connection, "alice", "from bob", "hello alice")

    exported = await world.world.accounts.export(alice.account.id)
    assert [m["subject"] for m in exported["mail"]["sent"]] == ["from alice"]
    assert [(m["from"], m["to"]) for m in exported["mail"]["received"]] == [("bob", "alice")]

    await world.world.accounts.erase(alice.account.id)
    assert await world.world.mail.inbox(bob.connection) == []
    assert await world.world.store.mail.sent_by(bob.account.id) == []


# --- letters from someone not accepted yet wait with a message request ---------------------------


async def test_a_strangers_letter_waits_with_a_request_unread_until_accepted() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    mail = world.world.mail
    alice.forget()
    sent = await mail.send(alice.connection, "bob", "Tea?", "Thursday at the garden?")
    assert sent.subject == "Tea?", "the sender is told the same as for a delivered letter"
    assert alice.lines() == []
    assert bob.lines() == ["request from alice: a letter, Tea?"], "the subject, never the letter"
    assert await mail.inbox(bob.connection) == []
    assert await mail.unread_count(bob.connection) == 0

    await mail.send(alice.connection, "bob", "Or Friday?", "Friday works too.")
    await alice.message("bob", "I wrote you a letter")
    [request] = world.world.messages.requests(bob.connection)
    assert (len(request.letters), len(request.waiting)) == (2, 1)

    bob.forget()
    await bob.accept("alice")
    assert bob.lines() == [
        "request from alice accepted",
        "alice -> bob: I wrote you a letter",
        "mail from alice: Tea?",
        "mail from alice: Or Friday?",
    ]
    assert [letter.body for letter in await mail.inbox(bob.connection)] == [
        "Thursday at the garden?",
        "Friday works too.",
    ]


async def test_a_letter_joins_a_waiting_page_request_and_is_dropped_with_it() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.message("bob", "hello")
    await world.world.mail.send(alice.connection, "bob", "About tonight", "Eight?")
    assert bob.lines() == ["request from alice: hello"], "one request, not a letter"
    bob.decline("alice")
    await world.world.mail.send(alice.connection, "bob", "Again", "Did you get it?")
    assert world.world.messages.requests(bob.connection) == []
    assert await world.world.mail.inbox(bob.connection) == []
    assert await world.world.store.mail.sent_by(alice.account.id) == []


async def test_a_letter_to_someone_offline_waits_as_a_request_for_their_login() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.register("bob")
    for number in range(MAX_LETTERS_PER_REQUEST + 2):
        await world.world.mail.send(alice.connection, "bob", f"#{number}", "hello")
    bob = await world.login("bob")
    [request] = world.world.messages.requests(bob.connection)
    assert request.first.letter_subject == "#0"
    assert len(request.letters) == MAX_LETTERS_PER_REQUEST, "held letters are bounded"
    assert await world.world.mail.inbox(bob.connection) == []
    await bob.befriend("alice")
    subjects = [letter.subject for letter in await world.world.mail.inbox(bob.connection)]
    assert subjects == [f"#{n}" for n in range(MAX_LETTERS_PER_REQUEST)]


async def test_a_letter_answering_a_request_accepts_it_and_is_not_itself_a_request() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await world.world.mail.send(alice.connection, "bob", "Hello", "From a stranger.")
    await world.world.mail.send(bob.connection, "alice", "Re: Hello", "Hello yourself.")
    assert [m.subject for m in await world.world.mail.inbox(bob.connection)] == ["Hello"]
    assert [m.subject for m in await world.world.mail.inbox(alice.connection)] == ["Re: Hello"]
    assert world.world.messages.requests(alice.connection) == []
    assert world.world.messages.requests(bob.connection) == []


async def test_a_held_letter_to_a_character_deleted_meanwhile_is_dropped_on_accept() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await world.world.characters.create(bob.account.id, "Wren")
    await world.world.mail.send(alice.connection, "Wren", "For Wren", "hello")
    await world.world.mail.send(alice.connection, "bob", "For bob", "hello")
    await world.world.characters.delete(bob.account.id, "Wren")
    await bob.accept("alice")
    assert [m.subject for m in await world.world.store.mail.received_by(bob.account.id)] == [
        "For bob"
    ]
