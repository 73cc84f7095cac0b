"""After Redis was away, the corners: invitations to private rooms made or used on either
side meanwhile, and who sees whom online after a block or its lifting made during the gap."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import RoomVisibility
from boudoir.domain.errors import ConsentRefused
from boudoir.testing.harness import TestPerson

from .nodes import Nodes


def presence(person: TestPerson, name: str) -> list[str]:
    """What ``person`` was told of ``name`` coming online or going offline."""
    return [line for line in person.lines() if line in (f"{name} is online", f"{name} is offline")]


async def test_a_block_made_during_the_gap_shows_each_offline_to_the_other_once(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    assert "alice (online)" in bob.online()
    alice.forget()
    bob.forget()
    await nodes.cut_off()
    await alice.block("bob")
    await nodes.reconnect()

    assert presence(alice, "bob") == ["bob is offline"]
    assert presence(bob, "alice") == ["alice is offline"]
    assert "alice (online)" not in bob.online()
    await nodes.reconnect()
    assert presence(bob, "alice") == ["alice is offline"], "once"


async def test_a_block_lifted_during_the_gap_shows_each_online_to_the_other_again(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await alice.block("bob")
    await nodes.settle()
    alice.forget()
    bob.forget()
    await nodes.cut_off()
    await alice.unblock("bob")
    await nodes.reconnect()

    assert presence(alice, "bob") == ["bob is online"]
    assert presence(bob, "alice") == ["alice is online"]
    assert "alice (online)" in bob.online()


async def test_an_invitation_to_a_private_room_is_known_to_a_late_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bob")
    alice = await a.person("alice")
    bob_on_a = await a.login("bob")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    await alice.invite("den", "bob")
    bob_on_a.quit()
    b = await nodes.start("b")  # late: it never heard the invitation
    bob = await b.login("bob")
    await nodes.settle()

    await bob.enter("den")
    await nodes.settle()
    assert sorted(alice.members("den")) == ["alice", "bob"]


@pytest.mark.parametrize("cut", [(), ("a",), ("b",)], ids=["both", "only-a", "only-b"])
async def test_invitations_made_and_used_during_the_gap_agree_on_every_node(
    nodes: Nodes, cut: tuple[str, ...]
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    a, b = nodes.worlds["a"], nodes.worlds["b"]
    await a.register("carol")
    carol = await b.login("carol")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    await alice.invite("den", "bob")
    await nodes.settle()
    await nodes.cut_off(*cut)
    await bob.enter("den")  # bob uses his invitation on node b
    await alice.invite("den", "carol")  # and alice invites carol on node a
    await nodes.settle()
    await nodes.reconnect(*cut)

    # Carol's invitation holds from her node; bob's, used, is gone on every node.
    for world in (a, b):
        room = next(r for r in world.world.registry.rooms.values() if r.room.name == "den")
        assert world.world.registry.invited.get(room.room.id) == {carol.account.id}
    bob.leave("den")
    await nodes.settle()
    with pytest.raises(ConsentRefused):
        await bob.enter("den")
    await carol.enter("den")
    await nodes.settle()
    assert sorted(alice.members("den")) == ["alice", "carol"]
