"""Core events as IRC lines: what an IRC user sees of others' speech, poses and whispers."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MessageKind,
    RoomMessageSent,
    RoomRef,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.gateways.variants import VariantCache
from boudoir.wire.irc import parse_message
from boudoir.wire.irc.event_lines import (
    TAG_ACCOUNT,
    TAG_MSGID,
    TAG_TIME,
    server_time,
    split_text,
    tag_mask,
)
from boudoir.wire.irc.render_events import IrcVariant, render

AT = dt.datetime(2026, 11, 26, 1, 2, 3, 456789, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
LOUNGE = RoomRef(RoomId("r1"), "lounge", Rating.GENERAL)


def said(text: str, kind: MessageKind = MessageKind.SAY) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, LOUNGE, ALICE, kind, text)


def room_message(event: RoomMessageSent, mask: int) -> bytes:
    return render(event, IrcVariant("irc.test", mask))


def lines(data: bytes) -> list[str]:
    assert data.endswith(b"\r\n")
    return data.decode().split("\r\n")[:-1]


def test_speech_pose_and_ooc_read_as_irc_clients_show_them() -> None:
    assert room_message(said("hello"), 0) == (b":Alice!rp@cloaked PRIVMSG #lounge :hello\r\n")
    assert room_message(said("smiles", MessageKind.POSE), 0) == (
        b":Alice!rp@cloaked PRIVMSG #lounge :\x01ACTION smiles\x01\r\n"
    )
    assert room_message(said("brb", MessageKind.OOC), 0) == (
        b":Alice!rp@cloaked PRIVMSG #lounge :((brb))\r\n"
    )


def test_tags_follow_the_clients_capabilities() -> None:
    event = said("hi")
    full = parse_message(lines(room_message(event, TAG_TIME | TAG_MSGID | TAG_ACCOUNT))[0])
    assert dict(full.tags) == {
        "time": "2026-11-26T01:02:03.456Z",
        "msgid": "m1",
        "account": "Alice",
    }
    assert room_message(event, 0).startswith(b":Alice")
    assert tag_mask({"server-time"}) == TAG_TIME
    assert tag_mask({"message-tags", "account-tag", "sasl"}) == TAG_MSGID | TAG_ACCOUNT


def test_one_rendering_is_shared_by_every_recipient_of_a_variant() -> None:
    cache: VariantCache[int, bytes] = VariantCache()

    def cached(event: RoomMessageSent, mask: int) -> bytes:
        return cache.get(event, mask, lambda: room_message(event, mask))

    event = said("hi")
    assert cached(event, TAG_TIME) is cached(event, TAG_TIME)
    other = said("hi")
    assert cached(other, TAG_TIME) == cached(event, TAG_TIME)


def test_long_and_multiline_text_is_split_into_valid_lines_without_losing_words() -> None:
    words = " ".join(f"word{i}é" for i in range(300))
    data = room_message(said(words + "\nsecond line"), TAG_MSGID)
    out = lines(data)
    assert len(out) > 3
    texts = []
    msgids = set()
    for line in out:
        message = parse_message(line)
        without_tags = line.split(" ", 1)[1]
        assert len(without_tags.encode()) + 2 <= 512
        texts.append(message.params[1])
        msgids.add(message.tags["msgid"])
    assert " ".join(texts[:-1]).split() == words.split()
    assert texts[-1] == "second line"
    assert len(msgids) == len(out), "each line has its own msgid"


def test_split_never_cuts_a_character_in_half() -> None:
    text = "🙂" * 300
    pieces = split_text(text, 101)
    assert "".join(pieces) == text
    assert all(len(p.encode()) <= 101 for p in pieces)


def test_direct_message_reads_sender_to_recipient() -> None:
    event = DirectMessageSent(MessageId("m2"), AT, ALICE, BOB, MessageKind.POSE, "waves")
    assert render(event, IrcVariant("irc.test")) == (
        b":Alice!rp@cloaked PRIVMSG Bob :\x01ACTION waves\x01\r\n"
    )


def test_server_time_is_utc_with_milliseconds() -> None:
    local = AT.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert server_time(local) == "2026-11-26T01:02:03.456Z"


def test_a_message_cut_into_lines_closes_its_bidi_controls_on_each_line() -> None:
    rlo, pdf = "\u202e", "\u202c"
    text = f"{rlo}{'word ' * 60}{pdf} after"
    pieces = split_text(text, 101)
    assert len(pieces) > 1
    assert all(len(p.encode()) <= 101 for p in pieces)
    assert pieces[0].startswith(rlo)
    assert pieces[0].endswith(pdf)
    assert not any(pdf in p for p in pieces[1:])  # its closer closes nothing there: dropped
