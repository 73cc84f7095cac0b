"""JSON request bodies of the HTTP API, read field by field into typed values, sans-I/O.

``BodyFields`` gives typed access to a decoded JSON object's fields and refuses unknown ones;
every mistake raises ``BadBody`` with one clear message for a person, which the web gateway
answers as 400 ``bad_request``. Reading the bytes and decoding the JSON is the gateway's.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

E = TypeVar("E", bound=enum.Enum)


class BadBody(Exception):
    """A request body that does not fit its endpoint: ``message`` says what, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BodyFields:
    """Typed access to a JSON object's fields, with one clear message per mistake."""

    def __init__(self, body: Mapping[str, object], allowed: frozenset[str]) -> None:
        unknown = sorted(set(body) - allowed)
        if unknown:
            # Refused rather than ignored: a misspelt "atest" must not pass silently.
            raise BadBody(f"Unknown field {unknown[0]!r}.")
        self._body = body

    def get(self, name: str) -> object:
        """The field's value as sent, or None."""
        return self._body.get(name)

    def string(self, name: str) -> str:
        value = self._body.get(name)
        if value is None:
            raise BadBody(f"The field {name!r} is required.")
        if not isinstance(value, str):
            raise BadBody(f"The field {name!r} must be a string.")
        return value

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
        raise BadBody(f"The field {name!r} must be one of {choices}.")

    def strings(self, name: str) -> list[str] | None:
        if name not in self._body:
            return None
        value = self._body[name]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise BadBody(f"The field {name!r} must be a list of strings.")
        return value
