"""Scenes on telnet: ``scene`` (invite, accept, decline, add, vote, leave, list),
``safeword``, ``pause`` and ``resume``, all through the core's ``SceneService``.

A started scene is a private room: the telnet user stands in it (their location becomes the
scene, and the room they stood in is heard as a channel meanwhile), and stands again where
they were when it ends or they leave it. The cards and notices are ``render_scenes``'s.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import Event, MemberLeft, SceneEnded, SceneStarted
from boudoir.domain.ids import RoomId
from boudoir.domain.intents import (
    Intent,
    LeaveScene,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    VoteOnAddition,
)
from boudoir.domain.replies import SceneLeft
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import Handler, Work, command, report_error, usage
from boudoir.gateways.telnet.replies import tell_reply
from boudoir.wire.telnet.commands import Line, Usage
from boudoir.wire.telnet.commands.scenes import (
    SCENE_HELP,
    SCENE_SPECS,
    SCENE_USAGE,
    SUBCOMMANDS,
    parse_scene,
)


def scene_here(client: TelnetClient) -> str | None:
    """The name of the scene the user stands in, if any (None: the core picks their only
    scene, or asks them to name it)."""
    conn = client.conn
    if conn is None or client.location is None:
        return None
    scenes = client.server.world.scenes.scenes_of(conn)
    return next((s.name for s in scenes if s.live.room.id == client.location), None)


def _here(intent: Intent, here: str | None) -> Intent:
    """A scene command that names no scene is about the one the user stands in."""
    match intent:
        case ProposeForScene(scene=None) | VoteOnAddition(scene=None) | LeaveScene(None):
            return replace(intent, scene=here)
        case PauseScene(None) | ResumeScene(None):
            return replace(intent, scene=here)
    return intent


def _handler(name: str, parse: Callable[[Line], Sequence[Intent]]) -> Handler:
    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            intents = parse(line)
        except Usage:
            usage(client, name)
            return None
        return _run_each(client, intents)

    return handle


async def _run_each(client: TelnetClient, intents: Sequence[Intent]) -> None:
    """Each intent in turn: one invitation refused does not stop the next (each name gets
    its own answer), but a bad tag or note is the same for everyone and said once."""
    here = scene_here(client)
    for intent in intents:
        try:
            await _run(client, _here(intent, here))
        except InvalidInput:
            raise
        except BoudoirError as error:
            report_error(client, error)


async def _run(client: TelnetClient, intent: Intent) -> None:
    conn = client.conn
    if conn is None:  # commands run only once logged in
        return
    reply = await run(Context.of(client.server.world, conn), intent)
    tell_reply(client, reply)
    if isinstance(reply, SceneLeft):
        _step_out(client, reply.left.room.id)


def _alone(parse: Callable[[Line], Intent]) -> Callable[[Line], tuple[Intent]]:
    return lambda line: (parse(line),)


command("scene", usage=SCENE_USAGE, help=SCENE_HELP, topic="consent", switches=SUBCOMMANDS)(
    _handler("scene", parse_scene)
)
for _spec in SCENE_SPECS:
    command(
        _spec.name, usage=_spec.usage, help=_spec.help, aliases=_spec.aliases, topic=_spec.topic
    )(_handler(_spec.name, _alone(_spec.parse)))


# --- standing in a scene -----------------------------------------------------------------------


def _step_in(client: TelnetClient, scene_id: RoomId) -> None:
    if scene_id not in client.scene_return:
        client.scene_return[scene_id] = client.location
    client.set_location(scene_id)


def _step_out(client: TelnetClient, scene_id: RoomId) -> None:
    back = client.scene_return.pop(scene_id, None)
    if client.location == scene_id:
        client.set_location(back)


@on_event(SceneStarted, SceneEnded, MemberLeft)
def _follow_scenes(client: TelnetClient, event: Event) -> None:
    """Stand in a scene when it starts (or takes this user in), and where one stood before it
    when it ends or this character leaves it."""
    kind = type(event)
    if kind is SceneStarted:
        assert isinstance(event, SceneStarted)
        _step_in(client, event.scene.id)
    elif kind is SceneEnded:
        assert isinstance(event, SceneEnded)
        _step_out(client, event.scene.id)
    elif kind is MemberLeft:
        assert isinstance(event, MemberLeft)
        conn = client.conn
        if (
            conn is not None
            and event.character.id == conn.character.id
            and event.room.id in client.scene_return
        ):
            _step_out(client, event.room.id)
