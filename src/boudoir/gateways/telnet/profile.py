"""Your own character and account: ``@set me=<field>:<value>``, ``@password`` and ``@char``
(switch character). The MUCK syntax is ``wire.telnet.commands.profile``; fields, the password
and the characters are intents run through the core (``core.commands.account``). Display
settings (screen reader, colour, spoofcheck) are the connection's own, and switching character
leaves the telnet channels behind.
"""

from __future__ import annotations

from dataclasses import replace

from boudoir.core.commands import run
from boudoir.domain.errors import AuthenticationFailed
from boudoir.domain.intents import ChangePassword
from boudoir.domain.names import name_key
from boudoir.domain.replies import CharacterSwitched, Reply
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import (
    Work,
    answer,
    documented,
    on_reply,
    run_intent,
    telnet_context,
    usage,
)
from boudoir.wire.telnet.commands import Line, Usage
from boudoir.wire.telnet.commands.profile import (
    DISPLAY_WORDS,
    FIELD_NAMES,
    PASSWORD_SPEC,
    SET,
    Display,
    Notice,
    field_list,
    parse_password,
    split_field,
)
from boudoir.wire.telnet.commands.spec import Invalid
from boudoir.wire.telnet.gmcp_events import char_name
from boudoir.wire.telnet.text import Style, clean


@documented(SET)
def set_command(client: TelnetClient, line: Line) -> Work | None:
    conn = client.conn
    assert conn is not None
    target = line.left if line.has_equals else line.args.strip()
    if name_key(target) not in ("me", name_key(conn.character.name)):
        client.tell(
            'Here you can only set fields on yourself: "@set me=<field>:<value>".', Style.ERROR
        )
        return None
    if not line.has_equals or not line.right:
        client.tell(field_list())
        return None
    name, value = split_field(line.right)
    field = FIELD_NAMES.get(name)
    if field is None:
        client.tell(f'There is no field "{clean(name)}". Type "@set me" for the list.', Style.ERROR)
        return None
    try:
        wanted = field.parse(value)
    except Invalid as invalid:
        client.tell(str(invalid), Style.ERROR)
        return None
    match wanted:
        case Notice(text):
            client.tell(text, Style.NOTICE)
        case Display(name, on):
            set_display(client, name, on)
        case _:
            return run_intent(client, wanted)
    return None


def set_display(client: TelnetClient, name: str, on: bool | None) -> None:
    """Turn a display setting of this connection on, off or to what the client says."""
    if name == "spoofcheck":
        client.spoofcheck = bool(on)
    elif name == "highlight":
        client.highlight = bool(on)
    elif name == "colour":
        client.colour_setting = on
    else:
        client.screen_reader_setting = on
    client.refresh_view()
    now = {
        "spoofcheck": client.spoofcheck,
        "colour": client.colours,
        "highlight": client.highlight,
    }.get(name, client.screen_reader)
    client.tell(f"{DISPLAY_WORDS[name]} is {'on' if now else 'off'}.")
    if client.highlight and not client.colours and name in ("highlight", "colour", "screenreader"):
        client.tell("Your name is highlighted only with colour, and never in screen reader mode.")


@documented(PASSWORD_SPEC)
def password(client: TelnetClient, line: Line) -> Work | None:
    try:
        return _password(client, parse_password(line))
    except Usage:
        usage(client, PASSWORD_SPEC.name)
        return None


async def _password(client: TelnetClient, intent: ChangePassword) -> None:
    """Change the password. Its checks and hashing wait their turn in the core's login queue,
    and the person is told where they stand meanwhile."""
    conn = client.conn
    if conn is None:
        return
    context = replace(telnet_context(client.server.world, conn), told=client.password_waiting)
    try:
        reply = await run(context, intent)
    except AuthenticationFailed:
        # Not errors.py's login wording: here the account is known, the password is wrong.
        client.tell("Your current password is not right; nothing changed.", Style.ERROR)
        return
    if reply is not None:
        await answer(client, reply)


@on_reply(CharacterSwitched, before=True)
def _leave_behind(client: TelnetClient, reply: Reply) -> None:
    """A new character: the old one's channels, @doing and place stay behind."""
    assert isinstance(reply, CharacterSwitched)
    if reply.before is not None:
        client.channels.clear()
        client.doing = ""
        client.set_location(None)


@on_reply(CharacterSwitched)
async def _arrive(client: TelnetClient, reply: Reply) -> None:
    """The new character (GMCP clients learn its name) arrives at its home."""
    assert isinstance(reply, CharacterSwitched)
    conn = client.conn
    if reply.before is None or conn is None:
        return
    if client.machine.gmcp_enabled:
        client.machine.send_gmcp(*char_name(conn.character.name))
    from boudoir.gateways.telnet.world import arrive

    await arrive(client)
