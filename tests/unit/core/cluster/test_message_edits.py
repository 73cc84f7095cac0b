"""Editing and removing a line said on another node: each node's index of recent messages is
filled from what it delivers, so the check works wherever the command arrives."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import Role
from boudoir.domain.errors import NotFound

from .nodes import Nodes


async def test_a_line_said_on_one_node_is_removed_by_a_moderator_on_the_other(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()  # alice on node a, bob on node b
    await alice.world.accounts.set_role(bob.account.id, Role.MODERATOR)
    await nodes.settle()
    said = alice.say("lobby", "a line to remove")
    await nodes.settle()
    assert bob.lines()[-1] == "[lobby] alice says a line to remove"
    await bob.delete(said.id)  # decided on node b, from what node b delivered
    await nodes.settle()
    assert alice.lines()[-1] == "[lobby] a moderator removed a line by alice"
    assert bob.lines()[-1] == "[lobby] a moderator removed a line by alice"
    # Node a forgot it too: its sender can no longer edit it there.
    with pytest.raises(NotFound):
        await alice.edit(said.id, "back again")


async def test_an_edit_on_one_node_reaches_the_other_and_only_the_sender_may_make_it(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    said = alice.say("lobby", "helo")
    await nodes.settle()
    with pytest.raises(NotFound):
        await bob.edit(said.id, "mine now")  # node b knows it is alice's
    await alice.edit(said.id, "hello")
    await nodes.settle()
    assert bob.lines()[-1] == "[lobby] alice edited a line: hello"


async def test_each_node_tells_its_observers_of_a_change_decided_on_the_other(
    nodes: Nodes,
) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    seen_on_b: list[str] = []
    bob.world.messages.recent.observers.append(
        lambda event: seen_on_b.append(f"{type(event).__name__} {event.id}")
    )
    said = alice.say("lobby", "helo")
    await nodes.settle()
    await alice.edit(said.id, "hello")
    await alice.delete(said.id)
    await nodes.settle()
    # What a replay buffer of node b would follow: the edit, then the deletion.
    assert seen_on_b == [f"MessageEdited {said.id}", f"MessageDeleted {said.id}"]
