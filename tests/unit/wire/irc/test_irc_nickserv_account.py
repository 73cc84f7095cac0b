"""NickServ's account, character, settings and friend verbs into intents, replies into
notices."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.entities import (
    Account,
    Character,
    DirectMessagePolicy,
    PresenceVisibility,
)
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.intents import (
    AddFriend,
    Attest,
    ChangeSettings,
    CreateCharacter,
    Describe,
    ListCharacters,
    ListFriends,
    ReadAttestation,
    RemoveFriend,
    SetAge,
    SetPronouns,
    ShowAccount,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    AccountShown,
    AgeSet,
    CharacterCreated,
    CharacterList,
    FriendAdded,
    FriendList,
    FriendRemoved,
    SettingsChanged,
)
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import NICKSERV, Usage

AT = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)


def _account() -> Account:
    return Account(
        id=AccountId("a1"),
        name="ivy",
        password_hash="x",
        born=dt.date(1990, 1, 1),
        created_at=AT,
    )


def _character(name: str, age: int | None = 30) -> Character:
    return Character(
        id=CharacterId(name), account_id=AccountId("a1"), name=name, created_at=AT, declared_age=age
    )


@pytest.mark.parametrize(
    ("verb", "words", "intent"),
    [
        ("ATTEST", [], ReadAttestation()),
        ("ATTEST", ["maybe"], ReadAttestation()),
        ("attest", ["yes"], Attest()),
        ("CHARACTERS", [], ListCharacters()),
        ("CHARACTER", ["create", "Ivy"], CreateCharacter("Ivy")),
        ("SETTINGS", [], ShowAccount()),
        ("SET", ["age", "29"], SetAge(29)),
        ("SET", ["PRONOUNS", "she/her"], SetPronouns("she/her")),
        ("SET", ["DESCRIPTION", "a", "tall", "fox"], Describe("a tall fox")),
        ("SET", ["DMPOLICY", "shared-room"], ChangeSettings(DirectMessagePolicy.SHARED_ROOM)),
        (
            "SET",
            ["PRESENCE", "friends"],
            ChangeSettings(presence_visibility=PresenceVisibility.FRIENDS),
        ),
        (
            "SET",
            ["RATINGS", "general,mature"],
            ChangeSettings(ratings=frozenset({Rating.GENERAL, Rating.MATURE})),
        ),
        ("FRIENDS", ["whatever"], ListFriends()),
        ("FRIEND", [], ListFriends()),
        ("FRIEND", ["list"], ListFriends()),
        ("FRIEND", ["ADD", "Bob"], AddFriend("Bob")),
        ("FRIEND", ["del", "Bob"], RemoveFriend("Bob")),
        ("FRIEND", ["REMOVE", "Bob"], RemoveFriend("Bob")),
    ],
)
def test_a_verb_and_its_words_become_the_intent(
    verb: str, words: list[str], intent: object
) -> None:
    entry = NICKSERV.get(verb)
    assert entry is not None
    assert entry.parse(words) == intent


@pytest.mark.parametrize(
    ("verb", "words", "usage"),
    [
        ("CHARACTER", ["Ivy"], "CHARACTER CREATE <name>"),
        ("SET", ["AGE"], "SET <AGE|PRONOUNS|DESCRIPTION|DMPOLICY|RATINGS|PRESENCE> <value>"),
        ("FRIEND", ["ADD"], "FRIEND ADD <name>, FRIEND DEL <name>, FRIENDS"),
    ],
)
def test_wrong_words_give_the_usage(verb: str, words: list[str], usage: str) -> None:
    entry = NICKSERV.get(verb)
    assert entry is not None
    assert entry.usage == usage
    with pytest.raises(Usage):
        entry.parse(words)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["AGE", "old"], "Use: SET AGE <years>"),
        (["COLOUR", "red"], "Unknown setting COLOUR. HELP lists them."),
        (["DMPOLICY", "whoever"], "Choose one of: anyone, shared-room, friends, nobody."),
    ],
)
def test_a_setting_that_cannot_be_read_is_refused_in_words(words: list[str], message: str) -> None:
    entry = NICKSERV.get("SET")
    assert entry is not None
    with pytest.raises(InvalidInput) as refused:
        entry.parse(words)
    assert refused.value.message == message


def test_replies_are_nickserv_notices() -> None:
    account = _account()
    assert service_text(AccountShown(account, _character("Ivy"))) == (
        "Account ivy: attested no; ratings general; direct messages from shared-room; "
        "presence shown to everyone\nCharacter age: 30"
    )
    assert service_text(SettingsChanged(account, ("presence_visibility",))) == "PRESENCE set."
    assert service_text(AgeSet(29)) == "AGE set."
    assert service_text(CharacterList((_character("ivy"), _character("Rose")))) == (
        "Your characters: ivy, Rose"
    )
    assert service_text(CharacterCreated(_character("Rose"))) == (
        "Created Rose. /nick Rose to use it."
    )
    assert service_text(FriendAdded("Bob")) == "Bob is on your friend list."
    assert service_text(FriendRemoved("bob")) == "bob is off your friend list."
    assert service_text(FriendList(())) == "Friends: none"
