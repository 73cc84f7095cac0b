"""What a MU* player reads for each core event: MUCK words, own echo, here or a channel,
colour or not, a screen reader's plain sentences, and nothing unsafe from other users."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from boudoir.domain.entities import RoomSetting, Status
from boudoir.domain.events import (
    CharacterRef,
    CharacterRenamed,
    DirectMessageSent,
    Event,
    HandAnswered,
    InvitationSent,
    LogChange,
    LogStateChanged,
    MailReceived,
    MeetDeclined,
    MeetRequestReceived,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageKind,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    RoomRef,
    RoomSettingChanged,
    SceneEnded,
    SceneEndReason,
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneMemberAdded,
    SceneMemberCard,
    ScenePauseChanged,
    SceneStarted,
    SceneVoteChanged,
    SceneVoteState,
    ServerNotice,
    SessionClosed,
    SignalSent,
    ThingOffered,
    TopicChanged,
)
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.render import View
from boudoir.wire.telnet.render import render as render_event
from boudoir.wire.telnet.text import columns

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
ALICE = CharacterRef(CharacterId("c-alice"), "Alice")
BOB = CharacterRef(CharacterId("c-bob"), "Bob")
CAROL = CharacterRef(CharacterId("c-carol"), "Carol")
HALL = RoomRef(RoomId("r-hall"), "Hall", Rating.GENERAL)
LOUNGE = RoomRef(RoomId("r-lounge"), "Lounge", Rating.MATURE)
SCENE = RoomRef(RoomId("r-scene"), "scene-1a2b", Rating.ADULT)

BOB_IN_HALL = View(viewer=BOB.id, location=HALL.id)
ALICE_IN_HALL = View(viewer=ALICE.id, location=HALL.id)
OUR_SGR = re.compile(r"\x1b\[[0-9;]*m")
NASTY = "hi\x1b]0;pwned\x07 \x1b[2J\x9b31m\x07there\x1b]8;;http://evil\x1b\\"


def say(
    text: str, kind: MessageKind = MessageKind.SAY, room: RoomRef = HALL, **extra: object
) -> RoomMessageSent:
    return RoomMessageSent(MessageId("m1"), AT, room, ALICE, kind, text, **extra)  # type: ignore[arg-type]


def page(text: str, kind: MessageKind = MessageKind.SAY) -> DirectMessageSent:
    return DirectMessageSent(MessageId("m2"), AT, ALICE, BOB, kind, text)


def seen(event: Event, view: View = BOB_IN_HALL) -> str:
    text = render_event(event, view)
    assert text is not None
    return text


# --- speech -------------------------------------------------------------------------------


def test_say_here_and_own_echo() -> None:
    assert seen(say("hi")) == 'Alice says, "hi"'
    assert seen(say("hi"), ALICE_IN_HALL) == 'You say, "hi"'


def test_speech_in_another_joined_room_is_a_channel_line() -> None:
    assert seen(say("hi", room=LOUNGE)) == '[Lounge] Alice says, "hi"'
    assert seen(say("waves.", MessageKind.POSE, room=LOUNGE)) == "[Lounge] Alice waves."


def test_pose_and_semipose() -> None:
    assert seen(say("waves.", MessageKind.POSE)) == "Alice waves."
    assert seen(say("'s eyes sparkle.", MessageKind.POSE)) == "Alice's eyes sparkle."
    assert seen(say(", grinning, nods.", MessageKind.POSE)) == "Alice, grinning, nods."
    assert seen(say("waves.", MessageKind.POSE), ALICE_IN_HALL) == "Alice waves."


@pytest.mark.parametrize("colours", [16, 256])
def test_a_semipose_joins_the_name_in_colour_too(colours: int) -> None:
    coloured = View(viewer=BOB.id, location=HALL.id, colours=colours)
    lines = [
        seen(say("'s eyes sparkle.", MessageKind.POSE), coloured),
        seen(say("'s eyes sparkle.", MessageKind.POSE, room=LOUNGE), coloured),
        seen(say(";'s eyes sparkle.", MessageKind.OOC), coloured),
        seen(page("'s eyes sparkle.", MessageKind.POSE), coloured),
    ]
    for line in lines:
        assert "Alice's eyes sparkle." in OUR_SGR.sub("", line)
    assert "Alice waves." in OUR_SGR.sub("", seen(say("waves.", MessageKind.POSE), coloured))


def test_a_semipose_for_a_screen_reader_joins_the_name() -> None:
    reader = View(viewer=BOB.id, location=HALL.id, screen_reader=True, colours=16)
    assert OUR_SGR.sub("", seen(say("'s eyes sparkle.", MessageKind.POSE), reader)) == (
        "Alice's eyes sparkle."
    )
    plain = View(viewer=BOB.id, location=HALL.id, screen_reader=True)
    assert seen(say("'s eyes sparkle.", MessageKind.POSE, room=LOUNGE), plain) == (
        "Lounge: Alice's eyes sparkle."
    )


def test_ooc_speech_and_ooc_poses() -> None:
    assert seen(say("brb", MessageKind.OOC)) == '<OOC> Alice says, "brb"'
    assert seen(say(":waves.", MessageKind.OOC)) == "<OOC> Alice waves."
    assert seen(say(";'s cat says hi", MessageKind.OOC)) == "<OOC> Alice's cat says hi"
    assert seen(say("brb", MessageKind.OOC), ALICE_IN_HALL) == '<OOC> You say, "brb"'


def test_whisper_to_the_recipient_and_the_echo_and_nobody_else() -> None:
    whisper = say("psst", MessageKind.WHISPER, recipient=BOB)
    assert seen(whisper) == 'Alice whispers, "psst"'
    assert seen(whisper, ALICE_IN_HALL) == 'You whisper, "psst" to Bob.'
    assert render_event(whisper, View(viewer=CAROL.id, location=HALL.id)) is None


def test_pages_and_their_echo() -> None:
    assert seen(page("hi")) == 'Alice pages, "hi"'
    assert seen(page("waves.", MessageKind.POSE)) == "From afar, Alice waves."
    assert seen(page("hi"), ALICE_IN_HALL) == 'You paged Bob with "hi".'
    assert seen(page("waves.", MessageKind.POSE), ALICE_IN_HALL) == (
        "You page-pose Bob: Alice waves."
    )
    assert seen(page("later", MessageKind.OOC)) == '<OOC> Alice pages, "later"'


def test_a_multi_line_pose_keeps_its_lines() -> None:
    assert seen(say("waves.\nThen sits.", MessageKind.POSE)) == "Alice waves.\nThen sits."


def test_message_request_says_how_to_answer() -> None:
    event = MessageRequestReceived(MessageId("m3"), AT, ALICE, BOB, MessageKind.SAY, "hello")
    text = seen(event)
    assert text.splitlines()[0] == 'Alice would like to page you: "hello"'
    assert '"accept Alice"' in text
    assert '"decline Alice"' in text
    assert '"decline/block Alice"' in text


def test_seals_only_for_those_who_asked() -> None:
    sealed = say("hi", seal="abc123")
    assert "abc123" not in seen(sealed)
    shown = View(viewer=BOB.id, location=HALL.id, show_seals=True)
    assert seen(sealed, shown) == 'Alice says, "hi" (seal abc123)'


# --- safety and colour ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        say(NASTY),
        say(NASTY, MessageKind.POSE, room=LOUNGE),
        say(NASTY, MessageKind.OOC),
        say(NASTY, MessageKind.WHISPER, recipient=BOB),
        page(NASTY),
        MessageRequestReceived(MessageId("m3"), AT, ALICE, BOB, MessageKind.SAY, NASTY),
        TopicChanged(AT, HALL, NASTY, ALICE),
        MemberLeft(AT, HALL, ALICE, reason="goes " + NASTY),
        MemberKicked(AT, HALL, CAROL, ALICE, reason=NASTY),
        RoomSettingChanged(AT, HALL, ALICE, RoomSetting.KEY, True, NASTY),
        ProfileChanged(AT, ALICE, NASTY),
        ServerNotice(AT, NASTY),
        ThingOffered(AT, ALICE, NASTY),
        MailReceived(AT, "Alice", NASTY),
        SessionClosed(AT, NASTY),
        SceneStarted(AT, SCENE, ("x",), NASTY, (SceneMemberCard(ALICE, (NASTY,)),)),
        SceneInvitationReceived(AT, "inv1", ALICE, Rating.ADULT, (), NASTY, (NASTY,)),
    ],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize("colours", [0, 256])
def test_no_escape_sequence_or_control_character_from_a_user_survives(
    event: Event, colours: int
) -> None:
    view = View(viewer=BOB.id, location=HALL.id, colours=colours)
    # Our own colour codes (SGR) are the only escape sequences allowed to remain.
    text = OUR_SGR.sub("", seen(event, view))
    assert not any(ord(c) < 0x20 and c != "\n" for c in text)
    assert not any(0x7F <= ord(c) <= 0x9F for c in text)
    assert "pwned" not in text  # a window title (OSC 0) is dropped whole
    assert "evil" not in text  # an unclosed OSC 8 hyperlink takes nothing after it through
    assert "hi" in text


def test_no_colour_means_no_escape_at_all() -> None:
    assert "\x1b" not in seen(say("hi"))


def test_colour_paints_the_name_and_the_speech() -> None:
    text = seen(say("hi"), View(viewer=BOB.id, location=HALL.id, colours=16))
    assert text.startswith("\x1b[1;36mAlice\x1b[0m says, ")
    assert '\x1b[37m"hi"\x1b[0m' in text


def test_a_name_inside_a_system_line_keeps_the_line_colour_after_it() -> None:
    text = seen(MemberJoined(AT, HALL, ALICE), View(viewer=BOB.id, location=HALL.id, colours=16))
    assert text == "\x1b[32m\x1b[1;36mAlice\x1b[0m\x1b[32m has arrived.\x1b[0m"


# --- arrivals and departures ----------------------------------------------------------------


def test_arrivals_and_departures_here() -> None:
    assert seen(MemberJoined(AT, HALL, ALICE)) == "Alice has arrived."
    assert seen(MemberLeft(AT, HALL, ALICE)) == "Alice has left."
    assert seen(MemberLeft(AT, HALL, ALICE, reason="goes north")) == "Alice goes north."
    assert seen(MemberLeft(AT, HALL, ALICE, reason="bye all")) == "Alice has left."
    assert seen(MemberLeft(AT, HALL, ALICE, quit=True)) == "Alice has disconnected."


def test_joins_and_parts_in_channel_rooms() -> None:
    assert seen(MemberJoined(AT, LOUNGE, ALICE)) == "[Lounge] Alice has joined."
    assert seen(MemberLeft(AT, LOUNGE, ALICE, reason="goes north")) == "[Lounge] Alice has left."
    assert seen(MemberLeft(AT, LOUNGE, ALICE, quit=True)) == "[Lounge] Alice has disconnected."


def test_own_arrival_where_one_stands_is_left_to_the_room_description() -> None:
    assert render_event(MemberJoined(AT, HALL, ALICE), ALICE_IN_HALL) is None
    assert seen(MemberJoined(AT, LOUNGE, ALICE), ALICE_IN_HALL) == "You joined Lounge."


def test_kicks() -> None:
    assert seen(MemberKicked(AT, HALL, BOB, ALICE, "rude")) == "Alice removed you from Hall (rude)."
    assert seen(MemberKicked(AT, LOUNGE, CAROL, None)) == "[Lounge] The server removed Carol."


# --- rooms, people, logging -------------------------------------------------------------------


def test_topic_and_settings() -> None:
    assert seen(TopicChanged(AT, HALL, "Tea time", ALICE)) == "Alice set the topic: Tea time"
    assert seen(TopicChanged(AT, LOUNGE, "", None)) == "[Lounge] The server cleared the topic."
    voice = RoomSettingChanged(AT, HALL, ALICE, RoomSetting.VOICE, True, "Carol", CAROL)
    assert seen(voice) == "Alice gave Carol a voice."
    limit = RoomSettingChanged(AT, HALL, ALICE, RoomSetting.MEMBER_LIMIT, True, "{by}")
    assert seen(limit) == "Alice limited the room to {by} people."


@pytest.mark.parametrize("setting", list(RoomSetting))
@pytest.mark.parametrize("enabled", [True, False])
def test_every_setting_reads_as_a_sentence(setting: RoomSetting, enabled: bool) -> None:
    text = seen(RoomSettingChanged(AT, HALL, ALICE, setting, enabled, "Carol", CAROL))
    assert text.startswith("Alice ")
    assert text.endswith(".")
    assert "{" not in text


def test_presence_only_for_watched_friends() -> None:
    online = PresenceChanged(AT, ALICE, True, Status.ONLINE)
    assert render_event(online, BOB_IN_HALL) is None
    watching = View(viewer=BOB.id, location=HALL.id, watching=frozenset({"alice"}))
    assert seen(online, watching) == "[wf] Alice has connected."
    assert seen(PresenceChanged(AT, ALICE, False, Status.ONLINE), watching) == (
        "[wf] Alice has disconnected."
    )
    assert seen(PresenceChanged(AT, ALICE, True, Status.AWAY, "dinner"), watching) == (
        "[wf] Alice is away: dinner"
    )


def test_invitations_profiles_notices() -> None:
    assert seen(RoomInvitationReceived(AT, LOUNGE, ALICE)) == (
        'Alice invites you to Lounge (mature). Type "jump Lounge" to go there.'
    )
    assert seen(InvitationSent(AT, LOUNGE, CAROL, ALICE)) == "[Lounge] Alice invited Carol."
    assert seen(ProfileChanged(AT, ALICE, "Tall.")) == "Alice is now described as: Tall."
    assert seen(CharacterRenamed(AT, ALICE, "alice")) == "alice is now known as Alice."
    own = render_event(CharacterRenamed(AT, ALICE, "alice"), ALICE_IN_HALL)
    assert own == "You are now known as Alice."
    assert seen(ServerNotice(AT, "Restart at noon.")) == "Server notice: Restart at noon."
    assert seen(SessionClosed(AT, "Bye.")) == "*** Disconnected: Bye. ***"
    signal = SignalSent(MessageId("s"), AT, ALICE, (("+typing", "active"),), room=HALL)
    assert render_event(signal, BOB_IN_HALL) is None


def test_logging_on_is_loud_and_names_who_consented() -> None:
    on = LogStateChanged(AT, LOUNGE, True, True, LogChange.STARTED, ("Alice", "Bob"))
    assert seen(on) == "[LOG] Logging is ON in Lounge: Alice, Bob consented."
    coloured = seen(on, View(viewer=BOB.id, location=HALL.id, colours=16))
    assert coloured.startswith("\x1b[1;31m")


def test_logging_proposals_and_stops_never_say_who_withdrew() -> None:
    proposed = LogStateChanged(
        AT, HALL, False, True, LogChange.PROPOSED, ("Alice",), ("Bob",), waiting=1
    )
    assert seen(proposed) == (
        "[LOG] Logging is proposed in Hall (off until everyone agrees). "
        "Agreed: Alice. Waiting for: Bob."
    )
    stopped = LogStateChanged(
        AT, HALL, False, False, LogChange.STOPPED_WITHDRAWAL, ("Alice",), switched=True
    )
    assert seen(stopped) == "[LOG] Logging is OFF in Hall."
    arrival = LogStateChanged(AT, HALL, False, False, LogChange.STOPPED_ARRIVAL, switched=True)
    assert "OFF" in seen(arrival)


def test_offers_and_mail() -> None:
    offer = seen(ThingOffered(AT, ALICE, "a rose"))
    assert offer.startswith("Alice offers you a rose.")
    assert '"hand/accept Alice"' in offer
    assert seen(HandAnswered(AT, BOB, "a rose", False), ALICE_IN_HALL) == "Bob declined a rose."
    assert seen(MailReceived(AT, "Alice", "Tea?")) == (
        'You have new mail from Alice: "Tea?". Type "mail" to read it.'
    )


def test_meet_requests() -> None:
    text = seen(MeetRequestReceived(AT, ALICE))
    assert text.startswith("Alice would like to meet you.")
    assert '"mjoin Alice"' in text
    assert '"msummon Alice"' in text
    assert '"mdecline Alice"' in text
    assert seen(MeetDeclined(AT, BOB), ALICE_IN_HALL) == "Bob declined to meet."


# --- scenes -----------------------------------------------------------------------------------


def test_scene_invitation_card_shows_rating_tags_note_and_limits() -> None:
    event = SceneInvitationReceived(
        AT, "inv1", ALICE, Rating.ADULT, ("romance", "slow"), "by the fire", ("gore",)
    )
    text = seen(event)
    assert "Alice invites you to a scene" in text
    assert "Rating: adult." in text
    assert "Tags: romance, slow." in text
    assert "Note: by the fire" in text
    assert "Alice's hard limits: gore." in text
    assert '"scene/accept inv1"' in text
    hidden = SceneInvitationReceived(AT, "inv1", ALICE, Rating.ADULT, (), "", None)
    assert "Alice's hard limits: not shared with you." in seen(hidden)


def test_scene_started_card_and_members() -> None:
    event = SceneStarted(
        AT,
        SCENE,
        ("romance",),
        "by the fire",
        (SceneMemberCard(ALICE, ("gore",)), SceneMemberCard(BOB, ())),
    )
    text = seen(event)
    assert "Scene scene-1a2b has started" in text
    assert "Alice (hard limits: gore)" in text
    assert "Bob (hard limits: none)" in text
    added = SceneMemberAdded(AT, SCENE, SceneMemberCard(CAROL, None))
    assert seen(added, View(viewer=BOB.id, location=SCENE.id)) == (
        "Carol (hard limits: not shared with you) has joined the scene."
    )
    assert seen(SceneInvitationDeclined(AT, "inv1", BOB), ALICE_IN_HALL) == (
        "Bob declined your scene invitation."
    )


def test_a_withdrawn_scene_invitation_says_it_is_no_longer_open() -> None:
    assert seen(SceneInvitationWithdrawn(AT, "inv1", ALICE)) == (
        "The scene invitation from Alice is no longer open: that scene has ended."
    )


def test_scene_votes() -> None:
    here = View(viewer=BOB.id, location=SCENE.id)
    opened = SceneVoteChanged(AT, SCENE, CAROL, SceneVoteState.OPENED, ALICE, (BOB,))
    assert seen(opened, here).startswith(
        "Alice proposes adding Carol to the scene. Waiting for: Bob."
    )
    failed = SceneVoteChanged(AT, SCENE, CAROL, SceneVoteState.FAILED)
    assert seen(failed, here) == "The proposal to add Carol to the scene did not pass."
    passed = SceneVoteChanged(AT, SCENE, CAROL, SceneVoteState.PASSED)
    assert seen(passed) == "[scene-1a2b] Everyone said yes: Carol is invited to the scene."


def test_pause_is_a_warning_and_the_safeword_an_alert_naming_nobody() -> None:
    here = View(viewer=BOB.id, location=SCENE.id)
    assert seen(ScenePauseChanged(AT, SCENE, True), here) == (
        "*** PAUSED: only OOC until someone types resume ***"
    )
    ended = seen(SceneEnded(AT, SCENE, SceneEndReason.SAFEWORD), here)
    assert ended.splitlines()[0] == "*** SAFEWORD: the scene has ended. ***"
    assert "Alice" not in ended
    assert "Bob" not in ended
    coloured = View(viewer=BOB.id, location=SCENE.id, colours=16)
    assert seen(ScenePauseChanged(AT, SCENE, True), coloured).startswith("\x1b[33m")
    assert seen(SceneEnded(AT, SCENE, SceneEndReason.SAFEWORD), coloured).startswith("\x1b[1;31m")


# --- screen readers ------------------------------------------------------------------------


def test_screen_reader_gets_plain_sentences() -> None:
    reader = View(viewer=BOB.id, location=SCENE.id, screen_reader=True)
    assert seen(ScenePauseChanged(AT, SCENE, True), reader) == (
        "The scene is paused: only OOC until someone types resume."
    )
    ended = seen(SceneEnded(AT, SCENE, SceneEndReason.SAFEWORD), reader)
    assert ended.splitlines()[0] == "SAFEWORD: the scene has ended."
    assert seen(say("hi", room=LOUNGE), reader) == 'Lounge: Alice says, "hi"'
    assert seen(say("brb", MessageKind.OOC, room=SCENE), reader) == 'OOC: Alice says, "brb"'
    assert seen(SessionClosed(AT, "Bye."), reader) == "Disconnected: Bye."
    on = LogStateChanged(AT, LOUNGE, True, True, LogChange.STARTED, ("Alice",))
    assert seen(on, reader) == "Log notice: Logging is ON in Lounge: Alice consented."
    card = SceneInvitationReceived(AT, "i", ALICE, Rating.ADULT, (), "", None)
    for event in (card, ScenePauseChanged(AT, SCENE, True), on):
        assert "***" not in seen(event, reader)
        assert "---" not in seen(event, reader)


# --- columns -------------------------------------------------------------------------------


def test_columns_align_and_wrap_the_last_column_under_itself() -> None:
    rows = [["Alice", "idle 3m", "Looking for a scene by the sea"], ["Bo", "1h", "Away"]]
    assert columns(rows, 80, screen_reader=False) == (
        "Alice  idle 3m  Looking for a scene by the sea\nBo     1h       Away"
    )
    narrow = columns(rows, 30, screen_reader=False).splitlines()
    assert narrow[0] == "Alice  idle 3m  Looking for a"
    assert narrow[1].startswith(" " * 16)
    assert narrow[1].strip()
    assert all(len(line) <= 30 for line in narrow)


def test_columns_for_a_screen_reader_are_sentences() -> None:
    rows = [["Alice", "idle 3m", "Looking"], ["Bo", "", "Away."]]
    assert columns(rows, 80, screen_reader=True) == "Alice, idle 3m, Looking.\nBo, Away."


def test_columns_measure_colour_codes_as_nothing() -> None:
    rows = [["\x1b[1;36mAl\x1b[0m", "x"], ["Bob", "y"]]
    assert columns(rows, 80, screen_reader=False) == "\x1b[1;36mAl\x1b[0m   x\nBob  y"
