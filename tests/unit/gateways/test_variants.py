"""The one variant cache every gateway shares: one rendering per event and variant."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.gateways.variants import VariantCache
from boudoir.wire.webjson import FRAMED, UNFRAMED, render, text_frame

AT = dt.datetime(2026, 11, 26, 4, 13, 50, 123456, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
LOBBY = RoomRef(RoomId("r1"), "lobby", Rating.GENERAL)
ID = MessageId("m1")


def test_the_cache_renders_an_event_once() -> None:
    cache: VariantCache[bool, bytes | None] = VariantCache()
    calls: list[bool] = []

    def frame_of(event: RoomMessageSent) -> bytes | None:
        calls.append(True)
        return render(event, FRAMED)

    event = RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.SAY, "hi")
    frame = cache.get(event, True, lambda: frame_of(event))
    assert cache.get(event, True, lambda: frame_of(event)) is frame
    assert calls == [True]
    other = RoomMessageSent(ID, AT, LOBBY, BOB, MessageKind.SAY, "hi")
    assert cache.get(other, True, lambda: frame_of(other)) != frame
    assert len(calls) == 2


def test_each_variant_is_kept_apart_and_a_new_event_empties_the_cache() -> None:
    cache: VariantCache[int, str] = VariantCache()
    event = RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.SAY, "hi")
    assert cache.get(event, 1, lambda: "one") == "one"
    assert cache.get(event, 2, lambda: "two") == "two"
    assert cache.renderings(event) == {1: "one", 2: "two"}
    assert cache.renderings(RoomMessageSent(ID, AT, LOBBY, BOB, MessageKind.SAY, "hi")) == {}


def test_a_framed_variant_is_the_payload_in_a_text_frame() -> None:
    event = RoomMessageSent(ID, AT, LOBBY, ALICE, MessageKind.SAY, "hi")
    payload = render(event, UNFRAMED)
    assert payload is not None
    assert render(event, FRAMED) == text_frame(payload)
