"""JSON requests decoded at the edge into typed values, with one clear error per mistake.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Final, TypeVar

from starlette.requests import Request

from boudoir.core.characters import Profile
from boudoir.core.ports import LoginSession
from boudoir.domain.entities import (
    Account,
    Audience,
    Character,
    DirectMessagePolicy,
    Interest,
    InterestLevel,
    PresenceVisibility,
)
from boudoir.domain.ratings import Rating
from boudoir.gateways.web.errors import MAX_BODY_BYTES, RequestRejected, bad_request

logger = logging.getLogger(__name__)

E = TypeVar("E", bound=enum.Enum)

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- Requests, decoded at the edge --------------------------------------------------------


class _Fields:
    """Typed access to a JSON object's fields, with one clear message per mistake."""

    def __init__(self, body: Mapping[str, object], allowed: frozenset[str]) -> None:
        unknown = sorted(set(body) - allowed)
        if unknown:
            # Refused rather than ignored: a misspelt "atest" must not pass silently.
            raise bad_request(f"Unknown field {unknown[0]!r}.")
        self._body = body

    def string(self, name: str) -> str:
        value = self._body.get(name)
        if value is None:
            raise bad_request(f"The field {name!r} is required.")
        if not isinstance(value, str):
            raise bad_request(f"The field {name!r} must be a string.")
        return value

    def date(self, name: str) -> dt.date:
        text = self.string(name)
        problem = bad_request(f"The field {name!r} must be a date as YYYY-MM-DD.")
        # fromisoformat alone would also take 19900517 and week dates such as 1990-W20-4.
        if not _DATE.fullmatch(text):
            raise problem
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise problem from None

    def boolean(self, name: str, default: bool) -> bool:
        value = self._body.get(name, default)
        if not isinstance(value, bool):
            raise bad_request(f"The field {name!r} must be true or false.")
        return value

    def given(self, name: str) -> bool:
        return name in self._body

    def optional_string(self, name: str) -> str | None:
        return self.string(name) if name in self._body else None

    def choice(self, kind: type[E], name: str) -> E | None:
        """An enum member by its value, or None when the field is absent."""
        if name not in self._body:
            return None
        value = self._body[name]
        for member in kind:
            if member.value == value:
                return member
        choices = ", ".join(repr(m.value) for m in kind)
        raise bad_request(f"The field {name!r} must be one of {choices}.")

    def strings(self, name: str) -> list[str] | None:
        if name not in self._body:
            return None
        value = self._body[name]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise bad_request(f"The field {name!r} must be a list of strings.")
        return value

    def objects(self, name: str) -> list[Mapping[str, object]] | None:
        if name not in self._body:
            return None
        value = self._body[name]
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise bad_request(f"The field {name!r} must be a list of objects.")
        return value


@dataclass(frozen=True, slots=True)
class RegisterRequest:
    FIELDS: ClassVar = frozenset({"name", "password", "born", "attest", "invitation"})

    name: str
    password: str
    born: dt.date
    attest: bool
    """The person affirms ``entities.ATTESTATION_STATEMENT``; false unless sent as true."""
    invitation: str | None = None
    """The invitation code, where the server makes accounts by invitation."""

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> RegisterRequest:
        fields = _Fields(body, cls.FIELDS)
        return cls(
            name=fields.string("name"),
            password=fields.string("password"),
            born=fields.date("born"),
            attest=fields.boolean("attest", default=False),
            invitation=fields.optional_string("invitation"),
        )


@dataclass(frozen=True, slots=True)
class LoginRequest:
    FIELDS: ClassVar = frozenset({"name", "password"})

    name: str
    password: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> LoginRequest:
        fields = _Fields(body, cls.FIELDS)
        return cls(name=fields.string("name"), password=fields.string("password"))


@dataclass(frozen=True, slots=True)
class AttestRequest:
    FIELDS: ClassVar = frozenset({"attest"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> AttestRequest:
        fields = _Fields(body, cls.FIELDS)
        if fields.boolean("attest", default=False) is not True:
            raise bad_request("Send 'attest': true to affirm the statement.")
        return cls()


@dataclass(frozen=True, slots=True)
class SettingsRequest:
    FIELDS: ClassVar = frozenset({"dm_policy", "presence_visibility", "ratings"})

    dm_policy: DirectMessagePolicy | None
    presence_visibility: PresenceVisibility | None
    ratings: frozenset[Rating] | None

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> SettingsRequest:
        fields = _Fields(body, cls.FIELDS)
        labels = fields.strings("ratings")
        ratings = None
        if labels is not None:
            known = {rating.label: rating for rating in Rating}
            unknown = [label for label in labels if label not in known]
            if unknown:
                raise bad_request(f"Unknown rating {unknown[0]!r}: general, mature or adult.")
            ratings = frozenset(known[label] for label in labels)
        return cls(
            dm_policy=fields.choice(DirectMessagePolicy, "dm_policy"),
            presence_visibility=fields.choice(PresenceVisibility, "presence_visibility"),
            ratings=ratings,
        )


@dataclass(frozen=True, slots=True)
class PasswordChangeRequest:
    FIELDS: ClassVar = frozenset({"old_password", "new_password"})

    old_password: str
    new_password: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> PasswordChangeRequest:
        fields = _Fields(body, cls.FIELDS)
        return cls(fields.string("old_password"), fields.string("new_password"))


@dataclass(frozen=True, slots=True)
class EraseRequest:
    FIELDS: ClassVar = frozenset({"password"})

    password: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> EraseRequest:
        return cls(_Fields(body, cls.FIELDS).string("password"))


@dataclass(frozen=True, slots=True)
class NewCharacterRequest:
    FIELDS: ClassVar = frozenset({"name"})

    name: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> NewCharacterRequest:
        return cls(_Fields(body, cls.FIELDS).string("name"))


@dataclass(frozen=True, slots=True)
class CharacterChangeRequest:
    """Any of a character's fields; absent ones stay as they are. ``name`` and ``created_at``
    may be sent back unchanged (a client may send the whole character) but not changed."""

    FIELDS: ClassVar = frozenset(
        {
            "name",
            "pronouns",
            "short_description",
            "long_description",
            "declared_age",
            "interests",
            "hard_limits",
            "profile_audience",
            "created_at",
        }
    )

    name: str | None
    created_at: str | None
    pronouns: str | None
    short_description: str | None
    long_description: str | None
    declared_age: int | None
    """None: absent, or sent as null (which only keeps a character without an age so)."""
    clears_age: bool
    interests: list[Interest] | None
    hard_limits: list[str] | None
    profile_audience: Audience | None

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> CharacterChangeRequest:
        fields = _Fields(body, cls.FIELDS)
        age = body.get("declared_age")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool)):
            raise bad_request("The field 'declared_age' must be a whole number or null.")
        interests = None
        entries = fields.objects("interests")
        if entries is not None:
            interests = []
            for entry in entries:
                item = _Fields(entry, frozenset({"topic", "level"}))
                level = item.choice(InterestLevel, "level")
                if level is None:
                    raise bad_request("Each interest needs a 'level'.")
                interests.append(Interest(item.string("topic"), level))
        return cls(
            name=fields.optional_string("name"),
            created_at=fields.optional_string("created_at"),
            pronouns=fields.optional_string("pronouns"),
            short_description=fields.optional_string("short_description"),
            long_description=fields.optional_string("long_description"),
            declared_age=age,
            clears_age="declared_age" in body and age is None,
            interests=interests,
            hard_limits=fields.strings("hard_limits"),
            profile_audience=fields.choice(Audience, "profile_audience"),
        )


async def read_json_object(request: Request) -> Mapping[str, object]:
    """The request's body as a JSON object, read up to ``MAX_BODY_BYTES``.

    Only ``application/json`` is accepted: a browser cannot send that cross-site without a
    CORS preflight, which this server never grants, so forms on other sites cannot post here.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestRejected(
            415, "unsupported_media_type", "Send the request body as application/json."
        )
    too_large = RequestRejected(
        413, "body_too_large", f"The request body is over {MAX_BODY_BYTES} bytes."
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    try:
        value = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise bad_request("The request body must be a JSON object.")
    return value


# --- Answers, in the shapes of docs/http-api.md ------------------------------------------


def account_json(account: Account) -> dict[str, object]:
    return {
        "name": account.name,
        "attested": account.attested,
        "ratings": [rating.label for rating in sorted(account.ratings)],
        "dm_policy": account.dm_policy.value,
        "presence_visibility": account.presence_visibility.value,
        "role": account.role.value,
        "created_at": account.created_at.isoformat(),
    }


def _details_json(character: Character) -> dict[str, object]:
    return {
        "interests": [{"topic": i.topic, "level": i.level.value} for i in character.interests],
        "hard_limits": list(character.hard_limits),
    }


def character_json(character: Character) -> dict[str, object]:
    """One of the person's own characters, in full."""
    return {
        "name": character.name,
        "pronouns": character.pronouns,
        "short_description": character.short_description,
        "long_description": character.long_description,
        "declared_age": character.declared_age,
        **_details_json(character),
        "profile_audience": character.profile_audience.value,
        "created_at": character.created_at.isoformat(),
    }


def profile_json(profile: Profile) -> dict[str, object]:
    """Someone's character as the viewer may see it: interests and hard limits only when its
    owner's ``profile_audience`` lets the viewer see them."""
    character = profile.character
    shown: dict[str, object] = {
        "name": character.name,
        "pronouns": character.pronouns,
        "short_description": character.short_description,
        "long_description": character.long_description,
        "declared_age": character.declared_age,
        "online": profile.online,
        "status": profile.status.value if profile.status is not None else None,
    }
    if profile.details:
        shown.update(_details_json(character))
    return shown


def login_json(login: LoginSession, current: LoginSession) -> dict[str, object]:
    return {
        "id": login.id,
        "created_at": login.created_at.isoformat(),
        "last_seen_at": login.last_seen_at.isoformat(),
        "client": login.client,
        "current": login.id == current.id,
    }
