"""ModServ's and AutoMod's tables and REPORT's words: what a staff member types, as intents,
and the replies as the notices they read."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.automod import Action, PatternKind, Place
from boudoir.domain.entities import Role
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import (
    AddRule,
    ChangeRule,
    ClearPhrase,
    CreateInvitation,
    Report,
    ResolveItem,
    ShowQueue,
    ShowRule,
    TakeAction,
    TryText,
)
from boudoir.domain.moderation import QueueStatus
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import ReportFiled, StaffConfirmed
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.reports import report_intent
from boudoir.wire.irc.services import AUTOMOD, MODSERV


def modserv(line: str) -> object:
    verb, *words = line.split()
    entry = MODSERV.get(verb)
    assert entry is not None
    return entry.parse(words)


def automod(line: str) -> object:
    verb, *words = line.split()
    entry = AUTOMOD.get(verb)
    assert entry is not None
    return entry.parse(words)


def test_a_room_action_takes_the_room_the_nick_a_duration_and_the_reason() -> None:
    assert modserv("mute #lobby Mallory 2h stop shouting") == TakeAction(
        "mute", "Mallory", "lobby", "stop shouting", lasting=dt.timedelta(hours=2)
    )
    assert modserv("KICK #lobby Mallory 2h") == TakeAction("kick", "Mallory", "lobby", "2h")
    assert modserv("ACCOUNTBAN Mallory spam") == TakeAction("account_ban", "Mallory", "", "spam")


def test_words_that_do_not_fit_are_refused_with_the_usage_line() -> None:
    with pytest.raises(InvalidInput, match=r"^Usage: MUTE <#room> <nick> \.\.\.$"):
        modserv("MUTE Mallory")
    with pytest.raises(InvalidInput, match=r"^Usage: INVITE \[uses\] \[days\]$"):
        modserv("INVITE many")


def test_queue_resolve_and_invite_read_their_words() -> None:
    assert modserv("QUEUE") == ShowQueue(QueueStatus.OPEN)
    assert modserv("QUEUE all") == ShowQueue(None)
    assert modserv("RESOLVE q-1 DISMISS not a problem") == ResolveItem(
        "q-1", "dismiss", "not a problem"
    )
    assert modserv("INVITE 3 7") == CreateInvitation(3, 7.0)


def test_automod_rule_sub_commands_and_a_rule_named_like_one() -> None:
    assert automod("RULE TEST some text") == TryText("some text")
    assert automod("RULE DISABLE Fruit") == ChangeRule("Fruit", enabled=False)
    assert automod("RULE CLEAR Fruit ripe mango") == ClearPhrase("Fruit", "ripe mango")
    assert automod("RULE DEL") == ShowRule("DEL")
    assert automod("RULE ADD Fruit block words mango in=room,direct rating=mature") == AddRule(
        "Fruit",
        PatternKind.WORDS,
        "mango",
        Action.BLOCK,
        frozenset({Place.ROOM, Place.DIRECT}),
        Rating.MATURE,
    )
    with pytest.raises(InvalidInput, match=r"^Use: RULE ADD"):
        automod("RULE ADD Fruit block words")


def test_report_keeps_message_ids_after_the_lines_of_the_evidence_tag() -> None:
    tag = '[{"id": "m1", "text": "pay me"}]'
    intent = report_intent(("Mallory", "m2", "asks for money"), {"boudoir.chat/evidence": tag})
    assert intent == Report(
        "Mallory", "asks for money", ({"id": "m1", "text": "pay me"}, {"id": "m2"})
    )
    with pytest.raises(InvalidInput, match="is not JSON"):
        report_intent(("Mallory", "why"), {"boudoir.chat/evidence": "{"})


def test_replies_read_as_modserv_and_oper_always_said() -> None:
    assert service_text(ReportFiled("q-1", (True, False, True))) == (
        "Report q-1 filed; 2 line(s) verified."
    )
    assert service_text(StaffConfirmed(Role.OPERATOR)) == "You are now an IRC operator (operator)"
