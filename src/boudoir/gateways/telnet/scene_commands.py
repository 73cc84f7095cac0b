"""Scenes on telnet: ``scene`` (invite, accept, decline, add, vote, leave, list),
``safeword``, ``pause`` and ``resume``, all through the core's ``SceneService``.

A started scene is a private room: the telnet user stands in it (their location becomes the
scene, and the room they stood in is heard as a channel meanwhile), and stands again where
they were when it ends or they leave it. The cards and notices are ``render_scenes``'s.

Imports ``core``, ``domain``, ``wire`` and the gateway's own modules.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.registry import Connection
from boudoir.core.scenes import BlockChoice, Scene
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import Event, MemberLeft, SceneEnded, SceneStarted
from boudoir.domain.ids import RoomId
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import NotInScene
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import Work, command, report_error, usage
from boudoir.gateways.telnet.render import columns
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.text import Style, clean

RATINGS: Final = {rating.label: rating for rating in Rating}
NOTE_SEPARATOR: Final = "/"
"""Between a scene invitation's tags and its note: ``scene invite Bob=mature tag tag / note``."""
MAX_INVITEES: Final = 10
"""Names one ``scene invite`` may go to, as a page's targets are bounded."""
SUBCOMMANDS: Final = (
    "invite",
    "invitations",
    "accept",
    "decline",
    "decline/block",
    "add",
    "vote",
    "leave",
    "list",
)


def _conn(client: TelnetClient) -> Connection:
    conn = client.conn
    assert conn is not None
    return conn


def scene_here(client: TelnetClient) -> str | None:
    """The name of the scene the user stands in, if any (None: the core picks their only
    scene, or asks them to name it)."""
    scenes = client.server.world.scenes
    if client.location is None or not scenes.is_scene(client.location):
        return None
    live = client.server.world.registry.rooms.get(client.location)
    return None if live is None else live.room.name


def _split(line: Line) -> tuple[str, str]:
    """``scene/accept 1a2b`` and ``scene accept 1a2b`` alike: (subcommand, the rest)."""
    if line.switch:
        return line.switch, line.args.strip()
    word, _, rest = line.args.strip().partition(" ")
    word = word.lower()
    rest = rest.strip()
    if word == "decline" and rest.lower().startswith("block "):
        return "decline/block", rest[6:].strip()
    return word, rest


@command(
    "scene",
    usage="""scene invite <name>[,<name>]=<general|mature|adult> [tags...] [/ note]   \
scene accept|decline|decline/block <id>   scene add <name>   scene vote <name>=yes|no   \
scene leave   scene list""",
    help="""Scenes are private rooms everyone in them agreed to. "scene invite Bob=mature \
slow-burn / a rainy night" invites Bob; they see the rating, tags, note and your hard limits, \
and "scene accept <id>" starts it (you both stand in it). "scene add Carol" proposes someone: \
every member must say "scene vote Carol=yes" (one no ends it, and nobody is told whose). \
"scene leave" leaves; "scene invitations" and "scene list" show what is open. See also \
safeword, pause and resume.""",
    topic="consent",
    switches=SUBCOMMANDS,
)
def scene(client: TelnetClient, line: Line) -> Work | None:
    sub, rest = _split(line)
    if sub == "invite":
        _invite(client, rest)
    elif sub in ("invitations", "list"):
        _list(client, invitations_only=sub == "invitations")
    elif sub == "accept" and rest:
        _accept(client, rest)
    elif sub in ("decline", "decline/block") and rest:
        return _decline(client, rest, block=sub == "decline/block")
    elif sub == "add" and rest:
        client.server.world.scenes.propose(_conn(client), _scene_name(client), rest)
    elif sub == "vote" and "=" in rest:
        _vote(client, rest)
    elif sub == "leave":
        _leave(client, rest or None)
    else:
        usage(client, "scene")
    return None


def _scene_name(client: TelnetClient, named: str | None = None) -> str:
    """The scene a command is about: the one named, the one here, or the user's only one."""
    if named:
        return named
    found = scene_here(client)
    if found is not None:
        return found
    scenes = client.server.world.scenes.scenes_of(_conn(client))
    if len(scenes) == 1:
        return scenes[0].name
    raise NotInScene("Name the scene." if scenes else "You are not in a scene.")


def _invite(client: TelnetClient, rest: str) -> None:
    names_text, equals, details = rest.partition("=")
    names = [n for n in names_text.replace(",", " ").split() if n]
    if not equals or not names:
        usage(client, "scene")
        return
    if len(names) > MAX_INVITEES:
        client.tell(f"A scene invitation goes to at most {MAX_INVITEES} people.", Style.ERROR)
        return
    before, _, note = details.partition(NOTE_SEPARATOR)
    words = before.replace(",", " ").split()
    rating = RATINGS.get(words[0].lower()) if words else None
    if rating is None:
        raise InvalidInput("Give the scene's rating: general, mature or adult.")
    conn = _conn(client)
    for name in names:
        try:
            client.server.world.scenes.invite(conn, name, rating, words[1:], note.strip())
        except InvalidInput:
            raise  # a bad tag or note is the same for everyone: said once
        except BoudoirError as error:
            report_error(client, error)  # each name gets its own answer
            continue
        client.tell(f"You invited {clean(name)} to a {rating.label} scene.")


def _list(client: TelnetClient, *, invitations_only: bool) -> None:
    conn = _conn(client)
    scenes = client.server.world.scenes
    lines: list[str] = []
    if not invitations_only:
        mine = scenes.scenes_of(conn)
        if mine:
            lines.append("Your scenes:")
            rows = [[s.name, _members(client, s)] for s in mine]
            lines.append(columns(rows, client.width, client.screen_reader))
        else:
            lines.append("You are in no scene.")
    invitations = scenes.invitations(conn)
    if invitations:
        lines.append("Open invitations:")
        rows = [
            [i.id, f"from {i.by.name}", i.rating.label, ", ".join(i.tags) or "no tags"]
            for i in invitations
        ]
        lines.append(columns(rows, client.width, client.screen_reader))
        lines.append('Type "scene accept <id>" or "scene decline <id>".')
    else:
        lines.append("No open scene invitations.")
    client.tell("\n".join(lines))


def _members(client: TelnetClient, scene: Scene) -> str:
    return ", ".join(
        entry.character.name for entry in client.server.world.scenes.card(_conn(client), scene)
    )


def _accept(client: TelnetClient, invitation: str) -> None:
    # The card (SceneStarted) reaches every member, this user too; its hook moves them in.
    client.server.world.scenes.accept(_conn(client), invitation)


async def _decline(client: TelnetClient, invitation: str, *, block: bool) -> None:
    await client.server.world.scenes.decline(_conn(client), invitation, block=block)
    also = " and blocked who sent it" if block else ""
    client.tell(f"You declined the invitation{also}.")


def _vote(client: TelnetClient, rest: str) -> None:
    left, _, answer = rest.partition("=")
    words = left.split()
    answer = answer.strip().lower()
    if answer not in ("yes", "no") or not 1 <= len(words) <= 2:
        usage(client, "scene")
        return
    named, name = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    scenes = client.server.world.scenes
    scenes.vote(_conn(client), _scene_name(client, named), name, answer == "yes")
    client.tell(f"You said {answer} to adding {clean(name)}.")


def _leave(client: TelnetClient, named: str | None) -> None:
    conn = _conn(client)
    name = _scene_name(client, named)
    live = client.server.world.scenes.scene(conn, name).live
    client.server.world.scenes.leave(conn, name)
    client.tell("You left the scene.")
    _step_out(client, live.room.id)


@command(
    "safeword",
    usage="safeword   safeword block all   safeword block <name>[,<name>]",
    help="""End your scene now, for everyone at once. Nobody is told who called it, and \
nobody is to blame. "safeword block all" also blocks everyone else in it; "safeword block \
Bob" blocks Bob. The others cannot invite you to a scene for a while.""",
    aliases=("@safeword", "red"),
    topic="consent",
)
def safeword(client: TelnetClient, line: Line) -> Work:
    words = line.args.replace(",", " ").split()
    chosen: BlockChoice = ()
    if words and words[0].lower() == "block":
        rest = words[1:]
        chosen = "all" if [w.lower() for w in rest] == ["all"] else rest
    elif words:
        chosen = words
    return _safeword(client, chosen)


async def _safeword(client: TelnetClient, chosen: BlockChoice) -> None:
    # Every scene this connection is in ends at once (the core's default): a safeword never
    # asks which one.
    await client.server.world.scenes.safeword(_conn(client), None, chosen)


@command(
    "pause",
    usage="pause",
    help="""Yellow: pause the scene for a check-in. Until someone resumes it, only OOC goes \
through. Nobody is told who paused.""",
    aliases=("yellow",),
    topic="consent",
)
def pause(client: TelnetClient, line: Line) -> None:
    name = _scene_name(client, line.args.strip() or None)
    if not client.server.world.scenes.pause(_conn(client), name):
        client.tell("The scene is already paused.")


@command(
    "resume",
    usage="resume",
    help="Resume a paused scene (whoever paused it decides, or anyone once they have left).",
    topic="consent",
)
def resume(client: TelnetClient, line: Line) -> None:
    name = _scene_name(client, line.args.strip() or None)
    if not client.server.world.scenes.resume(_conn(client), name):
        client.tell("The scene is not paused.")


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
