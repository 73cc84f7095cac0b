"""Telnet's words for replies about one's account, characters and profile.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

from boudoir.domain.entities import Audience
from boudoir.domain.replies.account import (
    AccountErased,
    AccountExported,
    AccountReplies,
    AccountShown,
    AgeSet,
    AttestationStatement,
    Attested,
    CharacterChanged,
    CharacterCreated,
    CharacterDeleted,
    CharacterList,
    CharacterSwitched,
    Described,
    HardLimitsSet,
    InterestsSet,
    LongDescriptionSet,
    PasswordChanged,
    ProfileAudienceSet,
    ProfileShown,
    PronounsSet,
    SessionEnded,
    SessionList,
    SettingsChanged,
)
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

AUDIENCE_SHOWN: Final = {
    Audience.ONLY_ME: "only you",
    Audience.FRIENDS: "your friends",
    Audience.EVERYONE: "everyone",
}


def render(reply: AccountReplies) -> Told | None:
    match reply:
        case CharacterList(characters, current):
            names = [c.name + (" (current)" if c.id == current else "") for c in characters]
            return Told("Your characters: " + ", ".join(names) + '. "@char <name>" switches.')
        case CharacterCreated(character):
            name = character.name
            return Told(f'Character {name} created. "@char {name}" to switch to it.')
        case CharacterSwitched(name, before):
            if before is None:
                return Told(f"You are already {name}.")
            return Told(f"You are now {name}. Your channels were left behind.")
        case PasswordChanged():
            return Told("Password changed.")
        case PronounsSet(text):
            return Told(f"Pronouns set: {clean(text)}" if text else "Pronouns cleared.")
        case Described(text):
            return Told("Short description set." if text else "Short description cleared.")
        case LongDescriptionSet(text):
            return Told("Long description set." if text else "Long description cleared.")
        case AgeSet(years):
            return Told(f"Declared age set: {years}.")
        case InterestsSet(level, topics):
            if not topics:
                return Told(f"Interests ({level.value}) cleared.")
            return Told(f"Interests ({level.value}) set: {clean(', '.join(topics))}.")
        case HardLimitsSet(topics):
            if not topics:
                return Told("Hard limits cleared.")
            return Told(f"Hard limits set: {clean(', '.join(topics))}.")
        case ProfileAudienceSet(audience):
            return Told(f"Your interests and limits are shown to {AUDIENCE_SHOWN[audience]}.")
        case (
            AttestationStatement()
            | Attested()
            | AccountShown()
            | SettingsChanged()
            | SessionList()
            | SessionEnded()
            | AccountExported()
            | AccountErased()
            | CharacterChanged()
            | CharacterDeleted()
            | ProfileShown()
        ):
            return None  # not telnet commands
        case _:
            assert_never(reply)
