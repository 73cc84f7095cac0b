"""Scenes on IRC: the ``SCENE``, ``SAFEWORD``, ``PAUSE`` and ``RESUME`` commands, the same
through ``/msg SceneServ <command>`` (scene events as lines: ``wire.irc.render_scenes``).

A scene is a channel ``#scene-<id>``: its members speak, PART and NAMES as in any channel.
Nobody JOINs it (the name is reserved); a member enters by accepting an invitation, and the
server sends the JOIN. The card, invitations and votes are notices from SceneServ; the end of a
scene is a notice and a PART sent for the member, with a neutral reason.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.scenes import LEFT_SCENE, BlockChoice
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.ratings import Rating
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.render import channel
from boudoir.wire.irc import Message
from boudoir.wire.irc.render_scenes import SCENESERV_MASK

HELP = """\
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
SAFEWORD_CONFIRMED: Final = "You called the safeword. Nobody was told who called it."


def _notice(client: IrcClient, text: str, *, target: str | None = None) -> None:
    """A reply from SceneServ to the running command."""
    for line in text.split("\n"):
        client.machine.send_message(
            Message("NOTICE", (target or client.nick, line or " "), source=SCENESERV_MASK)
        )


def _words(message: Message) -> list[str]:
    return [word for param in message.params for word in param.split()]


@command("SCENE")
def scene_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, _words(message), "SCENE")


@command("SAFEWORD")
def safeword_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["SAFEWORD", *_words(message)], "SAFEWORD")


@command("PAUSE")
def pause_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["PAUSE", *_words(message)], "PAUSE")


@command("RESUME")
def resume_command(client: IrcClient, message: Message) -> Work | None:
    return run(client, ["RESUME", *_words(message)], "RESUME")


@service("SceneServ")
def sceneserv(client: IrcClient, text: str) -> Work | None:
    """``/msg SceneServ <command>``: the same commands, with or without the word SCENE."""
    if client.conn is None:
        client.service("Log in first: /msg NickServ IDENTIFY <name> <password>, or HELP.")
        return None
    words = text.split()
    if words and words[0].upper() == "SCENE":
        words = words[1:]
    return run(client, words, "SCENE")


def run(client: IrcClient, words: list[str], name: str) -> Work | None:
    """Run one scene command; errors are answered here (a standard reply and a notice)."""
    try:
        return _run(client, words, name)
    except BoudoirError as error:
        # SCENE INVITE <nick>: the refusal names whom it was about, as PRIVMSG's 401 does.
        invited = len(words) > 1 and words[0].upper() == "INVITE"
        _refused(client, name, error, words[1] if invited else "")
        return None


def _refused(client: IrcClient, name: str, error: BoudoirError, target: str = "") -> None:
    client.handle_error(name, error, target)
    _notice(client, error.message)


async def _guarded(client: IrcClient, name: str, work: Work) -> None:
    try:
        await work
    except BoudoirError as error:
        _refused(client, name, error)


def _run(client: IrcClient, words: list[str], name: str) -> Work | None:
    conn = client.conn
    assert conn is not None
    scenes = client.server.world.scenes
    verb, args = (words[0].upper(), words[1:]) if words else ("HELP", [])
    if verb == "INVITE" and len(args) >= 2:
        rating = RATINGS.get(args[1].lower())
        if rating is None:
            raise InvalidInput("The rating is general, mature or adult.")
        tags = [t for t in args[2].split(",") if t] if len(args) > 2 else []
        if tags == ["-"]:
            tags = []
        invitation = scenes.invite(conn, args[0], rating, tags, " ".join(args[3:]))
        _notice(client, f"Invitation {invitation.id} sent to {invitation.invitee.name}.")
    elif verb == "ADD" and len(args) == 2:
        scenes.propose(conn, args[0], args[1])
    elif verb == "ACCEPT" and len(args) == 1:
        scenes.accept(conn, args[0])
    elif verb == "DECLINE" and args and len(args) <= 2:
        block = len(args) == 2 and args[0].upper() == "BLOCK"
        if len(args) == 2 and not block:
            raise InvalidInput("Usage: SCENE DECLINE [BLOCK] <id>")
        return _guarded(client, name, _decline(client, args[-1], block))
    elif verb == "VOTE" and len(args) == 3 and args[2].upper() in ("YES", "NO"):
        scenes.vote(conn, args[0], args[1], args[2].upper() == "YES")
    elif verb == "LEAVE" and len(args) == 1:
        scene = scenes.scene(conn, args[0])
        ended = scenes.leave(conn, args[0])
        client.emit("PART", channel(scene.name), LEFT_SCENE)
        if ended is not None:
            _notice(client, ended.reason.message)
    elif verb == "LIST" and not args:
        _list(client)
    elif verb == "SAFEWORD":
        return _guarded(client, name, _safeword(client, args))
    elif verb == "PAUSE" and len(args) <= 1:
        if not scenes.pause(conn, args[0] if args else None):
            _notice(client, "That scene is already paused.")
    elif verb == "RESUME" and len(args) <= 1:
        if not scenes.resume(conn, args[0] if args else None):
            _notice(client, "That scene is not paused.")
    else:
        if verb != "HELP":
            client.fail(name, "INVALID_PARAMS", "Unknown scene command or wrong parameters")
        _notice(client, HELP)
    return None


async def _decline(client: IrcClient, invitation: str, block: bool) -> None:
    conn = client.conn
    assert conn is not None
    await client.server.world.scenes.decline(conn, invitation, block=block)
    _notice(client, "Declined." + (" They are blocked." if block else ""))


async def _safeword(client: IrcClient, args: list[str]) -> None:
    """``SAFEWORD [#scene] [BLOCK ALL|nick,nick]``: ends the scene first, whatever follows."""
    conn = client.conn
    assert conn is not None
    scene = args[0] if args and args[0].upper() != "BLOCK" else None
    rest = args[1:] if scene else args
    block: BlockChoice = ()
    if len(rest) >= 2 and rest[0].upper() == "BLOCK":
        names = [n for word in rest[1:] for n in word.split(",") if n]
        block = "all" if [x.upper() for x in names] == ["ALL"] else names
    ended = await client.server.world.scenes.safeword(conn, scene, block)
    # The scene's own notice went to its channel, which the PART then closes (irssi drops the
    # window): confirm to the caller in a notice to their nick, which every client shows.
    rooms = ", ".join(channel(room.name) for room in ended)
    _notice(client, f"{SAFEWORD_CONFIRMED} Ended for everyone: {rooms}.")


def _list(client: IrcClient) -> None:
    conn = client.conn
    assert conn is not None
    scenes = client.server.world.scenes
    mine = scenes.scenes_of(conn)
    lines = [f"Your scenes: {', '.join(channel(s.name) for s in mine) or 'none'}"]
    for invitation in scenes.invitations(conn):
        tags = ", ".join(invitation.tags) or "no tags"
        lines.append(
            f"Invitation {invitation.id} from {invitation.by.name}: {invitation.rating.label}, "
            f"{tags}. /SCENE ACCEPT {invitation.id}"
        )
    _notice(client, "\n".join(lines))
