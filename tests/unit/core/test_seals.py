"""Seals: a reported line verifies exactly when it is what the server delivered, and a seal is
the same HMAC-SHA256 over the same canonical JSON as seals already held in reports."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hmac
import json

from hypothesis import given
from hypothesis import strategies as st

from boudoir.core.seals import Sealer
from boudoir.domain.events import CharacterRef, DirectMessageSent, MessageKind
from boudoir.domain.ids import CharacterId, MessageId
from boudoir.domain.times import utc_millis as canonical_time

KEY = bytes(range(32))
AT = dt.datetime(2026, 12, 7, 13, 5, 9, 123456, tzinfo=dt.UTC)


def reference_seal(key: bytes, *fields: str) -> str:
    """RFC 2104 HMAC-SHA256 over the compact JSON array of the fields, base64url unpadded."""
    data = json.dumps(list(fields), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(hmac.digest(key, data, "sha256")).rstrip(b"=").decode()


def line(seal: str, text: str = "hello") -> dict[str, object]:
    return {
        "id": "m1",
        "at": "2026-12-07T13:05:09.123Z",
        "room": "#lobby",
        "from": "Alice",
        "kind": "say",
        "text": text,
        "seal": seal,
    }


def test_a_seal_is_the_documented_hmac_of_what_recipients_saw() -> None:
    seal = Sealer(KEY).seal("m1", AT, "lobby", "Alice", "say", "hello")
    assert seal == reference_seal(
        KEY, "m1", "2026-12-07T13:05:09.123Z", "lobby", "Alice", "say", "hello"
    )


@given(st.text(), st.text(), st.text())
def test_any_text_seals_as_the_reference_does(place: str, sender: str, text: str) -> None:
    # Quotes, backslashes, control characters, non-ASCII and lone surrogates alike.
    try:
        expected = reference_seal(KEY, "m1", canonical_time(AT), place, sender, "pose", text)
    except UnicodeEncodeError:
        expected = None
    try:
        got: str | None = Sealer(KEY).seal("m1", AT, place, sender, "pose", text)
    except UnicodeEncodeError:
        got = None
    assert got == expected


def test_the_delivered_line_verifies_and_an_edited_one_does_not() -> None:
    sealer = Sealer(KEY)
    seal = sealer.seal("m1", AT, "lobby", "Alice", "say", "hello")
    assert sealer.verify(line(seal))
    assert not sealer.verify(line(seal, text="hello!"))
    assert not sealer.verify(line(seal[:-1] + ("A" if seal[-1] != "A" else "B")))


def test_a_new_key_stops_old_seals_verifying_and_seals_anew() -> None:
    sealer = Sealer(KEY)
    old = sealer.seal("m1", AT, "lobby", "Alice", "say", "hello")
    sealer.use_key(bytes(32))
    assert not sealer.verify(line(old))
    assert sealer.verify(line(sealer.seal("m1", AT, "lobby", "Alice", "say", "hello")))


@given(st.binary(min_size=1, max_size=200))
def test_any_key_seals_as_the_reference_does(key: bytes) -> None:
    # Shorter than SHA-256's block, exactly one block, and longer (hashed first, RFC 2104).
    seal = Sealer(key).seal("m1", AT, "lobby", "Alice", "say", "hello")
    assert seal == reference_seal(
        key, "m1", "2026-12-07T13:05:09.123Z", "lobby", "Alice", "say", "hello"
    )


def direct(seal: str, text: str = "hello") -> DirectMessageSent:
    alice, bob = CharacterRef(CharacterId("c1"), "Alice"), CharacterRef(CharacterId("c2"), "Bob")
    return DirectMessageSent(MessageId("m1"), AT, alice, bob, MessageKind.SAY, text, (), seal)


def as_received(event: DirectMessageSent) -> dict[str, object]:
    return {
        "id": event.id,
        "at": canonical_time(event.at),
        "to": event.recipient.name,
        "from": event.sender.name,
        "kind": event.kind.value,
        "text": event.text,
        "seal": event.seal,
    }


def test_a_seal_made_on_read_is_the_seal_of_the_message_as_sent() -> None:
    sealer = Sealer(KEY)
    event = direct(sealer.seal_on_read("m1", AT, "Bob", "Alice", "say", "hello"))
    assert event.seal == sealer.seal("m1", AT, "Bob", "Alice", "say", "hello")
    assert event == direct(sealer.seal("m1", AT, "Bob", "Alice", "say", "hello"))
    assert sealer.verify(as_received(event))
    assert not sealer.verify({**as_received(event), "text": "hello!"})


def test_a_seal_read_after_a_new_key_is_still_the_one_under_the_key_it_was_sent_with() -> None:
    sealer = Sealer(KEY)
    event = direct(sealer.seal_on_read("m1", AT, "Bob", "Alice", "say", "hello"))
    sealer.use_key(bytes(32))
    assert event.seal == reference_seal(
        KEY, "m1", "2026-12-07T13:05:09.123Z", "Bob", "Alice", "say", "hello"
    )


def test_an_edited_copy_of_a_message_keeps_the_seal_of_the_original() -> None:
    # The replay shows an edit with the edit's own seal; a copy made any other way keeps the
    # sent line's seal, which then no longer verifies for the new text.
    sealer = Sealer(KEY)
    event = direct(sealer.seal_on_read("m1", AT, "Bob", "Alice", "say", "hello"))
    copy = dataclasses.replace(event, text="hello!")
    assert copy.seal == sealer.seal("m1", AT, "Bob", "Alice", "say", "hello")
    assert not sealer.verify(as_received(copy))
