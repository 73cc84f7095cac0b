"""Export and erasure: everything the server holds about a person, and then nothing."""

from __future__ import annotations

import json

import pytest

from boudoir.core.world import ACCOUNT_ERASED
from boudoir.domain.entities import Audience, Interest, InterestLevel
from boudoir.domain.errors import AuthenticationFailed, NotFound, NotInRoom
from boudoir.domain.events import SessionClosed
from boudoir.testing.harness import PASSWORD, TestPerson, TestWorld


async def alt(world: TestWorld, owner: TestPerson, name: str) -> TestPerson:
    await world.world.characters.create(owner.account.id, name)
    return await world.login(owner.account.name, character=name)


# --- export --------------------------------------------------------------------------------------


async def test_an_export_is_one_json_document_of_everything_about_the_person() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    wren = await world.world.characters.create(alice.account.id, "Wren")
    await world.world.characters.update_profile(
        wren,
        pronouns="she/her",
        short_description="A quiet archivist.",
        declared_age=33,
        interests=[Interest("slow burn", InterestLevel.FAVOURITE)],
        hard_limits=["gore"],
        profile_audience=Audience.FRIENDS,
    )
    bartholomew = await world.person("Bartholomew")
    await alt(world, bartholomew, "Rook")
    await alt(world, bartholomew, "Sable")
    await world.person("carol")
    await world.person("dave")
    erin = await world.person("erin")
    await alice.befriend("Rook")
    await alice.block("carol")
    await alice.message("dave", "hello dave")
    await erin.befriend("alice")  # erin's list is erin's data, not alice's
    await alice.create_room("parlour")

    document = await world.world.accounts.export(alice.account.id)
    text = json.dumps(document)

    assert document["account"]["name"] == "alice"
    assert document["account"]["born"] == alice.account.born.isoformat()
    assert document["account"]["attestation"]["statement"]
    assert document["account"]["ratings"] == ["adult", "general", "mature"]
    assert [c["name"] for c in document["characters"]] == ["alice", "Wren"]
    archivist = document["characters"][1]
    assert archivist["pronouns"] == "she/her"
    assert archivist["short_description"] == "A quiet archivist."
    assert archivist["declared_age"] == 33
    assert archivist["interests"] == [{"topic": "slow burn", "level": "favourite"}]
    assert archivist["hard_limits"] == ["gore"]
    assert archivist["profile_audience"] == "friends"
    assert document["friends"] == ["Rook"], "by the name alice used, not the account's"
    assert document["blocks"] == ["carol"]
    assert document["accepted_contacts"] == ["dave"]
    assert document["rooms_owned"] == ["parlour"]

    assert alice.account.password_hash not in text
    assert "argon2" not in text
    for secret in ("Bartholomew", "Sable", "erin"):
        assert secret not in text
    for other in await world.world.accounts.list_all():
        assert other.id not in text, "no account ids at all"


async def test_exporting_an_unknown_account_fails() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.world.accounts.erase(alice.account.id)
    with pytest.raises(NotFound):
        await world.world.accounts.export(alice.account.id)


# --- erasure -------------------------------------------------------------------------------------


async def test_erasing_ends_every_session_and_others_see_the_person_leave() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    alice = await world.person("alice")
    wren = await alt(world, alice, "Wren")
    await bob.join("lobby")
    await alice.join("lobby")
    await wren.join("lobby")
    bob.forget()

    await world.world.accounts.erase(alice.account.id)
    for connection in (alice, wren):
        assert isinstance(connection.session.events[-1], SessionClosed)
        assert connection.session.closed == ACCOUNT_ERASED
    assert sorted(bob.lines()) == sorted(
        ["alice left lobby", "Wren left lobby", "alice is offline", "Wren is offline"]
    )
    assert bob.members("lobby") == ["bob"]
    assert bob.online() == ["bob (online)"]
    bob.say("lobby", "anyone?")
    assert not alice.saw("anyone?")


async def test_erasing_removes_characters_relations_and_rooms_and_frees_the_names() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.world.characters.create(alice.account.id, "Wren")
    bob = await world.person("bob")
    carol = await world.person("carol")
    await alice.befriend("bob")
    await bob.befriend("alice")
    await carol.block("Wren")
    await bob.message("alice", "hi")  # bob wrote first: alice is now bob's contact
    await alice.create_room("parlour")
    alice.quit()
    assert await world.world.store.relations.contacts_of(bob.account.id) != {}

    await world.world.accounts.erase(alice.account.id)
    store = world.world.store
    assert await store.characters.list_for_account(alice.account.id) == []
    assert await store.relations.friends_of(alice.account.id) == {}
    assert await world.world.relations.friends(bob.connection) == []
    assert await world.world.relations.blocks(carol.connection) == []
    assert await store.relations.contacts_of(bob.account.id) == {}
    assert await bob.directory() == []
    with pytest.raises(AuthenticationFailed):
        await world.world.accounts.authenticate("alice", PASSWORD)

    # The names are free again, for anyone.
    again = await world.register("ALICE")
    await world.world.characters.create(again.id, "wren")
    # Everyone else is as they were.
    assert (await world.world.accounts.authenticate("bob", PASSWORD)).id == bob.account.id
    assert [a.name for a in await world.world.accounts.list_all()] == ["bob", "carol", "ALICE"]


async def test_a_room_of_an_erased_owner_closes_for_those_still_in_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alice.join("parlour")
    await bob.join("parlour")
    bob.forget()
    await world.world.accounts.erase(alice.account.id)
    assert bob.lines() == ["alice left parlour", "alice is offline", "bob left parlour"]
    with pytest.raises(NotInRoom):
        bob.say("parlour", "hello?")
    assert await bob.directory() == []
    # The name is free: a new room of that name is bob's own.
    await bob.join("parlour")
    await bob.set_topic("parlour", "under new management")


async def test_erasure_drops_message_requests_both_ways() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    dave = await world.person("dave")
    await alice.message("dave", "hello from alice")
    await bob.message("alice", "hello to alice")
    await world.world.accounts.erase(alice.account.id)
    assert world.world.messages.requests(dave.connection) == []
    with pytest.raises(NotFound):
        await dave.accept("alice")
