"""NickServ's words for replies about one's account, characters and profile.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.entities import Account
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

SETTING_WORDS = {
    "dm_policy": "DMPOLICY",
    "presence_visibility": "PRESENCE",
    "ratings": "RATINGS",
    "mention_words": "MENTIONS",
}
"""A setting's word in ``SET <word> <value>``, by the field it changes."""


def settings_text(account: Account) -> str:
    ratings = ",".join(r.name.lower() for r in sorted(account.ratings))
    return (
        f"Account {account.name}: attested {'yes' if account.attested else 'no'}; "
        f"ratings {ratings}; direct messages from {account.dm_policy.value.replace('_', '-')}; "
        f"presence shown to {account.presence_visibility.value}"
    )


def service_text(reply: AccountReplies) -> str | None:
    match reply:
        case AttestationStatement(statement):
            return f'The statement: "{statement}"\nIf it is true, send: ATTEST YES'
        case Attested():
            return "Thank you: your attestation is recorded. SET RATINGS to opt in."
        case AccountShown(account, character):
            age = "" if character is None else f"\nCharacter age: {character.declared_age}"
            return settings_text(account) + age
        case SettingsChanged(_, changed):
            return " ".join(f"{SETTING_WORDS[name]} set." for name in changed) or None
        case CharacterList(characters):
            return "Your characters: " + ", ".join(c.name for c in characters)
        case CharacterCreated(character):
            return f"Created {character.name}. /nick {character.name} to use it."
        case AgeSet():
            return "AGE set."
        case PronounsSet():
            return "PRONOUNS set."
        case Described():
            return "DESCRIPTION set."
        case CharacterSwitched(name):
            return f"You are now {name}."
        case PasswordChanged():
            return "Password changed."
        case (
            SessionList()
            | SessionEnded()
            | AccountExported()
            | AccountErased()
            | CharacterChanged()
            | CharacterDeleted()
            | ProfileShown()
            | LongDescriptionSet()
            | InterestsSet()
            | HardLimitsSet()
            | ProfileAudienceSet()
        ):
            return None  # not NickServ commands
        case _:
            assert_never(reply)
