"""HTTP request bodies (docs/http-api.md), decoded into typed values and intents, with one
clear error per mistake (``BadRequest``, answered as a 400 ``bad_request``).

Each request class names the fields it reads (``FIELDS``, which the OpenAPI document's schema
is checked against) and decodes a JSON object with ``from_json``; those of one's own account
give the intent directly (``SettingsRequest.from_json(body)`` is a ``ChangeSettings``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

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
from boudoir.wire.webjson.fields import BadRequest as BadRequest
from boudoir.wire.webjson.fields import Fields as Fields
from boudoir.wire.webjson.profile_bodies import PROFILE_FIELDS, profile_patch


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
            *PROFILE_FIELDS,
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
            profile=profile_patch(fields),
        )
