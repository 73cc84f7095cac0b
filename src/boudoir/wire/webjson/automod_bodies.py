"""The automod endpoints' requests as intents (docs/http-api.md, "Automod rules"), sans-I/O.

Each body's class names the fields it reads (``FIELDS``, which the OpenAPI schema must list
exactly) and makes the intent; a mistake raises ``BadRequest``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from boudoir.domain.automod import ALL_PLACES, Action, PatternKind, Place
from boudoir.domain.intents.automod import AddRule, ChangeRule, ClearPhrase, TryText
from boudoir.domain.ratings import Rating
from boudoir.wire.webjson.http import BadRequest, Fields


@dataclass(frozen=True, slots=True)
class RuleBody:
    """A new rule (``name``, ``kind``, ``pattern`` required) or a change (any field), as
    sent: ``add`` and ``change`` make the intents."""

    FIELDS: ClassVar = frozenset(
        {"name", "kind", "pattern", "action", "places", "min_rating", "message", "enabled"}
    )

    name: str | None
    kind: PatternKind | None
    pattern: str | None
    action: Action | None
    places: frozenset[Place] | None
    min_rating: Rating | None
    message: str | None
    enabled: bool | None

    @classmethod
    def read(cls, body: Mapping[str, object]) -> RuleBody:
        fields = Fields(body, cls.FIELDS)
        places = fields.strings("places")
        rating = fields.optional_string("min_rating")
        enabled = fields.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise BadRequest("The field 'enabled' must be true or false.")
        try:
            chosen = None if places is None else frozenset(Place(p) for p in places)
        except ValueError:
            raise BadRequest("A place is one of: room, scene, direct.") from None
        return cls(
            name=fields.optional_string("name"),
            kind=fields.choice(PatternKind, "kind"),
            pattern=fields.optional_string("pattern"),
            action=fields.choice(Action, "action"),
            places=chosen,
            min_rating=None if rating is None else Rating.parse(rating),
            message=fields.optional_string("message"),
            enabled=enabled,
        )

    @classmethod
    def add(cls, body: Mapping[str, object]) -> AddRule:
        """``POST /moderation/automod/rules``: unset fields take a new rule's defaults."""
        wanted = cls.read(body)
        if wanted.name is None or wanted.kind is None or wanted.pattern is None:
            raise BadRequest("A new rule needs a name, a kind and a pattern.")
        return AddRule(
            wanted.name,
            wanted.kind,
            wanted.pattern,
            wanted.action or Action.FLAG,
            ALL_PLACES if wanted.places is None else wanted.places,
            wanted.min_rating or Rating.GENERAL,
            wanted.message or "",
            True if wanted.enabled is None else wanted.enabled,
        )

    @classmethod
    def change(cls, rule: str, body: Mapping[str, object]) -> ChangeRule:
        """``PATCH /moderation/automod/rules/{id}``: unset fields stay as they are."""
        wanted = cls.read(body)
        return ChangeRule(
            rule,
            wanted.name,
            wanted.kind,
            wanted.pattern,
            wanted.action,
            wanted.places,
            wanted.min_rating,
            wanted.message,
            wanted.enabled,
        )


class TextBody:
    """``POST /moderation/automod/test``."""

    FIELDS: ClassVar = frozenset({"text"})

    @classmethod
    def intent(cls, body: Mapping[str, object]) -> TryText:
        return TryText(Fields(body, cls.FIELDS).string("text"))


class PhraseBody:
    """``POST /moderation/automod/rules/{id}/exceptions``."""

    FIELDS: ClassVar = frozenset({"phrase"})

    @classmethod
    def intent(cls, rule: str, body: Mapping[str, object]) -> ClearPhrase:
        return ClearPhrase(rule, Fields(body, cls.FIELDS).string("phrase"))
