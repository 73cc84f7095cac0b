"""HTTP answers that are not one reply's fields (docs/http-api.md): the session, a sign-up
that waits for approval, and the downloads (the account's export, a part of a log). Sans-I/O:
the gateway sends what these give.

Imports the standard library and ``boudoir.domain`` only (and this wire's reply shapes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from boudoir.domain.entities import Account, Character
from boudoir.domain.errors import InvalidInput
from boudoir.domain.replies import AccountExported, LogRead
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.replies.account import account_json, character_json
from boudoir.wire.webjson.replies.logs import log_text

AWAITING: Final = (
    "Your account is made. It waits for an operator's approval: you can log in once it is approved."
)
LOG_FORMATS: Final = ("json", "text")


def session_json(
    account: Account, characters: Iterable[Character], csrf_token: str
) -> dict[str, object]:
    """Who is logged in: the answer of signing up, logging in and ``GET /session``."""
    return {
        "account": account_json(account),
        "characters": [character_json(c) for c in characters],
        "csrf_token": csrf_token,
    }


def pending_json(name: str) -> dict[str, object]:
    """A sign-up made but waiting for an operator's approval (202, no session)."""
    return {"name": name, "awaiting_approval": True, "message": AWAITING}


@dataclass(frozen=True, slots=True)
class Download:
    """A whole answer's body, its media type and its headers."""

    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def export_download(exported: AccountExported) -> Download:
    """Everything held about an account, as an indented JSON file."""
    body = json.dumps(exported.document, ensure_ascii=False, indent=2).encode()
    headers = {
        "Content-Disposition": 'attachment; filename="boudoir-account.json"',
        "Cache-Control": "no-store",
    }
    return Download(body, "application/json", headers)


def log_format(wanted: str | None) -> str | None:
    """``?format=``: None shows the part, ``json`` or ``text`` downloads it."""
    if wanted is not None and wanted not in LOG_FORMATS:
        raise InvalidInput("The format is json or text.")
    return wanted


def log_download(read: LogRead, wanted: str | None) -> Download:
    """One part of a log: its JSON shape, or a file in the ``wanted`` format."""
    headers = {"Cache-Control": "no-store"}
    if wanted is not None:
        extension = "txt" if wanted == "text" else "json"
        # The id only: a room name may hold characters a header cannot carry as they are.
        filename = f"boudoir-log-{read.part.id}.{extension}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if wanted == "text":
        return Download(log_text(read).encode(), "text/plain; charset=utf-8", headers)
    body = json.dumps(fields(read), ensure_ascii=False).encode()
    return Download(body, "application/json", headers)
