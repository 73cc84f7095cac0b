"""Telnet's words for replies about one's account, characters and profile.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

from boudoir.domain.entities import Audience, Character, InterestLevel
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
from boudoir.wire.telnet.replies.presence import status_text
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import clean

AUDIENCE_SHOWN: Final = {
    Audience.ONLY_ME: "only you",
    Audience.FRIENDS: "your friends",
    Audience.EVERYONE: "everyone",
}

LEVEL_WORDS: Final[dict[InterestLevel, str]] = {
    InterestLevel.FAVOURITE: "Favourites",
    InterestLevel.YES: "Yes",
    InterestLevel.MAYBE: "Maybe",
    InterestLevel.NO: "No",
}
"""+finger's consent tags, in this order (the browser's profile groups them the same way)."""


def finger_text(profile: ProfileShown) -> str:
    """``+finger``: pronouns, descriptions, status, and each section its owner shares."""
    character = profile.character
    title = character.name
    if character.pronouns:
        title += f" ({clean(character.pronouns)})"
    lines = [title]
    if profile.online:
        lines.append(f"Status: {status_text(profile.status) or 'online'}.")
    if character.short_description:
        lines.append("Short description: " + clean(character.short_description))
    if character.declared_age is not None:
        lines.append(f"Age: {character.declared_age}")
    if character.long_description:
        lines.append("Description:")
        lines.extend(clean(part) for part in character.long_description.split("\n"))
    if profile.shows(ProfileSection.DETAILS):
        lines.extend(_details(character))
    if character.has_image and profile.shows(ProfileSection.IMAGE):
        lines.append("A profile image: see it in the browser.")
    if not profile.shows(ProfileSection.KINKS):
        lines.append("Kinks and interests: not shared with you.")
    else:
        names = dict(profile.kink_names)
        tags: list[str] = []
        for level, heading in LEVEL_WORDS.items():
            topics = [clean(names.get(k, k)) for k, rated in character.kinks if rated is level]
            topics += [clean(c.name) for c in character.custom_kinks if c.level is level]
            topics += [clean(i.topic) for i in character.interests if i.level is level]
            if topics:
                tags.append(f"{heading}: " + ", ".join(topics) + ".")
        lines.extend(tags or ["No kinks or interests listed."])
    if not profile.shows(ProfileSection.LIMITS):
        lines.append("Hard limits: not shared with you.")
    elif character.hard_limits:
        lines.append("Hard limits: " + ", ".join(clean(x) for x in character.hard_limits) + ".")
    else:
        lines.append("No hard limits listed.")
    return "\n".join(lines)


def _details(character: Character) -> list[str]:
    details = character.details
    shown = [
        ("Species", details.species),
        ("Gender", details.gender),
        ("Orientation", details.orientation),
        ("Posts", details.post_length.value.replace("_", "-") if details.post_length else ""),
        ("Style", details.rp_style),
        ("Time zone", details.timezone),
        ("Languages", ", ".join(details.languages)),
        ("Body", details.body_description),
        ("Personality", details.personality_description),
    ]
    return [f"{label}: {clean(value)}" for label, value in shown if value]


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
        case ProfileShown():
            return Told(finger_text(reply))
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
        ):
            return None  # not telnet commands
        case _:
            assert_never(reply)
