"""Telnet's words for replies about one's account, characters and profile, and the MUCK
syntax of ``@set me=``."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.entities import Audience, Character, InterestLevel
from boudoir.domain.events import CharacterRef
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.replies import (
    AgeSet,
    CharacterCreated,
    CharacterList,
    CharacterSwitched,
    Described,
    FriendRemoved,
    HardLimitsSet,
    InterestsSet,
    LongDescriptionSet,
    ProfileAudienceSet,
    PronounsSet,
)
from boudoir.wire.telnet.commands.profile import AUDIENCE_WORDS, line_breaks
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import render_reply

AT = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)

SCREEN = Screen(80)


def _text(reply: object) -> str | None:
    told = render_reply(reply, SCREEN)  # type: ignore[arg-type]
    return None if told is None else told.text


def _character(name: str) -> Character:
    return Character(id=CharacterId(name), account_id=AccountId("a"), name=name, created_at=AT)


def test_characters_are_listed_with_the_current_one_marked() -> None:
    listed = CharacterList((_character("Tess"), _character("Ivy")), CharacterId("Ivy"))
    assert _text(listed) == 'Your characters: Tess, Ivy (current). "@char <name>" switches.'
    assert _text(CharacterCreated(_character("Ivy"))) == (
        'Character Ivy created. "@char Ivy" to switch to it.'
    )


def test_a_switch_says_whether_anything_changed() -> None:
    assert _text(CharacterSwitched("Ivy")) == "You are already Ivy."
    switched = CharacterSwitched("Ivy", CharacterRef(CharacterId("t"), "Tess"))
    assert _text(switched) == "You are now Ivy. Your channels were left behind."


def test_profile_fields_are_confirmed_set_or_cleared() -> None:
    assert _text(PronounsSet("she/her")) == "Pronouns set: she/her"
    assert _text(PronounsSet("")) == "Pronouns cleared."
    assert _text(Described("")) == "Short description cleared."
    assert _text(LongDescriptionSet(line_breaks("One.%rTwo."))) == "Long description set."
    assert _text(AgeSet(30)) == "Declared age set: 30."
    assert _text(InterestsSet(InterestLevel.YES, ("rope", "tea"))) == (
        "Interests (yes) set: rope, tea."
    )
    assert _text(InterestsSet(InterestLevel.NO, ())) == "Interests (no) cleared."
    assert _text(HardLimitsSet(())) == "Hard limits cleared."
    assert _text(ProfileAudienceSet(AUDIENCE_WORDS["public"])) == (
        "Your interests and limits are shown to everyone."
    )
    assert _text(ProfileAudienceSet(Audience.ONLY_ME)) == (
        "Your interests and limits are shown to only you."
    )


def test_a_friend_taken_off_the_list_is_named_as_typed_and_cleaned() -> None:
    assert _text(FriendRemoved("bob\x1b[31m")) == "bob is off your friend list."
