"""SceneServ's table: the scene commands, typed as ``/SCENE <verb> ...`` (``SAFEWORD``,
``PAUSE`` and ``RESUME`` also alone) or ``/msg SceneServ <verb> ...``.

Words that do not fit a verb are answered with the whole ``HELP`` (one constant: its lines
group several verbs).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.scenes import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    Safeword,
    VoteOnAddition,
)
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable, Usage, one

HELP: Final = """\
SceneServ: scenes are private channels #scene-<id> that everyone in them agreed to.
Type these as /SCENE ... (WeeChat: /quote SCENE ...) or /msg SceneServ ...:
  SCENE INVITE <nick> <general|mature|adult> [tag,tag,...] [note]   start a scene
  SCENE ACCEPT <id>  |  SCENE DECLINE <id>  |  SCENE DECLINE BLOCK <id>
  SCENE ADD <#scene> <nick>                propose someone; every member votes
  SCENE VOTE <#scene> <nick> YES|NO        your vote (a no is never shown as yours)
  SCENE LEAVE <#scene>  (or /part)         leave; the scene ends when the last one leaves
  SCENE LIST                               your scenes and open invitations
  SAFEWORD [#scene] [BLOCK ALL|nick,nick]  end the scene now for everyone, no blame
  PAUSE [#scene]  /  RESUME [#scene]       yellow: stop for a check-in, OOC only"""

RATINGS: Final = {rating.label: rating for rating in Rating}


def _invite(args: Sequence[str]) -> InviteToScene:
    if len(args) < 2:
        raise Usage
    rating = RATINGS.get(args[1].lower())
    if rating is None:
        raise InvalidInput("The rating is general, mature or adult.")
    tags = [t for t in args[2].split(",") if t] if len(args) > 2 else []
    if tags == ["-"]:
        tags = []
    return InviteToScene(args[0], rating, tuple(tags), " ".join(args[3:]))


def _add(args: Sequence[str]) -> ProposeForScene:
    if len(args) != 2:
        raise Usage
    return ProposeForScene(args[1], args[0])


def _decline(args: Sequence[str]) -> DeclineSceneInvitation:
    if not args or len(args) > 2:
        raise Usage
    block = len(args) == 2 and args[0].upper() == "BLOCK"
    if len(args) == 2 and not block:
        raise InvalidInput("Usage: SCENE DECLINE [BLOCK] <id>")
    return DeclineSceneInvitation(args[-1], block)


def _vote(args: Sequence[str]) -> VoteOnAddition:
    if len(args) != 3 or args[2].upper() not in ("YES", "NO"):
        raise Usage
    return VoteOnAddition(args[0], args[1], args[2].upper() == "YES")


def _list(args: Sequence[str]) -> ListScenes:
    if args:
        raise Usage
    return ListScenes()


def _safeword(args: Sequence[str]) -> Safeword:
    """``SAFEWORD [#scene] [BLOCK ALL|nick,nick]``: whatever follows, the scene ends."""
    scene = args[0] if args and args[0].upper() != "BLOCK" else None
    rest = args[1:] if scene else args
    if len(rest) >= 2 and rest[0].upper() == "BLOCK":
        names = tuple(n for word in rest[1:] for n in word.split(",") if n)
        if [x.upper() for x in names] == ["ALL"]:
            return Safeword(scene, "all")
        return Safeword(scene, names)
    return Safeword(scene)


def _optional_scene(args: Sequence[str]) -> str | None:
    if len(args) > 1:
        raise Usage
    return args[0] if args else None


SCENESERV = ServiceTable(
    "SceneServ",
    (
        ServiceCommand(
            "INVITE",
            "SCENE INVITE <nick> <general|mature|adult> [tag,tag,...] [note]",
            "start a scene",
            _invite,
        ),
        ServiceCommand(
            "ACCEPT",
            "SCENE ACCEPT <id>",
            "accept an invitation",
            lambda args: AcceptSceneInvitation(one(args)),
        ),
        ServiceCommand(
            "DECLINE", "SCENE DECLINE [BLOCK] <id>", "decline (and block) an invitation", _decline
        ),
        ServiceCommand(
            "ADD", "SCENE ADD <#scene> <nick>", "propose someone; every member votes", _add
        ),
        ServiceCommand(
            "VOTE",
            "SCENE VOTE <#scene> <nick> YES|NO",
            "your vote (a no is never shown as yours)",
            _vote,
        ),
        ServiceCommand(
            "LEAVE",
            "SCENE LEAVE <#scene>",
            "leave; the scene ends when the last one leaves",
            lambda args: LeaveScene(one(args)),
        ),
        ServiceCommand("LIST", "SCENE LIST", "your scenes and open invitations", _list),
        ServiceCommand(
            "SAFEWORD",
            "SAFEWORD [#scene] [BLOCK ALL|nick,nick]",
            "end the scene now for everyone, no blame",
            _safeword,
        ),
        ServiceCommand(
            "PAUSE",
            "PAUSE [#scene]",
            "yellow: stop for a check-in, OOC only",
            lambda args: PauseScene(_optional_scene(args)),
        ),
        ServiceCommand(
            "RESUME",
            "RESUME [#scene]",
            "go on after a pause",
            lambda args: ResumeScene(_optional_scene(args)),
        ),
    ),
)
