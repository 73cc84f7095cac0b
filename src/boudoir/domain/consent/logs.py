"""Consent for what outlives the moment: a room's log, and a replay of lines heard before."""

from __future__ import annotations

from boudoir.domain.consent.decisions import ALLOW, Decision, Reason, refuse
from boudoir.domain.ids import AccountId


def logging_on(present: frozenset[AccountId], agreed: frozenset[AccountId]) -> bool:
    """Is a room's log on? Only while someone is present and every account present has said
    yes: one arrival who has not, or one withdrawal, turns it off."""
    return bool(present) and present <= agreed


def read_log_line(reader: AccountId, readers: frozenset[AccountId], *, blocked: bool) -> bool:
    """May ``reader`` read a logged line? Only someone present and consenting for the part of
    the log it belongs to (its ``readers``), and not a line from someone they are across a
    block with (``blocked``, either way): they did not hear it then either."""
    return reader in readers and not blocked


def hear_again(
    reader: AccountId, speaker: AccountId, to: AccountId | None, *, present: bool, blocked: bool
) -> bool:
    """May ``reader`` see again (in a replay) a line ``speaker`` said to all, or to ``to``? Only
    if it reached them: present then, to them, and across no block then or now, either way."""
    return reader == speaker or (present and not blocked and to in (None, reader))


def delete_log_line(actor: AccountId, sender: AccountId) -> Decision:
    """May ``actor`` delete a logged line? Each person deletes their own lines, nobody else's."""
    return ALLOW if actor == sender else refuse(Reason.NOT_PERMITTED)
