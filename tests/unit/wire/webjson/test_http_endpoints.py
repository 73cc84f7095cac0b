"""The HTTP API's table read as intents, and the answers that are not a reply's fields
(docs/http-api.md), sans-I/O."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from boudoir.domain.entities import Account, Character
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.intents import (
    Block,
    ChangeCharacter,
    ChangeSettings,
    ClearPhrase,
    EndSession,
    ListFriends,
    ShowQueue,
)
from boudoir.domain.moderation import QueueStatus
from boudoir.domain.replies import AccountExported, LoggedLine, LogPart, LogRead
from boudoir.wire.webjson.answers import (
    AWAITING,
    export_download,
    log_download,
    log_format,
    pending_json,
    session_json,
)
from boudoir.wire.webjson.endpoints import ENDPOINTS, Call, Endpoint
from boudoir.wire.webjson.http import BadRequest

AT = dt.datetime(2025, 3, 4, 5, 6, tzinfo=dt.UTC)
BY_NAME = {endpoint.handler: endpoint for endpoint in ENDPOINTS}


def intent_of(endpoint: Endpoint, path: dict[str, str] | None = None, **body: object) -> object:
    assert endpoint.intent is not None
    return endpoint.intent(Call(path or {}, {}, body))


def test_every_endpoint_with_a_session_and_no_download_is_an_intent() -> None:
    own = {e.handler for e in ENDPOINTS if e.intent is None}
    assert own == {
        "health", "openapi", "signup", "register", "login", "session", "logout", "export", "log",
        # Images are bytes, not JSON, and the kink list needs no session.
        "kinks", "profile_image", "put_character_image", "delete_character_image",
    }  # fmt: skip
    assert all(e.session for e in ENDPOINTS if e.intent is not None)


def test_the_path_body_and_query_become_the_intent() -> None:
    assert intent_of(BY_NAME["block"], {"name": "Bob"}) == Block("Bob")
    assert intent_of(BY_NAME["friends"]) == ListFriends()
    assert intent_of(BY_NAME["end_session"], {"id": "l1"}) == EndSession("l1")
    settings = intent_of(BY_NAME["settings"], ratings=["general"])
    assert isinstance(settings, ChangeSettings)
    change = intent_of(BY_NAME["change_character"], {"name": "Ivy"}, pronouns="she/her")
    assert isinstance(change, ChangeCharacter)
    assert (change.name, change.pronouns) == ("Ivy", "she/her")
    clear = intent_of(BY_NAME["automod_clear"], {"id": "r1"}, phrase="grape")
    assert clear == ClearPhrase("r1", "grape")
    queue = BY_NAME["moderation_queue"].intent
    assert queue is not None
    assert queue(Call({}, {}, {})) == ShowQueue(QueueStatus("open"))
    assert queue(Call({}, {"status": "all"}, {})) == ShowQueue(None)


def test_a_body_that_does_not_fit_is_a_bad_request() -> None:
    with pytest.raises(BadRequest, match="Unknown field 'atest'"):
        intent_of(BY_NAME["attest"], atest=True)
    queue = BY_NAME["moderation_queue"].intent
    assert queue is not None
    with pytest.raises(BadRequest, match="status"):
        queue(Call({}, {"status": "closed"}, {}))


def test_the_session_answer_and_a_sign_up_waiting_for_approval() -> None:
    account = Account(AccountId("a"), "Ada", "hash", dt.date(1990, 1, 2), AT)
    ivy = Character(id=CharacterId("i"), account_id=AccountId("a"), name="Ivy", created_at=AT)
    shape = session_json(account, [ivy], "token")
    assert shape["csrf_token"] == "token"
    assert [c["name"] for c in shape["characters"]] == ["Ivy"]  # type: ignore[attr-defined]
    assert shape["account"]["name"] == "Ada"  # type: ignore[index]
    assert pending_json("Ada") == {"name": "Ada", "awaiting_approval": True, "message": AWAITING}


def test_the_export_is_an_indented_json_file_kept_nowhere() -> None:
    download = export_download(AccountExported({"name": "Adé"}))
    assert download.body == '{\n  "name": "Adé"\n}'.encode()
    assert download.media_type == "application/json"
    assert download.headers == {
        "Content-Disposition": 'attachment; filename="boudoir-account.json"',
        "Cache-Control": "no-store",
    }


def test_a_log_part_shown_or_downloaded_by_format() -> None:
    read = LogRead(LogPart("7c1f", "den", AT, None, 1), (LoggedLine("m1", AT, "Al", "say", "hi"),))
    assert log_format(None) is None
    assert log_format("text") == "text"
    with pytest.raises(InvalidInput):
        log_format("html")
    shown = log_download(read, None)
    assert shown.headers == {"Cache-Control": "no-store"}
    assert json.loads(shown.body)["lines"][0]["text"] == "hi"
    text = log_download(read, "text")
    assert text.media_type == "text/plain; charset=utf-8"
    assert text.body.decode().endswith("<Al> hi\n")
    disposition = 'attachment; filename="boudoir-log-7c1f.txt"'
    assert text.headers["Content-Disposition"] == disposition
    as_json = log_download(read, "json")
    assert as_json.body == shown.body
    assert as_json.headers["Content-Disposition"].endswith('boudoir-log-7c1f.json"')
