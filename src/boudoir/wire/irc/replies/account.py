"""NickServ's words for replies about one's account, characters and profile.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.entities import Account, InterestLevel
from boudoir.domain.profiles import ProfileSection
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
            | LongDescriptionSet()
            | InterestsSet()
            | HardLimitsSet()
            | ProfileAudienceSet()
        ):
            return None  # not NickServ commands
        case ProfileShown():
            return profile_text(reply)
        case _:
            assert_never(reply)


LEVEL_TITLES = {
    InterestLevel.FAVOURITE: "Favourites",
    InterestLevel.YES: "Yes",
    InterestLevel.MAYBE: "Maybe",
    InterestLevel.NO: "No",
}


def _line(text: str) -> str:
    return " ".join(text.split())


def profile_text(profile: ProfileShown) -> str:
    """NickServ PROFILE: the public face, then each section its owner shares with the asker."""
    c = profile.character
    lines = [c.name + (f" ({_line(c.pronouns)})" if c.pronouns else "")]
    if profile.online and profile.status is not None:
        lines.append(f"Status: {profile.status.value}")
    if c.short_description:
        lines.append(_line(c.short_description))
    if c.declared_age is not None:
        lines.append(f"Age: {c.declared_age}")
    if profile.shows(ProfileSection.DETAILS):
        d = c.details
        for label, value in (
            ("Species", d.species),
            ("Gender", d.gender),
            ("Orientation", d.orientation),
            ("Style", d.rp_style),
            ("Time zone", d.timezone),
            ("Languages", ", ".join(d.languages)),
        ):
            if value:
                lines.append(f"{label}: {_line(value)}")
    if profile.shows(ProfileSection.KINKS):
        names = dict(profile.kink_names)
        for level, title in LEVEL_TITLES.items():
            topics = [names.get(k, k) for k, rated in c.kinks if rated is level]
            topics += [x.name for x in c.custom_kinks if x.level is level]
            topics += [i.topic for i in c.interests if i.level is level]
            if topics:
                lines.append(f"{title}: " + _line(", ".join(topics)))
    else:
        lines.append("Kinks and interests: not shared with you")
    if not profile.shows(ProfileSection.LIMITS):
        lines.append("Hard limits: not shared with you")
    elif c.hard_limits:
        lines.append("Hard limits: " + _line(", ".join(c.hard_limits)))
    return "\n".join(lines)
