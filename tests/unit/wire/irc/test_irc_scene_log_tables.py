"""SceneServ's and LogServ's tables: words into scene and log intents, replies into notices."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import RoomRef
from boudoir.domain.ids import RoomId
from boudoir.domain.intents import (
    AcceptSceneInvitation,
    AgreeToLog,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ProposeLog,
    ResumeScene,
    Safeword,
    VoteOnAddition,
    WithdrawFromLog,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import (
    OpenSceneInvitation,
    SafewordCalled,
    SceneInvitationRefused,
    SceneInvitationSent,
    SceneList,
    ScenePauseSet,
    SceneSummary,
)
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import LOGSERV, SCENESERV, Usage

AT = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        (
            ["INVITE", "Bob", "Mature", "slow,,rain", "by", "the", "fire"],
            InviteToScene("Bob", Rating.MATURE, ("slow", "rain"), "by the fire"),
        ),
        (["invite", "Bob", "adult", "-"], InviteToScene("Bob", Rating.ADULT)),
        (["ACCEPT", "3fa9"], AcceptSceneInvitation("3fa9")),
        (["DECLINE", "3fa9"], DeclineSceneInvitation("3fa9")),
        (["DECLINE", "block", "3fa9"], DeclineSceneInvitation("3fa9", block=True)),
        (["ADD", "#scene-1", "Carol"], ProposeForScene("Carol", "#scene-1")),
        (["VOTE", "#scene-1", "Carol", "no"], VoteOnAddition("#scene-1", "Carol", yes=False)),
        (["LEAVE", "#scene-1"], LeaveScene("#scene-1")),
        (["LIST"], ListScenes()),
        (["SAFEWORD"], Safeword()),
        (["SAFEWORD", "#scene-1"], Safeword("#scene-1")),
        (["SAFEWORD", "BLOCK", "all"], Safeword(block="all")),
        (["SAFEWORD", "#scene-1", "BLOCK", "Al,Bo"], Safeword("#scene-1", ("Al", "Bo"))),
        (["PAUSE"], PauseScene()),
        (["RESUME", "#scene-1"], ResumeScene("#scene-1")),
    ],
)
def test_sceneserv_words_become_the_intent(words: list[str], intent: object) -> None:
    entry = SCENESERV.get(words[0])
    assert entry is not None
    assert entry.parse(words[1:]) == intent


@pytest.mark.parametrize(
    "words",
    [["INVITE", "Bob"], ["ACCEPT"], ["DECLINE"], ["VOTE", "#s", "Bob", "maybe"], ["LIST", "x"]],
)
def test_sceneserv_words_that_do_not_fit_give_the_usage(words: list[str]) -> None:
    entry = SCENESERV.get(words[0])
    assert entry is not None
    with pytest.raises(Usage):
        entry.parse(words[1:])


def test_a_bad_rating_or_decline_word_is_refused_in_words() -> None:
    invite, decline = SCENESERV.get("INVITE"), SCENESERV.get("DECLINE")
    assert invite is not None
    assert decline is not None
    with pytest.raises(InvalidInput, match="general, mature or adult"):
        invite.parse(["Bob", "spicy"])
    with pytest.raises(InvalidInput, match=r"SCENE DECLINE \[BLOCK\] <id>"):
        decline.parse(["maybe", "3fa9"])


def test_sceneserv_replies_as_notices() -> None:
    scene = RoomRef(RoomId("r1"), "scene-ab12", Rating.ADULT)
    assert service_text(SceneInvitationSent("3fa9", "bob", "Bob", Rating.ADULT)) == (
        "Invitation 3fa9 sent to Bob."
    )
    assert service_text(SceneInvitationRefused(block=True)) == "Declined. They are blocked."
    assert service_text(ScenePauseSet(paused=True, changed=False)) == (
        "That scene is already paused."
    )
    assert service_text(ScenePauseSet(paused=True, changed=True)) is None
    assert service_text(SafewordCalled((scene,))) == (
        "You called the safeword. Nobody was told who called it. Ended for everyone: #scene-ab12."
    )
    invitation = OpenSceneInvitation("3fa9", "Al", AT, Rating.MATURE, (), "", False, None, ())
    assert service_text(SceneList((SceneSummary("scene-ab12", ("Al",)),), (invitation,))) == (
        "Your scenes: #scene-ab12\nInvitation 3fa9 from Al: mature, no tags. /SCENE ACCEPT 3fa9"
    )


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        (["PROPOSE", "#den"], ProposeLog("#den")),
        (["yes", "#den"], AgreeToLog("#den")),
        (["AGREE", "#den", "please"], AgreeToLog("#den")),
        (["STOP", "#den"], WithdrawFromLog("#den")),
        (["NO", "#den"], WithdrawFromLog("#den")),
    ],
)
def test_logserv_words_become_the_intent(words: list[str], intent: object) -> None:
    entry = LOGSERV.get(words[0])
    assert entry is not None
    assert entry.parse(words[1:]) == intent


def test_logserv_needs_the_room() -> None:
    entry = LOGSERV.get("PROPOSE")
    assert entry is not None
    with pytest.raises(Usage):
        entry.parse([])
    assert LOGSERV.get("HELP") is None
