"""Characters: profiles as their owners wrote them, names nobody else can take or imitate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from boudoir.core.ports import Store
from boudoir.domain.entities import Interest, InterestLevel
from boudoir.domain.errors import NameConfusable, NameTaken, NotFound
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.profiles import (
    CustomKink,
    PostLength,
    ProfileDetails,
    ProfileVisibility,
    SectionAudience,
)

from .builders import Make, skeleton_of

INTERESTS = (
    Interest("slow burn", InterestLevel.FAVOURITE),
    Interest("angst", InterestLevel.MAYBE),
    Interest("zombies", InterestLevel.NO),
    Interest("banter", InterestLevel.YES),
)
"""Not in alphabetical order, nor by level: the owner's order must come back."""


async def test_every_field_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    character = make.character(
        alice,
        "Séverine",
        pronouns="she/her",
        short_description="A librarian with secrets.",
        long_description="Line one.\nLine two, with ünïcödé and emoji 📚.\n" * 50,
        declared_age=34,
        interests=INTERESTS,
        hard_limits=("gore", "non-consent", "another limit, with a comma"),
        details=ProfileDetails(
            species="half-elf",
            gender="woman",
            orientation="bisexual",
            body_description="Tall.\nInk-stained fingers.",
            personality_description="Quiet; then not.",
            post_length=PostLength.PARAGRAPH,
            rp_style="slow, literate",
            timezone="Europe/Paris",
            languages=("fr", "en-GB"),
        ),
        kinks=(("bondage", InterestLevel.FAVOURITE), ("romance", InterestLevel.YES)),
        custom_kinks=(CustomKink("old books", "the smell of them", InterestLevel.MAYBE),),
        visibility=ProfileVisibility(
            details=SectionAudience.EVERYONE,
            kinks=SectionAudience.SHARED_ROOM,
            limits=SectionAudience.NOBODY,
            image=SectionAudience.FRIENDS,
        ),
        findable=True,
    )
    await store.characters.add(character, skeleton_of("Séverine"))

    assert await store.characters.get(character.id) == character
    assert await store.characters.find_by_name("séverine") == character
    assert await store.characters.list_for_account(alice.id) == [character]


async def test_an_empty_profile_survives_the_round_trip(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    character = await make.stored_character(alice, "Ally")

    stored = await store.characters.get(character.id)
    assert stored == character
    assert stored is not None
    assert stored.declared_age is None
    assert stored.interests == ()
    assert stored.hard_limits == ()
    assert stored.visibility == ProfileVisibility()
    assert stored.kinks == ()
    assert stored.findable is False
    assert stored.has_image is False


async def test_lookup_by_name_ignores_case(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")

    assert await store.characters.find_by_name("ALLY") == ally
    assert await store.characters.find_by_name("Allie") is None
    assert await store.characters.get(CharacterId("c-no-such-character")) is None


async def test_list_for_account_is_oldest_first_and_only_theirs(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    first = await make.stored_character(alice, "Ally")
    await make.stored_character(bob, "Bobby")
    second = await make.stored_character(alice, "Alys", interests=INTERESTS[:2])
    third = await make.stored_character(alice, "Alaric", interests=INTERESTS[2:])

    assert await store.characters.list_for_account(alice.id) == [first, second, third]
    assert await store.characters.list_for_account(AccountId("a-nobody")) == []


async def test_a_name_differing_only_in_case_is_taken(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    ally = await make.stored_character(alice, "Ally")

    with pytest.raises(NameTaken) as caught:
        await store.characters.add(make.character(bob, "ALLY"), "another skeleton")
    assert type(caught.value) is NameTaken
    assert await store.characters.list_for_account(bob.id) == []
    assert await store.characters.find_by_name("Ally") == ally


async def test_a_look_alike_name_is_confusable(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    await make.stored_character(alice, "Ally")

    with pytest.raises(NameConfusable):
        await store.characters.add(make.character(bob, "AIly"), skeleton_of("Ally"))
    assert await store.characters.list_for_account(bob.id) == []


async def test_update_replaces_the_profile_only(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    ally = await make.stored_character(
        alice, "Ally", interests=INTERESTS, hard_limits=("gore", "ooc drama")
    )
    changed = replace(
        ally,
        name="Mallory",
        account_id=bob.id,
        pronouns="they/them",
        short_description="Changed.",
        long_description="Changed at length.",
        declared_age=40,
        interests=(INTERESTS[3], INTERESTS[0]),
        hard_limits=("ooc drama",),
        visibility=ProfileVisibility(kinks=SectionAudience.EVERYONE),
        kinks=(("rope", InterestLevel.NO),),
    )

    await store.characters.update(changed)

    expected = replace(changed, name="Ally", account_id=alice.id)
    assert await store.characters.get(ally.id) == expected
    assert await store.characters.find_by_name("Mallory") is None
    assert await store.characters.list_for_account(bob.id) == []


async def test_update_can_clear_interests_and_limits(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally", interests=INTERESTS, hard_limits=("x",))

    await store.characters.update(replace(ally, interests=(), hard_limits=(), declared_age=None))

    assert await store.characters.get(ally.id) == replace(
        ally, interests=(), hard_limits=(), declared_age=None
    )


async def test_updating_a_deleted_character_does_not_bring_it_back(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")
    await store.characters.delete(ally.id)

    await store.characters.update(replace(ally, interests=INTERESTS))

    assert await store.characters.get(ally.id) is None


async def test_delete_frees_the_name(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    ally = await make.stored_character(alice, "Ally", interests=INTERESTS)

    await store.characters.delete(ally.id)
    await store.characters.delete(ally.id)  # twice is fine

    assert await store.characters.get(ally.id) is None
    assert await store.characters.find_by_name("Ally") is None
    assert await store.characters.list_for_account(alice.id) == []
    bobs = await make.stored_character(bob, "Ally")
    assert await store.characters.get(bobs.id) == bobs


async def test_a_character_needs_an_existing_account(store: Store, make: Make) -> None:

    with pytest.raises(NotFound):
        await store.characters.add(make.character(AccountId("a-gone"), "Ghost"), "ghost")
    assert await store.characters.find_by_name("Ghost") is None


async def test_a_case_variant_of_a_name_is_stored_with_its_key_unchanged(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    character = await make.stored_character(alice, "ally")

    # A case variant's skeleton may differ from the name's ("ALLY" could read "AIIY").
    await store.characters.recase(character.id, "ALLY", "skeleton:aiiy")

    stored = await store.characters.find_by_name("ally")
    assert stored == replace(character, name="ALLY")
    assert await store.characters.list_for_account(alice.id) == [stored]
    holder = await store.names.holder("Aiiy", "skeleton:aiiy")
    assert holder is not None
    assert (holder.name, holder.exact) == ("ALLY", False), "the new skeleton is the one held"
    assert await store.names.holder("Elsewhere", skeleton_of("ally")) is None


async def test_a_case_variant_that_looks_like_another_name_is_refused_naming_it(
    store: Store, make: Make
) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    character = await make.stored_character(alice, "alice")
    await make.stored_character(bob, "Allce")
    await make.stored_account("Aiice")

    with pytest.raises(NameConfusable, match="Allce"):
        await store.characters.recase(character.id, "ALICE", skeleton_of("Allce"))
    with pytest.raises(NameConfusable, match="Aiice"):
        await store.characters.recase(character.id, "ALICE", skeleton_of("Aiice"))
    assert await store.characters.get(character.id) == character


async def test_a_case_variant_may_look_like_its_owners_account_name_not_their_other_character(
    store: Store, make: Make
) -> None:
    owner = await make.stored_account("Allce")
    character = await make.stored_character(owner, "alice")
    other = await make.stored_character(owner, "Aiice")

    with pytest.raises(NameConfusable, match="Aiice"):
        await store.characters.recase(character.id, "ALICE", skeleton_of("Aiice"))
    await store.characters.recase(character.id, "ALICE", skeleton_of("Allce"))

    assert await store.characters.find_by_name("alice") == replace(character, name="ALICE")
    assert await store.characters.get(other.id) == other


async def test_recasing_a_deleted_character_does_nothing(store: Store, make: Make) -> None:
    owner = await make.stored_account("Alice")
    character = make.character(owner, "ally")
    await store.characters.recase(character.id, "ALLY", skeleton_of("ALLY"))
    assert await store.characters.find_by_name("ally") is None


async def test_an_image_is_kept_apart_and_replaced_whole(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    ally = await make.stored_character(alice, "Ally")
    image = bytes(range(256)) * 40  # binary, with every byte value

    await store.characters.set_image(ally.id, "image/webp", image)
    stored = await store.characters.get(ally.id)
    assert stored is not None
    assert stored.has_image
    assert await store.characters.image(ally.id) == ("image/webp", image)

    await store.characters.set_image(ally.id, "image/png", b"second")
    assert await store.characters.image(ally.id) == ("image/png", b"second")
    # A profile update (which knows nothing of images) keeps it.
    await store.characters.update(replace(stored, pronouns="she/her"))
    assert (await store.characters.get(ally.id)).has_image  # type: ignore[union-attr]

    await store.characters.delete_image(ally.id)
    assert await store.characters.image(ally.id) is None
    assert not (await store.characters.get(ally.id)).has_image  # type: ignore[union-attr]
    await store.characters.delete_image(ally.id)  # twice is fine


async def test_a_deleted_character_takes_its_image_with_it(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    await make.stored_character(alice, "Alice")
    ally = await make.stored_character(alice, "Ally")
    await store.characters.set_image(ally.id, "image/png", b"png")

    await store.characters.delete(ally.id)

    assert await store.characters.image(ally.id) is None


async def test_only_findable_characters_are_listed_for_search(store: Store, make: Make) -> None:
    alice = await make.stored_account("Alice")
    bob = await make.stored_account("Bob")
    found = await make.stored_character(alice, "Zed", findable=True)
    await make.stored_character(alice, "Hidden")
    other = await make.stored_character(bob, "Ann", findable=True)

    assert await store.characters.findable() == [other, found]
