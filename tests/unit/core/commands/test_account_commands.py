"""One's account, characters and profile through the command layer: the intents every
gateway gives, and the replies."""

from __future__ import annotations

import pytest

from boudoir.core.commands import Context, run
from boudoir.domain.entities import (
    ATTESTATION_STATEMENT,
    Audience,
    DirectMessagePolicy,
    Interest,
    InterestLevel,
)
from boudoir.domain.errors import AuthenticationFailed, InvalidInput, NotFound
from boudoir.domain.events import ProfileChanged
from boudoir.domain.intents import (
    AddFriend,
    Attest,
    ChangeCharacter,
    ChangePassword,
    ChangeSettings,
    CreateCharacter,
    DeleteCharacter,
    Describe,
    EndSession,
    EraseAccount,
    ExportAccount,
    ListCharacters,
    ListFriends,
    ListSessions,
    ReadAttestation,
    RemoveFriend,
    SetAge,
    SetInterests,
    SetProfileAudience,
    ShowAccount,
    ShowProfile,
    SwitchCharacter,
)
from boudoir.domain.replies import (
    AccountErased,
    AccountShown,
    AttestationStatement,
    Attested,
    CharacterDeleted,
    CharacterList,
    CharacterSwitched,
    FriendAdded,
    FriendList,
    FriendRemoved,
    InterestsSet,
    PasswordChanged,
    ProfileAudienceSet,
    ProfileShown,
    SessionEnded,
    SessionList,
    SettingsChanged,
)
from boudoir.testing.harness import PASSWORD, TestWorld


async def test_attesting_reads_the_statement_first_and_then_records_it() -> None:
    world = await TestWorld.start()
    await world.register("alice", attested=False)
    alice = await world.login("alice")
    assert await alice.do(ReadAttestation()) == AttestationStatement(ATTESTATION_STATEMENT)
    reply = await alice.do(Attest())
    assert isinstance(reply, Attested)
    assert reply.account.attested


async def test_settings_say_which_were_changed_and_show_on_the_account() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    reply = await alice.do(ChangeSettings(dm_policy=DirectMessagePolicy.FRIENDS))
    assert isinstance(reply, SettingsChanged)
    assert reply.changed == ("dm_policy",)
    shown = await alice.do(ShowAccount())
    assert isinstance(shown, AccountShown)
    assert shown.account.dm_policy is DirectMessagePolicy.FRIENDS
    assert shown.character is not None
    assert shown.character.name == "alice"


async def test_characters_are_listed_created_switched_to_and_deleted() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.join("lobby")
    await alice.do(CreateCharacter("Ivy"))
    listed = await alice.do(ListCharacters())
    assert isinstance(listed, CharacterList)
    assert [c.name for c in listed.characters] == ["alice", "Ivy"]
    assert listed.current == alice.connection.character.id
    switched = await alice.do(SwitchCharacter("ivy"))
    assert isinstance(switched, CharacterSwitched)
    assert switched.name == "Ivy"
    assert switched.before is not None
    assert switched.before.name == "alice"
    assert [room.name for room in switched.left] == ["lobby"]
    again = await alice.do(SwitchCharacter("Ivy"))
    assert again == CharacterSwitched("Ivy")
    assert await alice.do(DeleteCharacter("alice")) == CharacterDeleted("alice")
    with pytest.raises(InvalidInput):
        await alice.do(DeleteCharacter("Ivy"))  # online


async def test_a_change_of_character_may_only_recase_its_name_over_http() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    context = Context.of_account(world.world, alice.account.id)
    with pytest.raises(InvalidInput):
        await run(context, ChangeCharacter("alice", new_name="bob"))
    with pytest.raises(InvalidInput):
        await run(context, ChangeCharacter("alice", clears_age=True))
    reply = await run(context, ChangeCharacter("alice", new_name="Alice", pronouns="she/her"))
    assert reply is not None
    assert alice.connection.character.name == "Alice"
    assert alice.connection.character.pronouns == "she/her"


async def test_own_profile_fields_change_on_the_acting_character() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    for person in (alice, bob):
        await person.join("lobby")
    await alice.do(SetAge(40))
    assert alice.connection.character.declared_age == 40
    with pytest.raises(InvalidInput):
        await alice.do(SetAge(17))
    await alice.do(SetInterests(InterestLevel.YES, ("rope", "tea")))
    reply = await alice.do(SetInterests(InterestLevel.NO, ("rope",)))
    assert reply == InterestsSet(InterestLevel.NO, ("rope",))
    assert alice.connection.character.interests == (
        Interest("tea", InterestLevel.YES),
        Interest("rope", InterestLevel.NO),
    )
    assert await alice.do(SetProfileAudience(Audience.FRIENDS)) == ProfileAudienceSet(
        Audience.FRIENDS
    )
    bob.forget()
    await alice.do(Describe("a tall fox"))
    assert any(isinstance(e, ProfileChanged) for e in bob.session.events)


async def test_profiles_show_others_as_they_may_be_seen() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    reply = await alice.do(ShowProfile("bob"))
    assert isinstance(reply, ProfileShown)
    assert reply.character.name == "bob"
    with pytest.raises(NotFound):
        await alice.do(ShowProfile("nobody"))


async def test_friends_are_added_listed_and_removed() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    for name in ("zed", "Bob"):
        await world.person(name)
    assert await alice.do(AddFriend("zed")) == FriendAdded("zed")
    await alice.do(AddFriend("bob"))
    assert await alice.do(ListFriends()) == FriendList(("Bob", "zed"))
    assert await alice.do(RemoveFriend("ZED")) == FriendRemoved("ZED")
    assert await alice.do(ListFriends()) == FriendList(("Bob",))


async def test_a_password_change_ends_every_other_session_but_the_one_that_asked() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    elsewhere = await world.login("alice")
    with pytest.raises(AuthenticationFailed):
        await alice.do(ChangePassword("wrong", "a brand new password"))
    reply = await alice.do(ChangePassword(PASSWORD, "a brand new password"))
    assert reply == PasswordChanged(())
    assert elsewhere.session.closed is not None
    assert alice.session.closed is None


async def test_sessions_are_listed_with_the_current_one_and_ended() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    _, login = await world.world.logins.start(alice.account.id, "Firefox on Linux")
    context = Context.of_account(world.world, alice.account.id, login.id)
    listed = await run(context, ListSessions())
    assert isinstance(listed, SessionList)
    assert [(s.client, s.current) for s in listed.sessions] == [("Firefox on Linux", True)]
    assert await run(context, EndSession(login.id)) == SessionEnded(login.id, True)


async def test_an_account_is_exported_and_erased_only_with_its_password() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    context = Context.of_account(world.world, alice.account.id)
    exported = await run(context, ExportAccount())
    assert exported is not None
    with pytest.raises(AuthenticationFailed):
        await run(context, EraseAccount("wrong"))
    assert await run(context, EraseAccount(PASSWORD)) == AccountErased(())
    with pytest.raises(NotFound):
        await world.world.accounts.get(alice.account.id)


async def test_a_profile_named_by_nobody_is_ones_own() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    reply = await alice.do(ShowProfile())
    assert isinstance(reply, ProfileShown)
    assert reply.character.name == "alice"
