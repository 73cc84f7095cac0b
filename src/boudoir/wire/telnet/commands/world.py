"""Telnet commands for moving in the world: ``look``, ``reveal``, ``go``, ``home``, ``@home``,
``jump``, ``exits``, ``people`` (a line that names no command is tried as an exit by the gateway).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.intents import Intent
from boudoir.domain.intents.world import (
    Go,
    GoHome,
    Jump,
    ListExits,
    Look,
    RevealTopic,
    SetHome,
)
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Doc, Spec, Usage


def _reveal(line: Line) -> Intent:
    words = line.args.split(None, 1)
    if words and words[0].lower() == "topic":
        return RevealTopic(words[1].strip() if len(words) > 1 else None)
    return Look(line.args.strip() or None, reveal=True)


def _go(line: Line) -> Intent:
    if not line.args.strip():
        raise Usage
    return Go(line.args.strip())


def _jump(line: Line) -> Intent:
    name = line.args.strip().removeprefix("#")
    if not name:
        raise Usage
    return Jump(name)


WORLD_SPECS = (
    Spec(
        "look",
        usage="look [<person> | <exit> | <thing>]   look/reveal [<exit> | <thing>]",
        help="""Look at the room you are in, or at someone or something here. What someone you \
block wrote is shown as hidden by your block; look/reveal reads it (see "reveal").""",
        parse=lambda line: Look(line.args.strip() or None, reveal=line.switch == "reveal"),
        aliases=("l",),
        topic="world",
        switches=("reveal",),
    ),
    Spec(
        "reveal",
        usage="reveal [topic [<room>] | <exit> | <thing>]",
        help="""Read what someone you block wrote here, which look shows as hidden by your block: \
"reveal" shows the room with its description, topic and things; "reveal topic" the topic of \
this room (or of a channel: "reveal topic <room>"); "reveal <exit>" or "reveal <thing>" its \
description. The same as "look/reveal".""",
        parse=_reveal,
        topic="world",
    ),
    Spec(
        "go",
        usage="go <exit>   or just <exit>",
        help='Walk through an exit of this room: "go north", or simply "north" or "n".',
        parse=_go,
        aliases=("goto", "move"),
        topic="world",
    ),
    Spec(
        "home",
        usage="home",
        help="Go to your home room (set it with @home), or to the server's default room.",
        parse=lambda line: GoHome(),
        topic="world",
    ),
    Spec(
        "@home",
        usage="@home [<room>]",
        help="Make this room (or the named public room, or one you own) your home.",
        parse=lambda line: SetHome(line.args.strip() or None),
        aliases=("@sethome",),
        topic="world",
    ),
    Spec(
        "jump",
        usage="jump <room>",
        help="""Go straight to a public room, such as the rooms browser and IRC users make (they \
have no exits), or to a private room you were invited to (once per invitation) or manage. \
Scenes are never reachable this way.""",
        parse=_jump,
        aliases=("@tel", "+jump"),
        topic="world",
    ),
    Spec(
        "exits",
        usage="exits",
        help="List this room's exits and where they lead.",
        parse=lambda line: ListExits(),
        topic="world",
    ),
)

PEOPLE: Final = Doc(
    "people",
    "people",
    """Everyone in the room you stand in that you may see, in name order (a crowded room's \
look names only some). People who block you, or whom you block, are not listed, either way.""",
    aliases=("+people", "lwho"),
    topic="world",
)
"""Run by the gateway, which knows the room the user stands in (``gateways.telnet.world``)."""
