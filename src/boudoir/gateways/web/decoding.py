"""JSON requests decoded at the edge into typed values, with one clear error per mistake.

Imports ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from starlette.requests import Request

from boudoir.domain.entities import Account
from boudoir.gateways.web.errors import MAX_BODY_BYTES, RequestRejected, bad_request

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True, slots=True)
class RegisterRequest:
    name: str
    password: str
    born: dt.date
    attest: bool
    """The person affirms ``entities.ATTESTATION_STATEMENT``; false unless sent as true."""

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> RegisterRequest:
        fields = _Fields(body, frozenset({"name", "password", "born", "attest"}))
        return cls(
            name=fields.string("name"),
            password=fields.string("password"),
            born=fields.date("born"),
            attest=fields.boolean("attest", default=False),
        )


@dataclass(frozen=True, slots=True)
class LoginRequest:
    name: str
    password: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> LoginRequest:
        fields = _Fields(body, frozenset({"name", "password"}))
        return cls(name=fields.string("name"), password=fields.string("password"))


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


def account_json(account: Account) -> dict[str, object]:
    return {"name": account.name, "attested": account.attested}
