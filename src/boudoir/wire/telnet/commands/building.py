"""Telnet commands for building and things, the FuzzBall MUCK way: ``@dig``, ``@open``,
``@link``, ``@unlink``, ``@describe``, ``@name``, ``@lock``, ``@unlock``, ``@recycle``,
``examine``, ``@create``, ``inventory``, ``get``, ``drop`` and ``hand``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import re
from typing import Final

from boudoir.domain.intents import Intent
from boudoir.domain.intents.building import (
    AnswerHand,
    DescribeTarget,
    Dig,
    Examine,
    Hand,
    LinkExit,
    ListCarried,
    ListOffers,
    Lock,
    MakeThing,
    OpenExit,
    PickUp,
    PutDown,
    Recycle,
    Rename,
    UnlinkExit,
    Unlock,
)
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage, line_breaks

HAND_TO: Final = re.compile(r"^(?P<thing>.+?)\s+to\s+(?P<person>\S+)$", re.IGNORECASE)
"""``hand brass lamp to Bob``: the thing, then the one word of a character's name."""
TARGETS: Final = "here, me, #<room>, an exit here, or a thing you carry or see"
"""What the building commands name, for their help."""


def needs(line: Line, *, equals: bool = False, right: bool = False) -> Line:
    """``line`` when it has what the command needs (arguments; with ``equals`` a target
    before ``=``; with ``right`` a value after it); otherwise ``Usage``."""
    missing = not line.args.strip()
    if equals and (not line.has_equals or not line.left or (right and not line.right)):
        missing = True
    if missing:
        raise Usage
    return line


def _dig(line: Line) -> Intent:
    needs(line)
    name = line.left if line.has_equals else line.args.strip()
    there, _, back = line.right.partition(",")
    return Dig(name, there.strip(), back.strip())


def _open(line: Line) -> Intent:
    needs(line)
    spec = line.left if line.has_equals else line.args.strip()
    return OpenExit(spec, line.right or None)


def _hand(line: Line) -> Intent:
    if line.switch == "list":
        return ListOffers()
    if line.switch in ("accept", "decline"):
        return AnswerHand(line.args.strip() or None, accept=line.switch == "accept")
    if line.has_equals:
        person, thing = line.left, line.right
    else:
        match = HAND_TO.match(line.args.strip())
        person, thing = (match["person"], match["thing"]) if match else ("", "")
    if not person or not thing:
        raise Usage
    return Hand(thing, person)


BUILDING_SPECS = (
    Spec(
        "@dig",
        usage="@dig <room>[=<exit there>[,<exit back>]]",
        help="""Make a new public room that you own. With exits, also open the way there from \
this room and the way back: "@dig Garden=North;n,South;s" makes Garden, an exit North (typed \
"north" or "n") from here to it, and South from it back here. Names after semicolons are \
aliases. A room dug without exits is reached with "jump <room>" or "@link".""",
        parse=_dig,
        topic="building",
    ),
    Spec(
        "@open",
        usage="@open <exit>[=<room>]",
        help="""Open an exit from the room you manage to a public or unlisted room: "@open \
Door;d=Garden". Without a room the exit leads nowhere until "@link". Private rooms and scenes \
have no way in.""",
        parse=_open,
        topic="building",
    ),
    Spec(
        "@link",
        usage="@link <exit>=<room>",
        help="Point an exit here that you own at a public or unlisted room.",
        parse=lambda line: LinkExit(needs(line, equals=True, right=True).left, line.right),
        topic="building",
    ),
    Spec(
        "@unlink",
        usage="@unlink <exit>",
        help="Make an exit here that you own lead nowhere (it stays, to be linked again).",
        parse=lambda line: UnlinkExit(needs(line).args.strip()),
        topic="building",
    ),
    Spec(
        "@describe",
        usage="@desc <target>=<text>   (target: me, here, an exit or a thing)",
        help=f"""Describe yourself ("@desc me=A tall fox in a green coat.": what people see when \
they look at you and in "ws"; put your species here), the room you manage ("@desc here=..."), \
or an exit or thing you own. %r starts a new line. An empty text clears it. Targets: \
{TARGETS}. A longer description for +finger: "@set me=long:<text>".""",
        parse=lambda line: DescribeTarget(needs(line, equals=True).left, line_breaks(line.right)),
        aliases=("@desc",),
        topic="building",
    ),
    Spec(
        "@name",
        usage="@name <exit or thing>=<new name>   @name me=<your name in another case>",
        help="""Rename an exit (with its aliases: "@name door=Oak door;oak;o") or a thing you own. \
"@name me=ALICE" shows your own name in another case (as Alice), everywhere; a character's \
name itself, and a room's, stays.""",
        parse=lambda line: Rename(needs(line, equals=True, right=True).left, line.right),
        topic="building",
    ),
    Spec(
        "@lock",
        usage="@lock <exit or thing>=<lock>",
        help="""Lock an exit (who may walk it) or a thing (who may pick it up) that you own. A \
lock names characters and combines them with ! (not), & (and), | (or) and parentheses: \
"@lock north=alice|bob", "@lock door=!carol", "@lock chest=me". The words "me" (or "owner") \
and "builder" pass the owner and builders.""",
        parse=lambda line: Lock(needs(line, equals=True, right=True).left, line.right),
        topic="building",
    ),
    Spec(
        "@unlock",
        usage="@unlock <exit or thing>",
        help="Take the lock off an exit or a thing you own: anyone may pass or pick it up again.",
        parse=lambda line: Unlock(needs(line).args.strip()),
        topic="building",
    ),
    Spec(
        "@recycle",
        usage="@recycle <target>",
        help=f"""Destroy a room you own once nobody is in it (its exits go with it; exits into it \
are unlinked), or an exit or thing you own. Targets: {TARGETS}. There is no undo.""",
        parse=lambda line: Recycle(needs(line).args.strip()),
        topic="building",
    ),
    Spec(
        "examine",
        usage="examine [<target>]",
        help=f"""Show the details of a room, exit or thing you own (builders see any): owner, \
description, lock, aliases, where it leads or lies. Without a target, the room here. \
Targets: {TARGETS}.""",
        parse=lambda line: Examine(line.args.strip() or "here"),
        aliases=("ex",),
        topic="building",
    ),
    Spec(
        "@create",
        usage="@create <thing>",
        help="""Make a thing (builders): a prop for your scenes. You carry it; "drop" it, "hand" \
it to someone, "@desc" and "@lock" it.""",
        parse=lambda line: MakeThing(needs(line).args.strip()),
        topic="world",
    ),
    Spec(
        "inventory",
        usage="inventory",
        help="List what you are carrying.",
        parse=lambda line: ListCarried(),
        aliases=("i", "inv"),
        topic="world",
    ),
    Spec(
        "get",
        usage="get <thing>",
        help="Pick up a thing lying here (unless its lock keeps you from it).",
        parse=lambda line: PickUp(needs(line).args.strip()),
        aliases=("take",),
        topic="world",
    ),
    Spec(
        "drop",
        usage="drop <thing>",
        help="Put down something you carry, in the room here.",
        parse=lambda line: PutDown(needs(line).args.strip()),
        topic="world",
    ),
    Spec(
        "hand",
        usage="hand <thing> to <person>   hand/accept <person>   hand/decline <person>   hand/list",
        help="""Offer something you carry to someone here ("hand lamp to Bob", or "hand \
Bob=lamp"). Nothing changes hands until they say yes: they type "hand/accept <your name>" or \
"hand/decline <your name>". "hand/list" shows what others are handing you.""",
        parse=_hand,
        switches=("accept", "decline", "list"),
        topic="world",
    ),
)
