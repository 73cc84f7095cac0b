"""Ads in rooms that take them: shown to the room but across a block, one per account, room
and interval (on every node alike), favourites shown only when the kinks are public, and
``ads`` lists only what reached one. Runs with people on one node and spread over two."""

from __future__ import annotations

import pytest

from boudoir.domain.ads import AdPosted
from boudoir.domain.entities import RoomSetting
from boudoir.domain.errors import ConsentRefused, InvalidInput, Throttled
from boudoir.domain.intents import ChangeRoomSetting
from boudoir.domain.intents.profiles import ListAds, PostAd
from boudoir.domain.profiles import InterestLevel, ProfilePatch, ProfileSection, SectionAudience
from boudoir.domain.replies.profiles import AdSent, AdsListed
from boudoir.testing.harness import TestPerson, TestWorld


def ads(person: TestPerson) -> list[AdPosted]:
    return [e for e in person.session.events if isinstance(e, AdPosted)]


async def room_with_ads(world: TestWorld, *names: str) -> list[TestPerson]:
    owner, *others = [await world.person(name) for name in names]
    await owner.create_room("tavern")
    await owner.do(ChangeRoomSetting("tavern", RoomSetting.ADS, True))
    for person in others:
        await person.enter("tavern")
    for person in (owner, *others):
        person.forget()
    return [owner, *others]


async def test_a_room_takes_no_ads_until_its_owner_allows_them() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.create_room("tavern")
    await bob.enter("tavern")
    with pytest.raises(ConsentRefused, match="does not take ads"):
        await bob.do(PostAd("tavern", "anyone for a heist?"))
    with pytest.raises(ConsentRefused):
        await bob.do(ChangeRoomSetting("tavern", RoomSetting.ADS, True))  # not his room
    await alice.do(ChangeRoomSetting("tavern", RoomSetting.ADS, True))
    sent = await bob.do(PostAd("tavern", "anyone for a heist?"))
    assert isinstance(sent, AdSent)


async def test_an_ad_reaches_the_room_but_not_across_a_block() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await room_with_ads(world, "alice", "bob", "carol")
    await carol.block("bob")

    await bob.do(PostAd("tavern", "  Looking for a long   fantasy scene  "))

    for person in (alice, bob):
        (ad,) = ads(person)
        assert (ad.poster.name, ad.room.name, ad.text) == (
            "bob",
            "tavern",
            "Looking for a long fantasy scene",
        )
        assert ad.tags == ()
    assert ads(carol) == []


async def test_one_ad_per_account_per_room_per_interval() -> None:
    world = await TestWorld.start()
    alice, bob = await room_with_ads(world, "alice", "bob")
    await bob.do(PostAd("tavern", "first"))
    with pytest.raises(Throttled, match="minutes"):
        await bob.do(PostAd("tavern", "second"))
    # Alice has her own allowance.
    await alice.do(PostAd("tavern", "mine"))
    # Another room is another allowance.
    await bob.create_room("cellar")
    await bob.do(ChangeRoomSetting("cellar", RoomSetting.ADS, True))
    await bob.do(PostAd("cellar", "down here"))


async def test_the_interval_holds_for_every_character_of_the_account() -> None:
    world = await TestWorld.start()
    (alice,) = await room_with_ads(world, "alice")
    await world.world.characters.create(alice.account.id, "Alys")
    await alice.do(PostAd("tavern", "from alice"))
    await alice.switch_to("Alys")
    await alice.enter("tavern")
    with pytest.raises(Throttled):
        await alice.do(PostAd("tavern", "from alys"))


async def test_favourites_are_tagged_only_when_kinks_are_shown_to_everyone() -> None:
    world = await TestWorld.start()
    alice, bob = await room_with_ads(world, "alice", "bob")
    favourites = tuple((k, InterestLevel.FAVOURITE) for k in ("wax", "rope", "praise"))
    await world.world.update_character(
        bob.account.id,
        "bob",
        profile=ProfilePatch(kinks=(*favourites, ("gags", InterestLevel.YES))),
    )
    await world.world.update_character(
        alice.account.id,
        "alice",
        profile=ProfilePatch(
            kinks=favourites, visibility=((ProfileSection.KINKS, SectionAudience.EVERYONE),)
        ),
    )
    await bob.do(PostAd("tavern", "bob's kinks are for friends"))
    await alice.do(PostAd("tavern", "public kinks"))

    assert [(ad.text, ad.tags) for ad in ads(alice)] == [  # names from the kink list
        ("bob's kinks are for friends", ()),
        ("public kinks", ("Praise", "Rope", "Wax play")),
    ]


async def test_ads_lists_only_what_reached_one() -> None:
    world = await TestWorld.start()
    alice, bob = await room_with_ads(world, "alice", "bob")
    await alice.do(PostAd("tavern", "before carol came"))
    carol = await world.person("carol")
    await carol.enter("tavern")
    await bob.do(PostAd("tavern", "while carol is here"))

    listed = await carol.do(ListAds("tavern"))
    assert isinstance(listed, AdsListed)
    assert [ad.text for ad in listed.ads] == ["while carol is here"]
    for_alice = await alice.do(ListAds("tavern"))
    assert isinstance(for_alice, AdsListed)
    assert [ad.text for ad in for_alice.ads] == ["before carol came", "while carol is here"]
    await alice.block("bob")
    after = await alice.do(ListAds("tavern"))
    assert isinstance(after, AdsListed)
    assert [ad.text for ad in after.ads] == ["before carol came"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001, "bell \x07 here"])
async def test_a_bad_ad_is_refused_saying_why(text: str) -> None:
    world = await TestWorld.start()
    _alice, bob = await room_with_ads(world, "alice", "bob")
    with pytest.raises(InvalidInput):
        await bob.do(PostAd("tavern", text))


async def test_the_interval_holds_for_the_accounts_other_connections() -> None:
    # Spread over two nodes, the second login of an account lands on the other node: the
    # charge made on one node holds on the other (``AdCounted``).
    world = await TestWorld.start()
    (alice,) = await room_with_ads(world, "alice")
    again = await world.login("alice")
    await again.enter("tavern")
    await alice.do(PostAd("tavern", "from the first tab"))
    with pytest.raises(Throttled):
        await again.do(PostAd("tavern", "from the second tab"))
