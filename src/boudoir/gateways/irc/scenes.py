"""Scenes on IRC: the ``SCENE``, ``SAFEWORD``, ``PAUSE`` and ``RESUME`` commands, the same
through ``/msg SceneServ <command>`` (scene events as lines: ``wire.irc.render_scenes``).

A scene is a channel ``#scene-<id>``: its members speak, PART and NAMES as in any channel.
Nobody JOINs it (the name is reserved); a member enters by accepting an invitation, and the
server sends the JOIN. The card, invitations and votes are notices from SceneServ; the end of a
scene is a notice and a PART sent for the member, with a neutral reason.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import Intent
from boudoir.domain.replies import SceneLeft
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.services import run_intent, say_reply, tell, teller
from boudoir.wire.irc import Message
from boudoir.wire.irc.event_lines import channel
from boudoir.wire.irc.render_scenes import SCENESERV_MASK
from boudoir.wire.irc.services import SCENESERV, Usage
from boudoir.wire.irc.services.sceneserv import HELP


def _scene_command(verb: str | None) -> None:
    """``SCENE <verb> ...``, or the scene verb ``verb`` as a command of its own."""

    def handler(client: IrcClient, message: Message) -> Work | None:
        words = [word for param in message.params for word in param.split()]
        return run(client, words if verb is None else [verb, *words], verb or "SCENE")

    command(verb or "SCENE")(handler)


for _verb in (None, "SAFEWORD", "PAUSE", "RESUME"):
    _scene_command(_verb)


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
    """Run one scene command from SceneServ's table; errors are answered here (a standard
    reply and a notice), words that fit no command with the help."""
    verb, args = (words[0].upper(), words[1:]) if words else ("HELP", [])
    # SCENE INVITE <nick>: the refusal names whom it was about, as PRIVMSG's 401 does.
    target = words[1] if len(words) > 1 and verb == "INVITE" else ""
    entry = SCENESERV.get(verb)
    try:
        intent = None if entry is None else entry.parse(args)
    except Usage:
        intent = None
    except BoudoirError as error:
        _refused(client, name, error, target)
        return None
    if intent is None:
        if verb != "HELP":
            client.fail(name, "INVALID_PARAMS", "Unknown scene command or wrong parameters")
        tell(client, SCENESERV_MASK, HELP)
        return None
    return _run(client, name, intent, target)


def _refused(client: IrcClient, name: str, error: BoudoirError, target: str = "") -> None:
    client.handle_error(name, error, target)
    tell(client, SCENESERV_MASK, error.message)


async def _run(client: IrcClient, name: str, intent: Intent, target: str) -> None:
    try:
        reply = await run_intent(client, intent)
    except BoudoirError as error:
        _refused(client, name, error, target)
        return
    if isinstance(reply, SceneLeft):
        client.emit("PART", channel(reply.left.room.name), reply.left.reason)
    say_reply(teller(client, SCENESERV_MASK), reply)
