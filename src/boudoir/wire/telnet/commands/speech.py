"""Telnet speech: say, pose, semipose, OOC, ``@emit``, whisper and roll (``SPEAKING_SPECS``: the
room is left empty, for the gateway to fill with where the character stands), page (whom it
paged last, and who paged it last, are the connection's), and message requests, the pages of
strangers waiting for a yes (``REQUEST_SPECS``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from boudoir.domain.dice import MAX_DICE, MAX_MODIFIER, MAX_SIDES
from boudoir.domain.events import MessageKind
from boudoir.domain.intents.speech import (
    AcceptRequest,
    DeclineRequest,
    Direct,
    ListRequests,
    Recall,
    RollDice,
    Say,
    Whisper,
)
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Doc, Invalid, Spec, Usage

MAX_PAGE_TARGETS: Final = 10
"""Names one page may go to (``page a b c=hi``), as IRC's TARGMAX for PRIVMSG bounds it."""


def _named(line: Line) -> str:
    """The name after the command, spaces and all; ``Usage`` when there is none."""
    name = line.args.strip()
    if not name:
        raise Usage
    return name


REQUEST_SPECS = (
    Spec(
        "requests",
        usage="requests",
        help="""Pages and letters from people you have not accepted yet, waiting for your yes: \
"accept <name>" delivers them (letters to your mailbox) and lets that person page you; \
"decline <name>" drops them unseen by the sender; "decline/block <name>" also blocks them.""",
        parse=lambda line: ListRequests(),
        aliases=("+requests",),
        topic="consent",
    ),
    Spec(
        "accept",
        usage="accept <name>",
        help="Accept someone's waiting page: you read what they sent, and they may page you.",
        parse=lambda line: AcceptRequest(_named(line)),
        topic="consent",
    ),
    Spec(
        "decline",
        usage="decline <name>   decline/block <name>",
        help="""Decline someone's waiting page: it is dropped and they are not told. With /block, \
you also block them (by account, on every gateway).""",
        parse=lambda line: DeclineRequest(_named(line), block=line.switch == "block"),
        topic="consent",
        switches=("block",),
    ),
)


def _said(kind: MessageKind, text: Callable[[str], str]) -> Callable[[Line], Say]:
    """A line said in the room as ``kind``: its text as ``text`` makes it; ``Usage`` when it
    has none."""

    def parse(line: Line) -> Say:
        if not line.args.strip():
            raise Usage
        return Say("", text(line.args), kind)

    return parse


def _roll(line: Line) -> RollDice:
    if not line.args.strip():
        raise Usage
    return RollDice("", line.args.strip())


def _whisper(line: Line) -> Whisper:
    if not line.has_equals or not line.left or not line.right:
        raise Usage
    return Whisper("", line.left, line.right)


SPEAKING_SPECS: Final = (
    Spec(
        "say",
        usage='say <message>   or   "<message>',
        help="Say something aloud to everyone in the room with you.",
        parse=_said(MessageKind.SAY, lambda text: text),
        topic="speech",
    ),
    Spec(
        "pose",
        usage="pose <action>   or   :<action>",
        help='Act: ":waves." shows "Alice waves." to the room.',
        parse=_said(MessageKind.POSE, str.lstrip),
        aliases=("emote", "me"),
        topic="speech",
    ),
    Spec(
        "semipose",
        usage=";<action>",
        help="""A pose joined to your name with no space: ";'s eyes glint." shows "Alice's eyes \
glint." to the room.""",
        # The text keeps its first character against the name ("'s", ","): the renderers join
        # a pose that starts so without a space, on every gateway.
        parse=_said(MessageKind.POSE, str.lstrip),
        topic="speech",
    ),
    Spec(
        "ooc",
        usage="ooc <message>   ooc :<action>   or   ((<message>))",
        help="Speak out of character (and act, with a leading colon). Allowed during a pause.",
        parse=_said(MessageKind.OOC, str.strip),
        topic="speech",
    ),
    Spec(
        "@emit",
        usage="@emit <text>",
        help="""Show text to the room without your name in front ("@emit The wind howls."). It \
stays attributable: anyone may ask "emitters", spoofcheck shows the author after each emit, \
and browser and IRC users see who wrote it.""",
        parse=_said(MessageKind.EMIT, str.strip),
        aliases=("spoof", "emit", "@spoof"),
        topic="speech",
    ),
    Spec(
        "roll",
        usage="roll <dice>   for example: roll 2d6+1",
        help=f"""Roll dice for the room: the server rolls and everyone here sees "[dice] Alice \
rolls 2d6+1: 3 + 5 + 1 = 9", a line nobody can type. At most {MAX_DICE} dice of at most \
{MAX_SIDES} sides, plus or minus at most {MAX_MODIFIER}.""",
        parse=_roll,
        aliases=("+roll", "dice"),
        topic="speech",
    ),
    Spec(
        "whisper",
        usage="whisper <name>=<message>",
        help="Whisper to one person in the room with you; nobody else hears it.",
        parse=_whisper,
        aliases=("wh", "w"),
        topic="speech",
    ),
)

PAGE_USAGE: Final = "page <name> [<name>...]=<message>   page =<message>   page #r=<message>"
PAGE_HELP: Final = """Send a private message to people anywhere. "page Bob=hi" pages Bob; "page \
Bob=:waves" pages a pose; "page =more" pages your last recipients again; "page #r=thanks" \
answers whoever paged you last. A stranger's first page waits as a request until they accept \
it; someone not accepting pages from you is refused, and you are not told why."""


def parse_page(
    line: Line, last_pager: str | None, last_paged: Sequence[str]
) -> tuple[list[str], tuple[Direct, ...]]:
    """``page`` to the names given, to ``last_paged`` (``page =``) or ``last_pager``
    (``page #r=``): the names, and one intent each. ``Usage`` or ``Invalid`` otherwise."""
    if not line.has_equals:
        raise Usage
    names_text, text = line.left, line.right
    if names_text.lower() == "#r":
        names = [last_pager] if last_pager else []
        if not names:
            raise Invalid("Nobody has paged you yet.")
    elif not names_text:
        names = list(last_paged)
        if not names:
            raise Invalid("You have not paged anyone yet.")
    else:
        names = [n for n in names_text.replace(",", " ").split() if n]
    if not text:
        raise Usage
    if len(names) > MAX_PAGE_TARGETS:
        raise Invalid(f"A page goes to at most {MAX_PAGE_TARGETS} people.")
    kind = MessageKind.SAY
    if text.startswith((":", ";")):
        kind = MessageKind.POSE
        text = text[1:].lstrip() if text[0] == ":" else text[1:]
    return names, tuple(Direct(name, text, kind) for name in names)


EMITTERS_SHOWN: Final = 5
"""Emits ``emitters`` accounts for: enough to trace a scene's last few lines of narration."""
THINK: Final = Doc(
    "think",
    "think <text>",
    "Show text to yourself only (a note, or to test how something looks).",
    topic="speech",
)
EMITTERS: Final = Doc(
    "emitters",
    "emitters",
    f"""Who wrote the last {EMITTERS_SHOWN} emits you saw in this room, newest last.""",
    aliases=("spoof?", "@emitters"),
    topic="speech",
)
SPOOFCHECK: Final = Doc(
    "spoofcheck",
    "spoofcheck on|off",
    """Show who emitted each emit after its text ("[emit by Alice]"); the same as \
"@set me=spoofcheck:yes".""",
    topic="speech",
)
PAGE: Final = Doc("page", PAGE_USAGE, PAGE_HELP, aliases=("p",), topic="speech")

RECALLED: Final = 20
"""Lines ``recall`` shows unless told: a screenful."""


def parse_recall(line: Line) -> Recall:
    """``recall [<room>] [<count>]`` (the room: where one stands, left empty for the gateway to
    fill), or ``recall/pages [<count>]``; ``Usage`` otherwise."""
    words = line.args.split()
    limit = RECALLED
    if words and words[-1].isdigit():
        limit = int(words.pop())
    if len(words) > 1 or (words and line.switch == "pages") or limit < 1:
        raise Usage
    room = None if line.switch == "pages" else (words[0] if words else "")
    return Recall(room, limit)


RECALL: Final = Spec(
    "recall",
    usage="recall [<room>] [<count>]   recall/pages [<count>]",
    help=f"""What was said lately that reached you, with the time of each line (UTC): in the \
room where you stand, or the room named (one you were in), or with /pages your pages. The \
last {RECALLED} lines unless you give a count. Kept in the server's memory only, for a day at \
most: what was said while you were away from a room, or by people you block, is not there.""",
    parse=parse_recall,
    topic="speech",
    switches=("pages",),
)
