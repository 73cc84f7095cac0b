"""``render(event, WebVariant)``: the JSON or its frame, and the events browsers are not sent."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.events import (
    CharacterRef,
    Event,
    HandAnswered,
    MailReceived,
    MeetDeclined,
    MeetRequestReceived,
    ServerNotice,
    ThingOffered,
)
from boudoir.domain.ids import CharacterId
from boudoir.wire.webjson import FRAMED, UNFRAMED, render, text_frame

AT = dt.datetime(2026, 11, 26, 4, 13, 50, 123456, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")


def test_the_json_alone_or_in_a_text_frame() -> None:
    notice = ServerNotice(AT, "restart at noon")
    payload = b'{"type":"notice","at":"2026-11-26T04:13:50.123Z","text":"restart at noon"}'
    assert render(notice, UNFRAMED) == payload
    assert render(notice, FRAMED) == text_frame(payload)


def test_the_walkable_world_and_mail_are_not_sent_to_browsers() -> None:
    events: list[Event] = [
        MeetRequestReceived(AT, ALICE),
        MeetDeclined(AT, ALICE),
        ThingOffered(AT, ALICE, "a rose"),
        HandAnswered(AT, ALICE, "a rose", accepted=True),
        MailReceived(AT, "Alice", "hello"),
    ]
    for event in events:
        assert render(event, FRAMED) is None, event
        assert render(event, UNFRAMED) is None, event
