"""Your own character and account: ``@set me=<field>:<value>``, ``@password`` and ``@char``
(switch character). ``@desc me=`` is building.py's (``@describe`` serves every target).

Character fields, the password and the characters themselves are intents run through the core
(``core.commands.account``), which checks lengths and the rules (no character under 18); the
MUCK syntax is ``wire.telnet.commands.profile``, the answers ``wire.telnet.replies``. Display
settings (screen reader, colour) are the connection's own, and switching character leaves the
telnet channels behind. Other command modules may add ``@set me=`` settings with
``me_setting``.

Boudoir has no species field: species belongs in the short description (``@desc me=``), and
``@set me=species:`` says so.

Imports ``boudoir.core`` (through the client's world), ``boudoir.domain``, ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from boudoir.core.commands import Context, run
from boudoir.core.commands.account import with_level
from boudoir.domain.entities import InterestLevel
from boudoir.domain.errors import AuthenticationFailed
from boudoir.domain.intents import (
    ChangePassword,
    CreateCharacter,
    Describe,
    Intent,
    ListCharacters,
    SetAge,
    SetHardLimits,
    SetInterests,
    SetLongDescription,
    SetProfileAudience,
    SetPronouns,
    SwitchCharacter,
)
from boudoir.domain.names import name_key
from boudoir.domain.replies import CharacterSwitched
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Work, command, run_intent, usage
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.commands.profile import (
    AUDIENCE_WORDS,
    LINE_BREAK,
    line_breaks,
    split_field,
    topic_list,
    yes_no,
)
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies import render_reply
from boudoir.wire.telnet.text import Style, clean

MeSetter = Callable[[TelnetClient, str], Work | None]
"""Handles ``@set me=<name>:<value>``: the client and the value (stripped)."""


@dataclass(frozen=True, slots=True)
class MeSetting:
    name: str
    handler: MeSetter
    help: str
    aliases: tuple[str, ...] = ()


ME_SETTINGS: dict[str, MeSetting] = {}
"""``@set me=`` field name (lower case, aliases included) -> setting."""


def me_setting(
    name: str, *, help: str, aliases: tuple[str, ...] = ()
) -> Callable[[MeSetter], MeSetter]:
    """Register an ``@set me=<name>:<value>`` field, listed by ``@set me``."""

    def register(handler: MeSetter) -> MeSetter:
        entry = MeSetting(name, handler, help, aliases)
        for word in (name, *aliases):
            if word.lower() in ME_SETTINGS:
                raise ValueError(f"@set me field {word!r} registered twice")
            ME_SETTINGS[word.lower()] = entry
        return handler

    return register


# --- @set me= -----------------------------------------------------------------------------------


@command(
    "@set",
    usage="@set me=<field>:<value>   @set me",
    help="""Change your character or your display: "@set me=pronouns:she/her", \
"short:<text>", "long:<text>" (%r for a new line), "age:<years>", "favourites:", "yes:", \
"maybe:", "no:" (comma-separated interests at that level), "limits:" (hard limits), \
"audience:me|friends|everyone" (who sees your interests and limits), "screenreader:yes|no|auto", \
"colour:yes|no|auto". An empty value clears the field. "@set me" lists every field.""",
    topic="social",
)
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
        _list_settings(client)
        return None
    field, value = split_field(line.right)
    setting = ME_SETTINGS.get(field)
    if setting is None:
        client.tell(
            f'There is no field "{clean(field)}". Type "@set me" for the list.', Style.ERROR
        )
        return None
    return setting.handler(client, value)


def _list_settings(client: TelnetClient) -> None:
    seen: dict[str, MeSetting] = {}
    for entry in ME_SETTINGS.values():
        seen.setdefault(entry.name, entry)
    lines = ['Fields for "@set me=<field>:<value>":']
    for entry in sorted(seen.values(), key=lambda e: e.name):
        also = f" (also {', '.join(entry.aliases)})" if entry.aliases else ""
        lines.append(f"  {entry.name}{also}: {entry.help}")
    client.tell("\n".join(lines))


def _field(build: Callable[[str], Intent]) -> MeSetter:
    """A field of the acting character: the value as its intent, run through the core."""

    def set_field(client: TelnetClient, value: str) -> Work:
        return run_intent(client, build(value))

    return set_field


me_setting("pronouns", help="Your pronouns, shown in ws and +finger.", aliases=("sex",))(
    _field(SetPronouns)
)
me_setting(
    "short",
    help="Your short description, the same as @desc me=.",
    aliases=("shortdesc", "sdesc"),
)(_field(Describe))
me_setting(
    "long",
    help="Your long description, shown by +finger (%r for a new line).",
    aliases=("description", "longdesc"),
)(_field(lambda value: SetLongDescription(line_breaks(value))))


@me_setting(
    "species",
    help="Not a field of its own: put your species in your short description (@desc me=).",
)
def _species(client: TelnetClient, value: str) -> None:
    client.tell(
        'Species is part of your short description: "@desc me=<species and looks>". It shows '
        "in ws, look and +finger.",
        Style.NOTICE,
    )


@me_setting("age", help="Your character's declared age (18 or over).")
def _age(client: TelnetClient, value: str) -> Work | None:
    if not value.isdigit():
        client.tell("An age is a number of years, 18 or over.", Style.ERROR)
        return None
    return run_intent(client, SetAge(int(value)))


def _level_setter(level: InterestLevel) -> MeSetter:
    return _field(lambda value: SetInterests(level, tuple(topic_list(value))))


for _level, _aliases in (
    (InterestLevel.FAVOURITE, ("favourites", "favorites", "fav", "faves")),
    (InterestLevel.YES, ()),
    (InterestLevel.MAYBE, ()),
    (InterestLevel.NO, ()),
):
    me_setting(
        _level.value,
        help=f"Interests at level {_level.value}, separated by commas (private unless your "
        "audience allows).",
        aliases=_aliases,
    )(_level_setter(_level))

me_setting(
    "limits",
    help="Your hard limits, separated by commas (private unless your audience allows).",
    aliases=("hardlimits", "hard_limits"),
)(_field(lambda value: SetHardLimits(tuple(topic_list(value)))))


@me_setting(
    "audience",
    help="Who sees your interests and hard limits: me, friends or everyone.",
    aliases=("privacy",),
)
def _audience(client: TelnetClient, value: str) -> Work | None:
    audience = AUDIENCE_WORDS.get(value.strip().lower())
    if audience is None:
        client.tell(
            "Choose who sees your interests and limits: me, friends or everyone.", Style.ERROR
        )
        return None
    return run_intent(client, SetProfileAudience(audience))


@me_setting(
    "screenreader",
    help="yes: plain sentences, no columns or decoration; auto: as your client says (MTTS).",
    aliases=("screen_reader", "sr"),
)
def _screen_reader(client: TelnetClient, value: str) -> None:
    try:
        client.screen_reader_setting = yes_no(value)
    except ValueError:
        client.tell("Screen reader mode is yes, no or auto.", Style.ERROR)
        return
    client.refresh_view()
    state = "on" if client.screen_reader else "off"
    client.tell(f"Screen reader mode is {state}.")


@me_setting("colour", help="yes, no, or auto (as your client says).", aliases=("color",))
def _colour(client: TelnetClient, value: str) -> None:
    try:
        client.colour_setting = yes_no(value)
    except ValueError:
        client.tell("Colour is yes, no or auto.", Style.ERROR)
        return
    client.refresh_view()
    client.tell("Colour is on." if client.colours else "Colour is off.")


# --- @password ----------------------------------------------------------------------------------


@command(
    "@password",
    usage="@password <old password>=<new password>",
    help="Change your account's password (for every character and gateway).",
    aliases=("@newpassword",),
    topic="account",
)
def password(client: TelnetClient, line: Line) -> Work | None:
    old, _, new = line.args.partition("=")
    if not line.has_equals or not old or not new:
        usage(client, "@password")
        return None
    return _password(client, ChangePassword(old, new))


async def _password(client: TelnetClient, intent: ChangePassword) -> None:
    try:
        await run_intent(client, intent)
    except AuthenticationFailed:
        # Not errors.py's login wording: here the account is known, the password is wrong.
        client.tell("Your current password is not right; nothing changed.", Style.ERROR)


# --- @char --------------------------------------------------------------------------------------


@command(
    "@char",
    usage="@char   @char <name>   @char/create <name>",
    help="""List your account's characters, switch to another ("@char Ivy": your current \
character leaves its rooms and channels; the new one arrives at its home), or create one.""",
    aliases=("@character", "@chars"),
    topic="account",
    switches=("create",),
)
def character(client: TelnetClient, line: Line) -> Work | None:
    name = line.args.strip()
    if line.switch == "create":
        if not name:
            usage(client, "@char")
            return None
        return run_intent(client, CreateCharacter(name))
    if not name:
        return run_intent(client, ListCharacters())
    return _switch(client, name)


async def _switch(client: TelnetClient, name: str) -> None:
    """Switch character; the new one leaves the old one's channels behind and arrives at its
    home."""
    conn = client.conn
    assert conn is not None
    reply = await run(Context.of(client.server.world, conn), SwitchCharacter(name))
    assert isinstance(reply, CharacterSwitched)
    told = render_reply(reply, Screen(client.width, client.screen_reader))
    if reply.before is not None:
        client.channels.clear()
        client.doing = ""
        client.set_location(None)
    if told is not None:
        client.tell(told.text, told.style)
    if reply.before is None:
        return
    if client.machine.gmcp_enabled:
        from boudoir.wire.telnet.gmcp_events import char_name

        client.machine.send_gmcp(*char_name(conn.character.name))
    from boudoir.gateways.telnet.world import arrive

    await arrive(client)


__all__ = [
    "LINE_BREAK",
    "line_breaks",
    "me_setting",
    "split_field",
    "topic_list",
    "with_level",
    "yes_no",
]
