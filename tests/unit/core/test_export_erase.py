"""Export and erasure: everything the server holds about a person, and then nothing."""

from __future__ import annotations

import json

import pytest

from boudoir.core.account_sync import ACCOUNT_ERASED
from boudoir.core.moderation import Actor
from boudoir.domain.entities import Audience, Interest, InterestLevel
from boudoir.domain.errors import AuthenticationFailed, NotFound, NotInRoom
from boudoir.domain.events import DirectMessageSent, SessionClosed
from boudoir.domain.moderation import QueueItem
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
    assert archivist["visibility"]["kinks"] == "friends"
    assert archivist["image"] is None
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


def received(event: DirectMessageSent) -> dict[str, object]:
    """A direct message as the recipient's client holds it, to attach to a report."""
    at = event.at
    return {
        "id": event.id,
        "at": at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z",
        "from": event.sender.name,
        "to": event.recipient.name,
        "kind": event.kind.value,
        "text": event.text,
        "seal": event.seal,
    }


async def test_an_export_holds_the_reports_made_and_not_those_about_the_person() -> None:
    world = await TestWorld.start()
    alice, mallory = await world.person("alice"), await world.person("Mallory")
    line = received(await mallory.message("alice", "pay me or else"))
    moderation = world.world.moderation
    await moderation.report(alice.connection, "Mallory", "threats", [line])
    await moderation.report(mallory.connection, "alice", "she reported me")

    document = await world.world.accounts.export(alice.account.id)

    [report] = document["reports"]
    assert report["as"] == "alice"
    assert report["subject"] == "Mallory"
    assert report["reason"] == "threats"
    assert report["status"] == "open"
    assert [(x["from"], x["text"], x["genuine"]) for x in report["lines"]] == [
        ("Mallory", "pay me or else", True)
    ]
    assert "she reported me" not in json.dumps(document), "reports about alice are not hers"
    assert mallory.account.id not in json.dumps(document)
    assert alice.account.id not in json.dumps(document)
    [theirs] = (await world.world.accounts.export(mallory.account.id))["reports"]
    assert (theirs["subject"], theirs["reason"]) == ("alice", "she reported me")


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


async def queued(world: TestWorld) -> list[QueueItem]:
    return await world.world.moderation.queue(Actor("op", Actor.operator().person))


async def test_erasing_a_reporter_keeps_the_report_without_who_made_it() -> None:
    world = await TestWorld.start()
    alice, mallory = await world.person("alice"), await world.person("Mallory")
    bob = await world.person("bob")
    line = received(await mallory.message("alice", "pay me or else"))
    await world.world.moderation.report(alice.connection, "Mallory", "threats", [line])
    await world.world.moderation.report(bob.connection, "Mallory", "rude to me too")

    await world.world.accounts.erase(alice.account.id)

    kept, bobs = await queued(world)
    assert kept.subject_name == "Mallory"
    assert kept.subject_account == mallory.account.id, "moderators can still act on Mallory"
    assert kept.evidence["reason"] == "threats"
    assert kept.evidence["reporter"] == "(erased)"
    [evidence] = kept.evidence["lines"]  # type: ignore[misc]
    assert (evidence["from"], evidence["to"], evidence["text"], evidence["genuine"]) == (
        "Mallory",
        "(erased)",
        "pay me or else",
        True,
    )
    assert "alice" not in json.dumps([kept.summary, kept.evidence])
    assert alice.account.id not in json.dumps([kept.summary, kept.evidence])
    assert bobs.evidence["reporter"] == "bob", "other reports are untouched"
    await world.world.moderation.act(Actor.operator(), "warn", "Mallory", item_id=kept.id)


async def test_reports_about_an_erased_account_stay_with_its_name_only() -> None:
    world = await TestWorld.start()
    bob, mallory = await world.person("bob"), await world.person("Mallory")
    await world.world.moderation.report(bob.connection, "Mallory", "spam")

    await world.world.accounts.erase(mallory.account.id)

    [kept] = await queued(world)
    assert (kept.subject_account, kept.subject_name) == (None, "Mallory")
    assert (kept.evidence["reporter"], kept.evidence["reason"]) == ("bob", "spam")
    [report] = (await world.world.accounts.export(bob.account.id))["reports"]
    assert report["subject"] == "Mallory"
