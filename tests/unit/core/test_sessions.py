"""Sessions: several connections of one account, switching character, and account changes made
elsewhere (the CLI, another node) reaching live sessions."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from boudoir.core.account_sync import ACCOUNT_ERASED
from boudoir.domain.consent import Reason
from boudoir.domain.entities import DirectMessagePolicy, PresenceVisibility
from boudoir.domain.errors import ConsentRefused, InvalidInput, NotFound, NotInRoom
from boudoir.domain.events import MemberLeft, SessionClosed
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import PASSWORD, HeldCall, RecordingSession, TestPerson, TestWorld


async def alt(world: TestWorld, owner: TestPerson, name: str, *, adult: bool = True) -> TestPerson:
    character = await world.world.characters.create(owner.account.id, name)
    if adult:
        await world.world.characters.update_profile(character, declared_age=35)
    return await world.login(owner.account.name, character=name)


async def changed_in_store(world: TestWorld, person: TestPerson, **changes: Any) -> None:
    """What the CLI does: write a new revision of the account straight to the store."""
    store = world.world.store.accounts
    account = await store.get(person.account.id)
    assert account is not None
    await store.update(dataclasses.replace(account, revision=account.revision + 1, **changes))


# --- connections ---------------------------------------------------------------------------------


async def test_each_connection_of_an_account_is_in_the_rooms_it_joined() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    laptop = await world.person("alice")
    phone = await world.login("alice")
    await bob.join("lobby")
    await laptop.join("lobby")
    bob.say("lobby", "one")
    assert laptop.saw("bob says one")
    assert not phone.saw("bob says one"), "the phone has not joined the lobby"
    await phone.enter("lobby")
    laptop.leave("lobby")
    assert not bob.saw("alice left"), "alice is still there through her phone"
    bob.say("lobby", "two")
    assert phone.saw("bob says two")
    assert not laptop.saw("bob says two")
    phone.quit()
    assert bob.saw("alice left lobby")


async def test_a_connection_logs_in_once_and_as_a_character_of_its_own() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    account = alice.account
    with pytest.raises(InvalidInput):
        await world.world.connect(alice.session, account)
    with pytest.raises(NotFound):
        await world.world.connect(RecordingSession(), account, character="bob")
    await world.person("bob")
    with pytest.raises(NotFound):
        await world.world.connect(RecordingSession(), account, character="bob")
    empty = await world.world.accounts.register(
        "hollow", PASSWORD, account.born, with_character=False
    )
    with pytest.raises(NotFound):
        await world.world.connect(RecordingSession(), empty)
    alice.quit()
    alice.quit()  # a second disconnect is harmless


async def test_switching_character_leaves_the_old_ones_rooms() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    alice = await world.person("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    await bob.join("lobby")
    await alice.join("lobby")
    bob.forget()

    await alice.switch_to("Wren")
    assert alice.name == "Wren"
    assert bob.lines() == ["alice left lobby", "alice is offline", "Wren is online"]
    with pytest.raises(NotInRoom):
        alice.say("lobby", "hello as Wren")
    await alice.enter("lobby")
    alice.say("lobby", "hello as Wren")
    assert bob.saw("[lobby] Wren says hello as Wren")
    with pytest.raises(NotFound):
        await alice.switch_to("bob")


async def test_switching_away_keeps_a_character_online_through_its_other_connections() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    alice = await world.person("alice")
    await world.login("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    bob.forget()
    await alice.switch_to("Wren")
    assert bob.lines() == ["Wren is online"]
    assert "alice (online)" in bob.online()


# --- changes made elsewhere ----------------------------------------------------------------------


async def test_a_change_written_to_the_store_reaches_live_sessions_on_sync() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await changed_in_store(world, alice, dm_policy=DirectMessagePolicy.NOBODY)
    await bob.message("alice", "before the sync")  # this node has not noticed yet
    assert alice.saw("request from bob: before the sync")

    await world.world.sync_accounts()
    assert alice.connection.account.dm_policy is DirectMessagePolicy.NOBODY
    with pytest.raises(ConsentRefused):
        await bob.message("alice", "after the sync")


async def test_sync_compares_revisions() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    store = world.world.store.accounts
    account = await store.get(alice.account.id)
    assert account is not None
    await store.update(dataclasses.replace(account, dm_policy=DirectMessagePolicy.NOBODY))
    await world.world.sync_accounts()
    assert alice.connection.account.dm_policy is DirectMessagePolicy.ANYONE


async def test_hiding_through_the_store_is_seen_after_sync() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    bob.forget()
    await changed_in_store(world, alice, presence_visibility=PresenceVisibility.NOBODY)
    await world.world.sync_accounts()
    assert bob.lines() == ["alice is offline"]


async def test_an_account_erased_in_the_store_is_logged_out_on_sync() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    phone = await world.login("alice")
    bob = await world.person("bob")
    await bob.join("lobby")
    await alice.join("lobby")
    bob.forget()

    await world.world.store.accounts.erase(alice.account.id)
    await world.world.sync_accounts()
    for connection in (alice, phone):
        assert isinstance(connection.session.events[-1], SessionClosed)
        assert connection.session.closed == ACCOUNT_ERASED
    assert bob.lines() == ["alice left lobby", "alice is offline"]
    assert bob.online() == ["bob (online)"]
    assert (await world.register("alice")).name == "alice", "the name is free again"


# --- consent withdrawn ---------------------------------------------------------------------------


async def test_withdrawing_a_rating_takes_you_out_of_its_rooms_at_once() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await bob.create_room("crimson", rating=Rating.ADULT)
    await bob.create_room("velvet", rating=Rating.MATURE)
    await bob.join("lobby")
    for room in ("crimson", "velvet", "lobby"):
        await alice.enter(room)
    alice.forget()
    bob.forget()

    await alice.opt_in(Rating.MATURE)
    [told] = alice.session.events
    assert isinstance(told, MemberLeft)
    assert (told.character.name, told.room.name) == ("alice", "crimson")
    assert told.reason == Reason.RATING_NOT_OPTED_IN.message, "she is told why she is out"
    [seen] = bob.session.events
    assert isinstance(seen, MemberLeft)
    assert (seen.character.name, seen.reason) == ("alice", ""), "others are not told why"
    assert bob.members("velvet") == ["alice", "bob"]
    with pytest.raises(NotInRoom):
        alice.say("crimson", "still here?")


async def test_an_attestation_revoked_in_the_store_takes_effect_on_sync() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await bob.create_room("velvet", rating=Rating.MATURE)
    await alice.enter("velvet")
    await changed_in_store(world, alice, attestation=None)
    await world.world.sync_accounts()
    assert bob.members("velvet") == ["bob"]
    with pytest.raises(ConsentRefused) as refused:
        await alice.enter("velvet")
    assert refused.value.reason == Reason.AGE_NOT_ATTESTED.value


async def test_a_login_survives_the_accounts_last_connection_closing_while_it_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The phone logs in while the store is slow; meanwhile the laptop logs in and closes,
    the account's last connection. The phone's login still completes, and bob's block holds."""
    world = await TestWorld.start()
    bob = await world.person("bob")
    await world.register("alice")
    await bob.block("alice")
    relations = world.world.store.relations
    held = HeldCall(relations.contacts_of)
    monkeypatch.setattr(relations, "contacts_of", held)
    phone = asyncio.create_task(world.login("alice"))
    await held.waiting.wait()
    laptop = await world.login("alice")
    laptop.quit()
    held.release()
    alice = await phone
    with pytest.raises(ConsentRefused):
        await alice.message("bob", "hello?")
