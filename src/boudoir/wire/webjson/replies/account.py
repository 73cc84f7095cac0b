"""The browser protocol's shapes for replies about one's account, characters and profiles
(docs/http-api.md, "Shapes"; docs/websocket.md for ``character``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.entities import Account, Character
from boudoir.domain.profiles import ProfileSection, ProfileVisibility
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
    LoginEntry,
    LongDescriptionSet,
    PasswordChanged,
    ProfileAudienceSet,
    ProfileShown,
    PronounsSet,
    SessionEnded,
    SessionList,
    SettingsChanged,
)


def account_json(account: Account) -> dict[str, object]:
    return {
        "name": account.name,
        "attested": account.attested,
        "ratings": [rating.label for rating in sorted(account.ratings)],
        "dm_policy": account.dm_policy.value,
        "presence_visibility": account.presence_visibility.value,
        "mention_words": list(account.mention_words),
        "role": account.role.value,
        "created_at": account.created_at.isoformat(),
    }


def details_json(character: Character) -> dict[str, object]:
    """The ``details`` section."""
    details = character.details
    return {
        "species": details.species,
        "gender": details.gender,
        "orientation": details.orientation,
        "body_description": details.body_description,
        "personality_description": details.personality_description,
        "post_length": details.post_length.value if details.post_length else None,
        "rp_style": details.rp_style,
        "timezone": details.timezone,
        "languages": list(details.languages),
    }


def kinks_json(character: Character) -> dict[str, object]:
    """The ``kinks`` section: the kink list ratings, custom kinks and interests."""
    return {
        "kinks": {kink_id: level.value for kink_id, level in character.kinks},
        "custom_kinks": [
            {"name": c.name, "description": c.description, "level": c.level.value}
            for c in character.custom_kinks
        ],
        "interests": [{"topic": i.topic, "level": i.level.value} for i in character.interests],
    }


def visibility_json(visibility: ProfileVisibility) -> dict[str, str]:
    return {section.value: visibility.of(section).value for section in ProfileSection}


def character_json(character: Character) -> dict[str, object]:
    """One of the person's own characters, in full."""
    return {
        "name": character.name,
        "pronouns": character.pronouns,
        "short_description": character.short_description,
        "long_description": character.long_description,
        "declared_age": character.declared_age,
        **details_json(character),
        **kinks_json(character),
        "hard_limits": list(character.hard_limits),
        "visibility": visibility_json(character.visibility),
        "findable": character.findable,
        "has_image": character.has_image,
        "profile_audience": character.profile_audience.value,
        "created_at": character.created_at.isoformat(),
    }


def profile_json(profile: ProfileShown) -> dict[str, object]:
    """Someone's character as the viewer may see it: each section only when its visibility
    admits the viewer (absent otherwise, never empty)."""
    character = profile.character
    shown: dict[str, object] = {
        "name": character.name,
        "pronouns": character.pronouns,
        "short_description": character.short_description,
        "long_description": character.long_description,
        "declared_age": character.declared_age,
        "online": profile.online,
        "status": profile.status.value if profile.status is not None else None,
        "has_image": character.has_image and profile.shows(ProfileSection.IMAGE),
    }
    if profile.shows(ProfileSection.DETAILS):
        shown.update(details_json(character))
    if profile.shows(ProfileSection.KINKS):
        shown.update(kinks_json(character))
    if profile.shows(ProfileSection.LIMITS):
        shown["hard_limits"] = list(character.hard_limits)
    return shown


def login_json(login: LoginEntry) -> dict[str, object]:
    return {
        "id": login.id,
        "created_at": login.created_at.isoformat(),
        "last_seen_at": login.last_seen_at.isoformat(),
        "client": login.client,
        "current": login.current,
    }


def fields(reply: AccountReplies) -> dict[str, object] | None:
    match reply:
        case AttestationStatement(statement):
            return {"statement": statement}
        case Attested(account) | AccountShown(account) | SettingsChanged(account):
            return account_json(account)
        case SessionList(sessions):
            return {"sessions": [login_json(each) for each in sessions]}
        case AccountExported(document):
            return dict(document)
        case CharacterList(characters):
            return {"characters": [character_json(c) for c in characters]}
        case CharacterCreated(character) | CharacterChanged(character):
            return character_json(character)
        case CharacterSwitched(name):
            return {"character": {"name": name}}
        case ProfileShown():
            return profile_json(reply)
        case (
            PasswordChanged()
            | SessionEnded()
            | AccountErased()
            | CharacterDeleted()
            | Described()
            | PronounsSet()
            | LongDescriptionSet()
            | AgeSet()
            | InterestsSet()
            | HardLimitsSet()
            | ProfileAudienceSet()
        ):
            return None
        case _:
            assert_never(reply)
