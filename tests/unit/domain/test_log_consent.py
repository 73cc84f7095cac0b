"""The consent rules of logs, as exhaustive matrices: when a log is on, who reads a line, who
deletes it; and who is shown again a line of the replay kept in memory."""

from __future__ import annotations

import itertools

import pytest

from boudoir.domain import consent
from boudoir.domain.ids import AccountId

A, B, C = AccountId("a"), AccountId("b"), AccountId("c")
PEOPLE = (A, B, C)


def subsets() -> list[frozenset[AccountId]]:
    return [
        frozenset(chosen)
        for size in range(len(PEOPLE) + 1)
        for chosen in itertools.combinations(PEOPLE, size)
    ]


@pytest.mark.parametrize("present", subsets())
@pytest.mark.parametrize("agreed", subsets())
def test_logging_is_on_exactly_when_everyone_present_said_yes(
    present: frozenset[AccountId], agreed: frozenset[AccountId]
) -> None:
    expected = bool(present) and all(person in agreed for person in present)
    assert consent.logging_on(present, agreed) is expected


def test_an_empty_room_never_logs_and_yeses_of_people_gone_do_not_matter() -> None:
    assert not consent.logging_on(frozenset(), frozenset(PEOPLE))
    assert consent.logging_on(frozenset({A}), frozenset({A, B}))
    assert not consent.logging_on(frozenset({A, C}), frozenset({A, B}))


@pytest.mark.parametrize("readers", subsets())
@pytest.mark.parametrize("reader", PEOPLE)
@pytest.mark.parametrize("blocked", [False, True])
def test_a_line_is_read_by_its_segments_readers_not_across_a_block(
    readers: frozenset[AccountId], reader: AccountId, blocked: bool
) -> None:
    expected = reader in readers and not blocked
    assert consent.read_log_line(reader, readers, blocked=blocked) is expected


@pytest.mark.parametrize(("actor", "sender"), list(itertools.product(PEOPLE, PEOPLE)))
def test_only_the_sender_deletes_a_line(actor: AccountId, sender: AccountId) -> None:
    decision = consent.delete_log_line(actor, sender)
    if actor == sender:
        assert decision.outcome is consent.Outcome.ALLOW
    else:
        assert decision.reason is consent.Reason.NOT_PERMITTED


@pytest.mark.parametrize("reader", PEOPLE)
@pytest.mark.parametrize("speaker", PEOPLE)
@pytest.mark.parametrize("to", [None, *PEOPLE])
@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("blocked", [False, True])
def test_a_replayed_line_comes_back_only_to_whom_it_reached(
    reader: AccountId, speaker: AccountId, to: AccountId | None, present: bool, blocked: bool
) -> None:
    # One's own line always; anyone else's only if they were present, not across a block,
    # and it was said to all or to them.
    reached = present and not blocked and to in (None, reader)
    expected = reader == speaker or reached
    assert consent.hear_again(reader, speaker, to, present=present, blocked=blocked) is expected
