"""Typed access to a JSON request body's fields, and the error a body that does not fit
raises (400, with one clear message per mistake).

Imports the standard library only.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from typing import Final, TypeVar

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
