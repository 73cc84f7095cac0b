"""Meeting requests through the command layer (telnet meetme and mdecline)."""

from __future__ import annotations

import pytest

from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import DeclineMeeting, ListMeetingRequests, RequestMeeting
from boudoir.domain.replies import MeetingDeclined, MeetingRequested, MeetingRequests
from boudoir.testing.harness import TestWorld


async def test_a_request_is_answered_with_the_name_and_listed_for_the_one_asked() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("Bob")

    assert await alice.do(RequestMeeting("bob")) == MeetingRequested("bob")

    assert await bob.do(ListMeetingRequests()) == MeetingRequests(("alice",))
    assert await alice.do(ListMeetingRequests()) == MeetingRequests(())


async def test_declining_answers_the_same_with_a_block_and_uses_the_request_up() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.do(RequestMeeting("bob"))

    assert await bob.do(DeclineMeeting("Alice", block=True)) == MeetingDeclined("Alice", True)

    assert await bob.do(ListMeetingRequests()) == MeetingRequests(())
    with pytest.raises(BoudoirError):
        await bob.do(DeclineMeeting("alice"))
