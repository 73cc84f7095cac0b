"""Logs kept by consent through the command layer: the intents every gateway gives (telnet
log and @sweep, LogServ and LOG, the WebSocket and the HTTP logs endpoints), and the replies."""

from __future__ import annotations

import pytest

from boudoir.core.commands import Context, run
from boudoir.domain.errors import InvalidInput, NotFound
from boudoir.domain.intents import (
    AgreeToLog,
    DeleteLogLine,
    ListListeners,
    ListLogs,
    ProposeLog,
    ReadLog,
    ShowLogState,
    WithdrawFromLog,
)
from boudoir.domain.replies import (
    Listener,
    Listeners,
    LogConsentChanged,
    LogLineDeleted,
    LogList,
    LogRead,
    LogState,
)
from boudoir.testing.harness import TestPerson, TestWorld


async def two_in_the_den() -> tuple[TestWorld, TestPerson, TestPerson]:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("den")
    await bob.join("den")
    return world, alice, bob


async def test_a_proposal_and_the_last_yes_answer_with_the_state_each_one_sees() -> None:
    _, alice, bob = await two_in_the_den()

    proposed = await alice.do(ProposeLog("den"))
    assert isinstance(proposed, LogConsentChanged)
    assert (proposed.state.on, proposed.state.missing) == (False, ("bob",))
    started = await bob.do(AgreeToLog("#den"))
    assert isinstance(started, LogConsentChanged)
    assert started.state.on
    shown = await alice.do(ShowLogState("den"))
    assert isinstance(shown, LogState)
    assert shown.state is not None
    assert (shown.state.on, shown.state.agreed) == (True, ("alice", "bob"))


async def test_a_withdrawal_stops_it_and_the_state_is_then_off() -> None:
    _, alice, bob = await two_in_the_den()
    await alice.do(ProposeLog("den"))
    await bob.do(AgreeToLog("den"))

    stopped = await bob.do(WithdrawFromLog("den"))

    assert isinstance(stopped, LogConsentChanged)
    assert not stopped.state.on
    assert await alice.do(ShowLogState("den")) == LogState(None)
    with pytest.raises(InvalidInput, match="neither on nor proposed"):
        await alice.do(WithdrawFromLog("den"))


async def test_listeners_are_the_people_one_may_see_by_gateway_and_the_log_state() -> None:
    _, alice, _bob = await two_in_the_den()
    await alice.block("bob")

    reply = await alice.do(ListListeners("den"))

    assert isinstance(reply, Listeners)
    assert reply.room == "den"
    assert [p.name for p in reply.people] == ["alice"], "a blocked person is not listed"
    (me,) = reply.people
    assert me == Listener("alice", me.gateways, you=True)
    assert reply.logging is None


async def test_the_logs_one_may_read_are_listed_read_and_ones_own_line_deleted() -> None:
    world, alice, bob = await two_in_the_den()
    await alice.do(ProposeLog("den"))
    await bob.do(AgreeToLog("den"))
    said = alice.say("den", "for the record")
    bob.say("den", "and mine")
    await bob.do(WithdrawFromLog("den"))

    listed = await alice.do(ListLogs())
    assert isinstance(listed, LogList)
    (part,) = listed.parts
    assert (part.room, part.readers) == ("den", 2)
    read = await alice.do(ReadLog(part.id))
    assert isinstance(read, LogRead)
    assert [(line.sender, line.text) for line in read.lines] == [
        ("alice", "for the record"),
        ("bob", "and mine"),
    ]
    # Over HTTP an account reads its logs without a live character.
    over_http = Context.of_account(world.world, alice.account.id)
    assert await run(over_http, DeleteLogLine(str(said.id))) == LogLineDeleted()
    again = await run(over_http, ReadLog(part.id))
    assert isinstance(again, LogRead)
    assert [line.text for line in again.lines] == ["and mine"]


async def test_a_log_one_may_not_read_is_as_unknown_as_one_that_never_was() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    with pytest.raises(NotFound):
        await alice.do(ReadLog("nope"))
