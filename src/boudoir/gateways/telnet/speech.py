"""Speech: say, pose, semipose, OOC, page, whisper and think, the MUCK way.

Each command becomes a speech intent carried out by the core's ``run_now`` as the line
arrives (a first page to a stranger waits for the store in the client's worker), which
decides who hears what; this module only parses the MUCK syntax and echoes to the speaker,
since the core does not send a speaker their own line.
"""

from __future__ import annotations

from collections.abc import Awaitable

from boudoir.core.commands import Context, run, run_now
from boudoir.domain.errors import BoudoirError, NotInRoom
from boudoir.domain.events import DirectMessageSent, Event, MessageKind, RoomMessageSent
from boudoir.domain.intents import Direct, Say, Whisper
from boudoir.domain.replies import Said, Sent, Whispered
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import Work, command, report_error, usage
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.render import render as render_event
from boudoir.wire.telnet.text import Style, clean

MAX_PAGE_TARGETS = 10
"""Names one page may go to (``page a b c=hi``), as IRC's TARGMAX for PRIVMSG bounds it."""


def here(client: TelnetClient) -> str:
    """The name of the room the character stands in; ``NotInRoom`` when nowhere."""
    conn = client.conn
    assert conn is not None
    live = client.server.world.registry.rooms.get(client.location) if client.location else None
    if live is None or live.room.id not in conn.rooms:
        raise NotInRoom('You are not in a room. Type "home" or "jump <room>".')
    return live.room.name


def echo(client: TelnetClient, event: RoomMessageSent | DirectMessageSent) -> None:
    text = render_event(event, client.view)
    if text is not None:
        client.tell(text)


def acknowledge(client: TelnetClient, event: RoomMessageSent) -> Work | None:
    """Show the speaker their own line: at once, or in a logged room once it is stored."""
    written = client.server.world.logs.written(event)
    if written is None:
        echo(client, event)
        return None
    return _echo_when(client, event, written)


async def _echo_when(
    client: TelnetClient, event: RoomMessageSent, written: Awaitable[None]
) -> None:
    await written
    echo(client, event)


def context(client: TelnetClient) -> Context:
    """The client's character acting in the world (dispatch runs commands once logged in)."""
    conn = client.conn
    assert conn is not None
    return Context.of(client.server.world, conn)


def say_now(client: TelnetClient, room: str, kind: MessageKind, text: str) -> RoomMessageSent:
    """Say ``text`` in ``room``: the room hears it at once; the event, for the echo."""
    said = run_now(context(client), Say(room, text, kind))
    assert isinstance(said, Said)
    return said.event


def speak(client: TelnetClient, room: str, kind: MessageKind, text: str) -> Work | None:
    return acknowledge(client, say_now(client, room, kind, text))


@command(
    "say",
    usage='say <message>   or   "<message>',
    help="Say something aloud to everyone in the room with you.",
    topic="speech",
)
def say(client: TelnetClient, line: Line) -> Work | None:
    if not line.args.strip():
        usage(client, "say")
        return None
    return speak(client, here(client), MessageKind.SAY, line.args)


@command(
    "pose",
    usage="pose <action>   or   :<action>",
    help='Act: ":waves." shows "Alice waves." to the room.',
    aliases=("emote", "me"),
    topic="speech",
)
def pose(client: TelnetClient, line: Line) -> Work | None:
    if not line.args.strip():
        usage(client, "pose")
        return None
    return speak(client, here(client), MessageKind.POSE, line.args.lstrip())


@command(
    "semipose",
    usage=";<action>",
    help="""A pose joined to your name with no space: ";'s eyes glint." shows "Alice's eyes \
glint." to the room.""",
    topic="speech",
)
def semipose(client: TelnetClient, line: Line) -> Work | None:
    if not line.args.strip():
        usage(client, "semipose")
        return None
    # The text keeps its first character against the name ("'s", ","): the renderers join a
    # pose that starts so without a space, on every gateway.
    return speak(client, here(client), MessageKind.POSE, line.args.lstrip())


@command(
    "ooc",
    usage="ooc <message>   ooc :<action>   or   ((<message>))",
    help="Speak out of character (and act, with a leading colon). Allowed during a pause.",
    topic="speech",
)
def ooc(client: TelnetClient, line: Line) -> Work | None:
    text = line.args.strip()
    if not text:
        usage(client, "ooc")
        return None
    return speak(client, here(client), MessageKind.OOC, text)


@command(
    "think",
    usage="think <text>",
    help="Show text to yourself only (a note, or to test how something looks).",
    topic="speech",
)
def think(client: TelnetClient, line: Line) -> None:
    client.tell(clean(line.args))


@command(
    "whisper",
    usage="whisper <name>=<message>",
    help="Whisper to one person in the room with you; nobody else hears it.",
    aliases=("wh", "w"),
    topic="speech",
)
def whisper(client: TelnetClient, line: Line) -> None:
    if not line.has_equals or not line.left or not line.right:
        usage(client, "whisper")
        return
    whispered = run_now(context(client), Whisper(here(client), line.left, line.right))
    assert isinstance(whispered, Whispered)
    echo(client, whispered.event)


@command(
    "page",
    usage="page <name> [<name>...]=<message>   page =<message>   page #r=<message>",
    help="""Send a private message to people anywhere. "page Bob=hi" pages Bob; "page \
Bob=:waves" pages a pose; "page =more" pages your last recipients again; "page #r=thanks" \
answers whoever paged you last. A stranger's first page waits as a request until they accept \
it; someone not accepting pages from you is refused, and you are not told why.""",
    aliases=("p",),
    topic="speech",
)
def page(client: TelnetClient, line: Line) -> Work | None:
    if not line.has_equals:
        usage(client, "page")
        return None
    names_text, text = line.left, line.right
    if names_text.lower() == "#r":
        names = [client.last_pager] if client.last_pager else []
        if not names:
            client.tell("Nobody has paged you yet.", Style.ERROR)
            return None
    elif not names_text:
        names = list(client.last_paged)
        if not names:
            client.tell("You have not paged anyone yet.", Style.ERROR)
            return None
    else:
        names = [n for n in names_text.replace(",", " ").split() if n]
    if not text:
        usage(client, "page")
        return None
    if len(names) > MAX_PAGE_TARGETS:
        client.tell(f"A page goes to at most {MAX_PAGE_TARGETS} people.", Style.ERROR)
        return None
    kind = MessageKind.SAY
    if text.startswith((":", ";")):
        kind = MessageKind.POSE
        text = text[1:].lstrip() if text[0] == ":" else text[1:]
    client.last_paged = names
    acting = context(client)
    waiting = []
    for name in names:
        intent = Direct(name, text, kind)
        try:
            sent = run_now(acting, intent)
        except BoudoirError as error:
            report_error(client, error)
            continue
        if isinstance(sent, Sent):
            echo(client, sent.event)
        else:
            waiting.append(intent)
    if not waiting:
        return None
    return _page_later(client, waiting)


async def _page_later(client: TelnetClient, intents: list[Direct]) -> None:
    """The pages that write to the store first (to a stranger, or answering one)."""
    if client.conn is None:
        return
    acting = context(client)
    for intent in intents:
        try:
            sent = await run(acting, intent)
        except BoudoirError as error:
            report_error(client, error)
            continue
        assert isinstance(sent, Sent)
        echo(client, sent.event)


@on_event(DirectMessageSent)
def _remember_pager(client: TelnetClient, event: Event) -> None:
    conn = client.conn
    if (
        type(event) is DirectMessageSent
        and conn is not None
        and event.sender.id != conn.character.id
    ):
        client.last_pager = event.sender.name
