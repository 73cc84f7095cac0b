"""HTTP request bodies (docs/http-api.md), decoded into typed values and intents, with one
clear error per mistake (``BadRequest``, answered as a 400 ``bad_request``).

Each request class names the fields it reads (``FIELDS``, which the OpenAPI document's schema
is checked against) and decodes a JSON object with ``from_json``; those of one's own account
give the intent directly (``SettingsRequest.from_json(body)`` is a ``ChangeSettings``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Final, TypeVar

from boudoir.domain.entities import (
    Audience,
    DirectMessagePolicy,
    Interest,
    InterestLevel,
    PresenceVisibility,
)
from boudoir.domain.intents.account import (
    Attest,
    ChangeCharacter,
    ChangePassword,
    ChangeSettings,
    CreateCharacter,
    EraseAccount,
)
from boudoir.domain.ratings import Rating

E = TypeVar("E", bound=enum.Enum)

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadRequest(Exception):
    """A request body that does not fit its endpoint; ``message`` says what, for a person."""

    status: int = 400
    code: str = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Fields:
    """Typed access to a JSON object's fields, with one clear message per mistake."""

    def __init__(self, body: Mapping[str, object], allowed: frozenset[str]) -> None:
        unknown = sorted(set(body) - allowed)
        if unknown:
            # Refused rather than ignored: a misspelt "atest" must not pass silently.
            raise BadRequest(f"Unknown field {unknown[0]!r}.")
        self._body = body

    def string(self, name: str) -> str:
        value = self._body.get(name)
        if value is None:
            raise BadRequest(f"The field {name!r} is required.")
        if not isinstance(value, str):
            raise BadRequest(f"The field {name!r} must be a string.")
        return value

    def date(self, name: str) -> dt.date:
        text = self.string(name)
        problem = BadRequest(f"The field {name!r} must be a date as YYYY-MM-DD.")
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
            raise BadRequest(f"The field {name!r} must be true or false.")
        return value

    def given(self, name: str) -> bool:
        return name in self._body

    def get(self, name: str) -> object:
        """The field's value as sent, or None."""
        return self._body.get(name)

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
        raise BadRequest(f"The field {name!r} must be one of {choices}.")

    def strings(self, name: str) -> list[str] | None:
        if name not in self._body:
            return None
        value = self._body[name]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise BadRequest(f"The field {name!r} must be a list of strings.")
        return value

    def objects(self, name: str) -> list[Mapping[str, object]] | None:
        if name not in self._body:
            return None
        value = self._body[name]
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise BadRequest(f"The field {name!r} must be a list of objects.")
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
        fields = Fields(body, cls.FIELDS)
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
        fields = Fields(body, cls.FIELDS)
        return cls(name=fields.string("name"), password=fields.string("password"))


class AttestRequest:
    FIELDS: ClassVar = frozenset({"attest"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> Attest:
        fields = Fields(body, cls.FIELDS)
        if fields.boolean("attest", default=False) is not True:
            raise BadRequest("Send 'attest': true to affirm the statement.")
        return Attest()


class SettingsRequest:
    FIELDS: ClassVar = frozenset({"dm_policy", "presence_visibility", "ratings", "mention_words"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> ChangeSettings:
        fields = Fields(body, cls.FIELDS)
        labels = fields.strings("ratings")
        words = fields.strings("mention_words")
        ratings = None
        if labels is not None:
            known = {rating.label: rating for rating in Rating}
            unknown = [label for label in labels if label not in known]
            if unknown:
                raise BadRequest(f"Unknown rating {unknown[0]!r}: general, mature or adult.")
            ratings = frozenset(known[label] for label in labels)
        return ChangeSettings(
            dm_policy=fields.choice(DirectMessagePolicy, "dm_policy"),
            presence_visibility=fields.choice(PresenceVisibility, "presence_visibility"),
            ratings=ratings,
            mention_words=None if words is None else tuple(words),
        )


class PasswordChangeRequest:
    FIELDS: ClassVar = frozenset({"old_password", "new_password"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> ChangePassword:
        fields = Fields(body, cls.FIELDS)
        return ChangePassword(fields.string("old_password"), fields.string("new_password"))


class EraseRequest:
    FIELDS: ClassVar = frozenset({"password"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> EraseAccount:
        return EraseAccount(Fields(body, cls.FIELDS).string("password"))


class NewCharacterRequest:
    FIELDS: ClassVar = frozenset({"name"})

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> CreateCharacter:
        return CreateCharacter(Fields(body, cls.FIELDS).string("name"))


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

    @classmethod
    def from_json(cls, body: Mapping[str, object], name: str) -> ChangeCharacter:
        """The change of the character ``name`` (the path's) that ``body`` asks for."""
        fields = Fields(body, cls.FIELDS)
        age = body.get("declared_age")
        if age is not None and (not isinstance(age, int) or isinstance(age, bool)):
            raise BadRequest("The field 'declared_age' must be a whole number or null.")
        interests = None
        entries = fields.objects("interests")
        if entries is not None:
            interests = []
            for entry in entries:
                item = Fields(entry, frozenset({"topic", "level"}))
                level = item.choice(InterestLevel, "level")
                if level is None:
                    raise BadRequest("Each interest needs a 'level'.")
                interests.append(Interest(item.string("topic"), level))
        limits = fields.strings("hard_limits")
        return ChangeCharacter(
            name,
            new_name=fields.optional_string("name"),
            created_at=fields.optional_string("created_at"),
            pronouns=fields.optional_string("pronouns"),
            short_description=fields.optional_string("short_description"),
            long_description=fields.optional_string("long_description"),
            declared_age=age,
            clears_age="declared_age" in body and age is None,
            interests=None if interests is None else tuple(interests),
            hard_limits=None if limits is None else tuple(limits),
            profile_audience=fields.choice(Audience, "profile_audience"),
        )
