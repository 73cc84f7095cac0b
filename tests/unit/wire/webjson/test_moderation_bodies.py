"""The moderation and automod endpoints' bodies, read into intents, and the mistakes refused
with one clear message each."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.automod import ALL_PLACES, Action, PatternKind
from boudoir.domain.intents import AddRule, ChangeRule, CreateInvitation, ShowQueue, TakeAction
from boudoir.domain.ratings import Rating
from boudoir.wire.webjson.automod_bodies import RuleBody
from boudoir.wire.webjson.http import BadRequest
from boudoir.wire.webjson.moderation_bodies import ActionBody, InviteBody, queue_intent


def test_an_action_reads_its_fields_and_an_expiry_with_a_zone() -> None:
    body = {"kind": "mute", "target": "Mallory", "room": "lobby", "expires_at": "2026-11-26T14:00Z"}
    assert ActionBody.intent(body) == TakeAction(
        "mute", "Mallory", "lobby", "", dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    )
    with pytest.raises(BadRequest, match="needs a time zone"):
        ActionBody.intent({**body, "expires_at": "2026-11-26T14:00"})
    with pytest.raises(BadRequest, match="Unknown field 'until'"):
        ActionBody.intent({**body, "until": "soon"})


def test_an_invitation_needs_whole_uses_and_a_number_of_days() -> None:
    assert InviteBody.intent({}) == CreateInvitation(1, None)
    assert InviteBody.intent({"uses": 2, "expires_in_days": 7}) == CreateInvitation(2, 7.0)
    with pytest.raises(BadRequest, match="'uses' must be a whole number"):
        InviteBody.intent({"uses": True})


def test_the_queue_is_open_resolved_or_all() -> None:
    assert queue_intent("all") == ShowQueue(None)
    with pytest.raises(BadRequest, match="open, resolved or all"):
        queue_intent("closed")


def test_a_new_rule_takes_the_defaults_and_a_change_leaves_unsent_fields_alone() -> None:
    assert RuleBody.add({"name": "Fruit", "kind": "words", "pattern": "mango"}) == AddRule(
        "Fruit", PatternKind.WORDS, "mango", Action.FLAG, ALL_PLACES, Rating.GENERAL, "", True
    )
    with pytest.raises(BadRequest, match="needs a name, a kind and a pattern"):
        RuleBody.add({"name": "Fruit"})
    assert RuleBody.change("r1", {"enabled": False}) == ChangeRule("r1", enabled=False)
    with pytest.raises(BadRequest, match="A place is one of"):
        RuleBody.change("r1", {"places": ["everywhere"]})
