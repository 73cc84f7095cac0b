"""Scenes on telnet: ``scene`` (invite, accept, decline, add, vote, leave, list),
``safeword``, ``pause`` and ``resume`` (``wire.telnet.commands.scenes``), run through the core.

A started scene is a private room: the telnet user stands in it (their location becomes the
scene, and the room they stood in is heard as a channel meanwhile), and stands again where
they were when it ends or they leave it. A scene command that names no scene is about the one
the user stands in.
"""

from __future__ import annotations

from dataclasses import replace

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
from boudoir.domain.replies import Reply, SceneLeft
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import by_line, documented, intents, on_reply
from boudoir.wire.telnet.commands.scenes import SCENE, SCENE_SPECS, parse_scene


def scene_here(client: TelnetClient) -> str | None:
    """The name of the scene the user stands in, if any (None: the core picks their only
    scene, or asks them to name it)."""
    conn = client.conn
    if conn is None or client.location is None:
        return None
    scenes = client.server.world.scenes.scenes_of(conn)
    return next((s.name for s in scenes if s.live.room.id == client.location), None)


def _here(client: TelnetClient, intent: Intent) -> Intent:
    match intent:
        case ProposeForScene(scene=None) | VoteOnAddition(scene=None) | LeaveScene(None):
            return replace(intent, scene=scene_here(client))
        case PauseScene(None) | ResumeScene(None):
            return replace(intent, scene=scene_here(client))
    return intent


documented(SCENE)(intents("scene", by_line(parse_scene), _here))
for _spec in SCENE_SPECS:
    documented(_spec)(intents(_spec.name, by_line(_spec.parse), _here))


@on_reply(SceneLeft)
def _left(client: TelnetClient, reply: Reply) -> None:
    assert isinstance(reply, SceneLeft)
    _step_out(client, reply.left.room.id)


def _step_out(client: TelnetClient, scene_id: RoomId) -> None:
    back = client.scene_return.pop(scene_id, None)
    if client.location == scene_id:
        client.set_location(back)


@on_event(SceneStarted, SceneEnded, MemberLeft)
def _follow_scenes(client: TelnetClient, event: Event) -> None:
    """Stand in a scene when it starts (or takes this user in), and where one stood before it
    when it ends or this character leaves it."""
    conn = client.conn
    if type(event) is SceneStarted:
        if event.scene.id not in client.scene_return:
            client.scene_return[event.scene.id] = client.location
        client.set_location(event.scene.id)
    elif type(event) is SceneEnded:
        _step_out(client, event.scene.id)
    elif (
        type(event) is MemberLeft
        and conn is not None
        and event.character.id == conn.character.id
        and event.room.id in client.scene_return
    ):
        _step_out(client, event.room.id)
