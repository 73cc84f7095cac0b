"""Telnet's scene, log and meeting commands as data: lines into intents, replies into words."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.errors import InvalidInput, NotInRoom
from boudoir.domain.intents import (
    AcceptSceneInvitation,
    DeclineMeeting,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListListeners,
    ListLogs,
    ListMeetingRequests,
    ListSceneInvitations,
    ProposeForScene,
    ProposeLog,
    ReadLog,
    RequestMeeting,
    Safeword,
    ShowLogState,
    VoteOnAddition,
    WithdrawFromLog,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    Listener,
    Listeners,
    LoggedLine,
    LogList,
    LogPart,
    LogRead,
    MeetingRequests,
    OpenSceneInvitation,
    SceneInvitationSent,
    SceneList,
    SceneSummary,
    VoteCast,
)
from boudoir.wire.telnet.commands import SPECS, Usage, parse_line
from boudoir.wire.telnet.commands.logs import parse_log, parse_sweep
from boudoir.wire.telnet.commands.scenes import SCENE_SPECS, parse_scene
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import Told, render_reply
from boudoir.wire.telnet.replies.logs import listeners_text

AT = dt.datetime(2026, 11, 26, 20, 5, tzinfo=dt.UTC)
BY_WORD = {word: spec for spec in (*SPECS, *SCENE_SPECS) for word in (spec.name, *spec.aliases)}

SCREEN = Screen(80)


def den() -> str:
    return "den"


def nowhere() -> str:
    raise NotInRoom("You are not in a room.")


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        (
            "scene invite Bob, Carol=mature slow rain / a rainy night",
            (
                InviteToScene("Bob", Rating.MATURE, ("slow", "rain"), "a rainy night"),
                InviteToScene("Carol", Rating.MATURE, ("slow", "rain"), "a rainy night"),
            ),
        ),
        ("scene/accept 1a2b", (AcceptSceneInvitation("1a2b"),)),
        ("scene decline block 1a2b", (DeclineSceneInvitation("1a2b", block=True),)),
        ("scene invitations", (ListSceneInvitations(),)),
        ("scene add Carol", (ProposeForScene("Carol"),)),
        ("scene vote Carol=YES", (VoteOnAddition(None, "Carol", yes=True),)),
        ("scene vote scene-1 Carol=no", (VoteOnAddition("scene-1", "Carol", yes=False),)),
        ("scene leave", (LeaveScene(),)),
    ],
)
def test_a_scene_line_becomes_its_intents(text: str, intents: tuple[object, ...]) -> None:
    assert parse_scene(parse_line(text)) == intents


@pytest.mark.parametrize("text", ["scene", "scene invite Bob", "scene vote Carol=maybe"])
def test_a_scene_line_that_fits_nothing_gives_the_usage(text: str) -> None:
    with pytest.raises(Usage):
        parse_scene(parse_line(text))


def test_a_scene_invitation_needs_a_rating_and_few_enough_names() -> None:
    with pytest.raises(InvalidInput, match="Give the scene's rating"):
        parse_scene(parse_line("scene invite Bob=spicy"))
    names = ",".join(f"p{n}" for n in range(11))
    with pytest.raises(InvalidInput, match="at most 10 people"):
        parse_scene(parse_line(f"scene invite {names}=general"))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("safeword", Safeword()),
        ("red block all", Safeword(block="all")),
        ("@safeword block Al, Bo", Safeword(block=("Al", "Bo"))),
        ("meetme", ListMeetingRequests()),
        ("meetme Bob", RequestMeeting("Bob")),
        ("mdecline/block Bob", DeclineMeeting("Bob", block=True)),
    ],
)
def test_a_line_becomes_its_intent(text: str, intent: object) -> None:
    line = parse_line(text)
    assert BY_WORD[line.word].parse(line) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("log", ShowLogState("den")),
        ("log on", ProposeLog("den")),
        ("log agree", ProposeLog("den")),
        ("log off", WithdrawFromLog("den")),
        ("log list", ListLogs()),
        ("log read 7c1f", ReadLog("7c1f")),
    ],
)
def test_a_log_line_becomes_its_intent_about_the_room_one_stands_in(
    text: str, intent: object
) -> None:
    assert parse_log(parse_line(text), den) == intent
    assert parse_sweep(parse_line("@sweep"), den) == ListListeners("den")


def test_log_list_works_standing_nowhere_and_log_on_does_not() -> None:
    assert parse_log(parse_line("log list"), nowhere) == ListLogs()
    with pytest.raises(NotInRoom):
        parse_log(parse_line("log on"), nowhere)
    with pytest.raises(Usage):
        parse_log(parse_line("log frobnicate"), den)


def test_scene_and_meeting_replies_in_words() -> None:
    sent = SceneInvitationSent("1a2b", "bob", "Bob", Rating.MATURE)
    assert render_reply(sent, SCREEN) == Told("You invited bob to a mature scene.")
    assert render_reply(VoteCast("Carol", yes=False), SCREEN) == Told(
        "You said no to adding Carol."
    )
    invitation = OpenSceneInvitation("1a2b", "Al", AT, Rating.ADULT, ("slow",), "", False, None, ())
    scenes = SceneList((SceneSummary("scene-1", ("Al", "Bo")),), (invitation,))
    told = render_reply(scenes, SCREEN)
    assert told is not None
    assert told.text.splitlines()[0] == "Your scenes:"
    assert told.text.splitlines()[-1] == 'Type "scene accept <id>" or "scene decline <id>".'
    assert render_reply(MeetingRequests(()), SCREEN) == Told("Nobody is asking to meet you.")


def test_log_replies_in_words() -> None:
    part = LogPart("7c1f", "den", AT, None, 2)
    assert render_reply(LogList(()), SCREEN) == Told("There are no logs you may read.")
    told = render_reply(LogList((part,)), SCREEN)
    assert told == Told("7c1f  den  2026-11-26 20:05  still open")
    read = LogRead(part, (LoggedLine("m1", AT, "Al", "pose", "waves"),))
    assert render_reply(read, SCREEN) == Told("Log 7c1f of den:\n[20:05] Al waves")
    listeners = Listeners("den", (Listener("Al", frozenset({"web", "irc"}), you=True),), None)
    assert listeners_text(listeners, lambda rows: repr(rows), screen_reader=True) == (
        "Listening in den:\n[['Al (you), on IRC and browser']]\n"
        "No log is listening: logging is off."
    )
