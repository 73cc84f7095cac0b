"""Consent decisions that depend on live state held by another node: an invitation to a private
room given on one node lets the invitee in on another, once; a character recased or described
on one node is seen so on its connections elsewhere; an account's change (a presence setting,
a rating withdrawn) is shown once to each person, by their own node."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import PresenceVisibility, RoomVisibility
from boudoir.domain.errors import ConsentRefused
from boudoir.domain.events import MemberLeft
from boudoir.domain.ratings import Rating

from .nodes import Nodes


async def test_an_invitation_given_on_one_node_lets_the_invitee_in_on_another_once(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await b.login("bob")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    await nodes.settle()
    with pytest.raises(ConsentRefused):
        await bob.enter("den")

    await alice.invite("den", "bob")
    await nodes.settle()
    assert bob.saw("alice invites you to den")
    await bob.enter("den")
    await nodes.settle()
    assert alice.saw("bob joined den")
    bob.leave("den")
    await nodes.settle()
    with pytest.raises(ConsentRefused):
        await bob.enter("den")


async def test_a_recased_character_has_its_new_name_on_its_other_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    alice = await a.person("alice")
    phone = await b.login("alice")
    await nodes.settle()
    await alice.recase("Alice")
    await nodes.settle()
    assert phone.saw("alice is now known as Alice")
    assert phone.name == "Alice"


async def test_hiding_ones_presence_is_shown_once_on_the_other_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await b.login("bob")
    await nodes.settle()
    bob.forget()
    await alice.set_presence(PresenceVisibility.NOBODY)
    await nodes.settle()
    assert bob.lines() == ["alice is offline"]


async def test_a_withdrawn_rating_is_seen_once_as_a_plain_departure(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    bob = await b.login("bob")
    await bob.create_room("crimson", rating=Rating.ADULT)
    await nodes.settle()
    await alice.enter("crimson")
    await nodes.settle()
    bob.forget()
    await alice.opt_in(Rating.MATURE)
    await nodes.settle()
    [seen] = bob.session.events
    assert isinstance(seen, MemberLeft)
    assert (seen.character.name, seen.reason) == ("alice", "")
    assert bob.members("crimson") == ["bob"]
