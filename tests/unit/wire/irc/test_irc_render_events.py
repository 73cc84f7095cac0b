"""Every other event as IRC lines (``wire.irc.render_events.render``): milliseconds, bytes."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.entities import RoomSetting, RoomVisibility, Status
from boudoir.domain.events import (
    CharacterRef,
    CharacterRenamed,
    Event,
    HandAnswered,
    InvitationSent,
    LogChange,
    LogStateChanged,
    MailReceived,
    MeetDeclined,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageKind,
    MessageRequestAnswered,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomRef,
    RoomSettingChanged,
    SceneEnded,
    SceneEndReason,
    SceneMemberAdded,
    SceneMemberCard,
    ScenePauseChanged,
    SceneStarted,
    ServerNotice,
    SessionClosed,
    SignalSent,
    ThingOffered,
    TopicChanged,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.irc import render_message
from boudoir.wire.irc.event_lines import TAG_MSGID, TAG_TIME
from boudoir.wire.irc.render_events import IrcVariant, render

AT = dt.datetime(2026, 11, 26, 1, 2, 3, 456789, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c1"), "Alice")
BOB = CharacterRef(CharacterId("c2"), "Bob")
LOUNGE = RoomRef(RoomId("r1"), "lounge", Rating.GENERAL)
SCENE = RoomRef(RoomId("r9"), "scene-7", Rating.ADULT)
GUEST = IrcVariant("irc.test", nick="guest")
BOBS = IrcVariant("irc.test", nick="Bob", me=BOB)
TIMED = IrcVariant("irc.test", TAG_TIME, frozenset({"server-time"}), "Bob", BOB)


def wire(event: Event, variant: IrcVariant = BOBS) -> list[bytes]:
    lines = render(event, variant)
    assert not isinstance(lines, bytes)
    return [render_message(message) for message in lines]


def test_joins_parts_and_quits() -> None:
    joined = MemberJoined(AT, LOUNGE, ALICE)
    assert wire(joined) == [b":Alice!rp@cloaked JOIN #lounge\r\n"]
    extended = IrcVariant("irc.test", caps=frozenset({"extended-join"}), nick="Bob", me=BOB)
    assert wire(joined, extended) == [b":Alice!rp@cloaked JOIN #lounge Alice Alice\r\n"]
    assert wire(MemberLeft(AT, LOUNGE, ALICE, "bye")) == [b":Alice!rp@cloaked PART #lounge bye\r\n"]
    assert wire(MemberLeft(AT, LOUNGE, ALICE, quit=True)) == [b":Alice!rp@cloaked QUIT Quit\r\n"]
    assert wire(MemberLeft(AT, LOUNGE, BOB, "banned")) == [
        b":irc.test KICK #lounge Bob banned\r\n"
    ], "one's own removal by the server reads as a KICK from it"


def test_an_away_joiner_is_announced_away_to_away_notify_clients() -> None:
    caps = frozenset({"away-notify"})
    variant = IrcVariant("irc.test", caps=caps, nick="Bob", me=BOB, seen=(Status.AWAY, "tea"))
    assert wire(MemberJoined(AT, LOUNGE, ALICE), variant) == [
        b":Alice!rp@cloaked JOIN #lounge\r\n",
        b":Alice!rp@cloaked AWAY tea\r\n",
    ]
    online = IrcVariant("irc.test", caps=caps, nick="Bob", me=BOB, seen=(Status.ONLINE, ""))
    assert len(wire(MemberJoined(AT, LOUNGE, ALICE), online)) == 1


def test_presence_is_away_notify_to_those_sharing_a_room() -> None:
    event = PresenceChanged(AT, ALICE, online=True, status=Status.LOOKING)
    caps = frozenset({"away-notify"})
    sharing = IrcVariant("irc.test", caps=caps, nick="Bob", me=BOB, shares_room=True)
    assert wire(event, sharing) == [b":Alice!rp@cloaked AWAY looking\r\n"]
    back = PresenceChanged(AT, ALICE, online=True, status=Status.ONLINE)
    assert wire(back, sharing) == [b":Alice!rp@cloaked AWAY\r\n"]
    apart = IrcVariant("irc.test", caps=caps, nick="Bob", me=BOB)
    assert wire(event, apart) == []
    assert wire(event) == [], "without away-notify"


def test_kicks_topics_and_modes_with_time_tags() -> None:
    kick = MemberKicked(AT, LOUNGE, BOB, by=ALICE)
    assert wire(kick, TIMED) == [
        b"@time=2026-11-26T01:02:03.456Z :Alice!rp@cloaked KICK #lounge Bob Alice\r\n"
    ]
    assert wire(MemberKicked(AT, LOUNGE, BOB, by=None, reason="spam")) == [
        b":irc.test KICK #lounge Bob spam\r\n"
    ]
    topic = TopicChanged(AT, LOUNGE, "tea time", by=ALICE)
    assert wire(topic) == [b":Alice!rp@cloaked TOPIC #lounge :tea time\r\n"]
    logged = IrcVariant("irc.test", nick="Bob", me=BOB, logged=True)
    assert wire(topic, logged) == [b":Alice!rp@cloaked TOPIC #lounge :[logged] tea time\r\n"]
    hidden = TopicChanged(AT, LOUNGE, "", by=None, hidden=True)
    assert wire(hidden) == [
        b":irc.test TOPIC #lounge :[hidden: set by someone you block] /quote REVEAL #lounge "
        b"TOPIC shows it\r\n"
    ]
    ban = RoomSettingChanged(AT, LOUNGE, ALICE, RoomSetting.BAN, True, "Bob", BOB)
    assert wire(ban) == [b":Alice!rp@cloaked MODE #lounge +b Bob!*@*\r\n"]
    key = RoomSettingChanged(AT, LOUNGE, None, RoomSetting.KEY, False)
    assert wire(key) == [b":irc.test MODE #lounge -k *\r\n"]
    private = RoomSettingChanged(
        AT,
        LOUNGE,
        ALICE,
        RoomSetting.VISIBILITY,
        True,
        RoomVisibility.PRIVATE.value,
        previous=RoomVisibility.UNLISTED.value,
    )
    assert wire(private) == [b":Alice!rp@cloaked MODE #lounge +i\r\n"]
    same = RoomSettingChanged(
        AT, LOUNGE, ALICE, RoomSetting.VISIBILITY, True, "public", previous="public"
    )
    assert wire(same) == []


def test_names_invitations_and_profiles() -> None:
    assert wire(CharacterRenamed(AT, ALICE, "alice")) == [b":alice!rp@cloaked NICK Alice\r\n"]
    assert wire(RoomInvitationReceived(AT, LOUNGE, ALICE)) == [
        b":Alice!rp@cloaked INVITE Bob #lounge\r\n"
    ]
    sent = InvitationSent(AT, LOUNGE, BOB, ALICE)
    assert wire(sent) == []
    notify = IrcVariant("irc.test", caps=frozenset({"invite-notify"}), nick="Carol")
    assert wire(sent, notify) == [b":Alice!rp@cloaked INVITE Bob #lounge\r\n"]
    profile = ProfileChanged(AT, ALICE, "a tall elf")
    assert wire(profile) == []
    setname = IrcVariant("irc.test", caps=frozenset({"setname"}), nick="Bob")
    assert wire(profile, setname) == [b":Alice!rp@cloaked SETNAME :a tall elf\r\n"]


def test_signals_go_to_clients_that_read_message_tags() -> None:
    signal = SignalSent(MessageId("m5"), AT, ALICE, (("+typing", "active"),), room=LOUNGE)
    assert wire(signal) == []
    tags = IrcVariant("irc.test", TAG_MSGID, frozenset({"message-tags"}), "Bob", BOB)
    assert wire(signal, tags) == [b"@+typing=active;msgid=m5 :Alice!rp@cloaked TAGMSG #lounge\r\n"]


def test_requests_and_notices_from_services_and_the_server() -> None:
    request = MessageRequestReceived(MessageId("m3"), AT, ALICE, BOB, MessageKind.SAY, "hi")
    assert wire(request) == [
        b":NickServ!services@services NOTICE Bob :Alice would like to message you; their "
        b"first message:\r\n",
        b":NickServ!services@services NOTICE Bob :<Alice> hi\r\n",
        b":NickServ!services@services NOTICE Bob :Accept: /msg NickServ ACCEPT Alice   "
        b"Decline: /msg NickServ DECLINE Alice   Block: /msg NickServ BLOCK Alice\r\n",
    ]
    assert wire(ServerNotice(AT, "restart at noon"), GUEST) == [
        b":irc.test NOTICE guest :restart at noon\r\n"
    ]


def test_log_consent_is_a_logserv_notice_and_a_topic_when_it_switches() -> None:
    started = LogStateChanged(
        AT, LOUNGE, on=True, proposed=True, change=LogChange.STARTED, switched=True
    )
    variant = IrcVariant("irc.test", nick="Bob", me=BOB, topic="tea time")
    assert wire(started, variant) == [
        b":LogServ!services@services NOTICE #lounge :Logging is ON in #lounge: everyone "
        b"present said yes. Anyone can stop it at once: /msg LogServ WITHDRAW #lounge\r\n",
        b":irc.test TOPIC #lounge :[logged] tea time\r\n",
    ]


def test_scene_cards_joins_and_the_end() -> None:
    card = SceneMemberCard(ALICE, ("blood",))
    started = SceneStarted(AT, SCENE, ("fantasy",), "", (card, SceneMemberCard(BOB, None)))
    assert wire(started) == [
        b":Bob!rp@cloaked JOIN #scene-7\r\n",
        b":irc.test 353 Bob @ #scene-7 :Alice Bob\r\n",
        b":irc.test 366 Bob #scene-7 :End of /NAMES list\r\n",
        b":SceneServ!services@services NOTICE #scene-7 :Scene card: rating adult; tags: "
        b"fantasy\r\n",
        b":SceneServ!services@services NOTICE #scene-7 :Alice: hard limits: blood\r\n",
        b":SceneServ!services@services NOTICE #scene-7 :Bob: hard limits not shared with you\r\n",
        b":SceneServ!services@services NOTICE #scene-7 :SAFEWORD ends it for everyone at once; "
        b"PAUSE stops it for a check-in.\r\n",
    ]
    assert wire(started, GUEST) == []
    added = wire(SceneMemberAdded(AT, SCENE, card))
    assert added[0] == b":Alice!rp@cloaked JOIN #scene-7\r\n"
    assert added[1].startswith(b":SceneServ!services@services NOTICE #scene-7 :Alice joined")
    paused = wire(ScenePauseChanged(AT, SCENE, paused=True))
    assert paused[0].startswith(b":SceneServ!services@services NOTICE #scene-7 :PAUSE (yellow)")
    ended = wire(SceneEnded(AT, SCENE, SceneEndReason.SAFEWORD))
    message = SceneEndReason.SAFEWORD.message.encode()
    assert ended == [
        b":SceneServ!services@services NOTICE #scene-7 :" + message + b"\r\n",
        b":Bob!rp@cloaked PART #scene-7 :" + message + b"\r\n",
    ]


def test_what_irc_does_not_show() -> None:
    hidden: list[Event] = [
        MessageRequestAnswered(AT, ALICE, accepted=True),
        SessionClosed(AT, "erased"),
        MeetDeclined(AT, ALICE),
        ThingOffered(AT, ALICE, "a rose"),
        HandAnswered(AT, ALICE, "a rose", accepted=False),
        MailReceived(AT, "Alice", "hello"),
    ]
    for event in hidden:
        assert wire(event) == [], event
