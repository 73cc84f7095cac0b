"""Blocks through the command layer: the intents every gateway gives, and the replies."""

from __future__ import annotations

import pytest

from boudoir.core.commands import Context, run
from boudoir.domain.errors import InvalidInput, NotFound
from boudoir.domain.intents import Block, ListBlocks, Unblock
from boudoir.domain.replies import Blocked, BlockList, Unblocked
from boudoir.testing.harness import TestWorld


async def test_block_answers_with_the_name_the_block_is_listed_by_and_takes_effect() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("Bob")
    for person in (alice, bob):
        await person.join("lobby")
        person.forget()
    assert await alice.do(Block("bob")) == Blocked("Bob")
    bob.say("lobby", "hello?")
    assert not alice.saw("hello?"), "a block holds at once"


async def test_the_block_list_is_in_alphabetical_order_whatever_the_case() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    assert await alice.do(ListBlocks()) == BlockList(())
    for name in ("zed", "Bob", "carol"):
        await world.person(name)
        await alice.do(Block(name))
    assert await alice.do(ListBlocks()) == BlockList(("Bob", "carol", "zed"))


async def test_unblock_answers_with_the_name_as_typed_and_refuses_one_not_blocked() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    await alice.do(Block("bob"))
    assert await alice.do(Unblock("BOB")) == Unblocked("BOB")
    assert await alice.do(ListBlocks()) == BlockList(())
    with pytest.raises(NotFound):
        await alice.do(Unblock("bob"))


async def test_an_account_without_a_connection_blocks_as_over_the_http_api() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    context = Context.of_account(world.world, alice.account.id)
    assert await run(context, Block("bob")) == Blocked("bob")
    assert await alice.do(ListBlocks()) == BlockList(("bob",))
    with pytest.raises(InvalidInput):
        _ = context.conn
