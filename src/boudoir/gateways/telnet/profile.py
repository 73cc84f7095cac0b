"""Your own character and account: ``@set me=<field>:<value>``, ``@password`` and ``@char``
(switch character). ``@desc me=`` is building.py's (``@describe`` serves every target).

Character fields are changed through the core (``World.update_character``), which checks
lengths and the rules (no character under 18); this module parses the MUCK syntax. Display
settings (screen reader, colour) are the connection's own. Other command modules may add
``@set me=`` settings with ``me_setting``.

Boudoir has no species field: species belongs in the short description (``@desc me=``), and
``@set me=species:`` says so.

Imports ``boudoir.core`` (through the client's world), ``boudoir.domain``, ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from boudoir.domain.entities import Audience, Interest, InterestLevel
from boudoir.domain.errors import AuthenticationFailed
from boudoir.domain.names import name_key
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Line, Work, command, usage
from boudoir.wire.telnet.text import Style, clean

LINE_BREAK: Final = "%r"
"""MUCK's line break inside a one-line command (``@set me=long:First.%rSecond.``)."""

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


# --- pure parsing -----------------------------------------------------------------------------


def split_field(text: str) -> tuple[str, str]:
    """``pronouns: she/her`` -> (``pronouns``, ``she/her``); no colon: (``text``, ``""``)."""
    field, _, value = text.partition(":")
    return field.strip().lower(), value.strip()


def line_breaks(text: str) -> str:
    """MUCK's ``%r`` as a line break (``%%r`` keeps a literal ``%r``)."""
    return "%".join(part.replace(LINE_BREAK, "\n") for part in text.split("%%"))


def topic_list(text: str) -> list[str]:
    """``rope, slow burn,, hugs`` -> ``["rope", "slow burn", "hugs"]``."""
    return [t.strip() for t in text.split(",") if t.strip()]


def yes_no(text: str) -> bool | None:
    """``yes``/``on`` -> True, ``no``/``off`` -> False, ``auto`` -> None; else ValueError."""
    word = text.strip().lower()
    if word in ("yes", "y", "on", "true", "1"):
        return True
    if word in ("no", "n", "off", "false", "0"):
        return False
    if word in ("auto", "default", ""):
        return None
    raise ValueError(word)


AUDIENCE_WORDS: Final[dict[str, Audience]] = {
    "me": Audience.ONLY_ME,
    "only_me": Audience.ONLY_ME,
    "private": Audience.ONLY_ME,
    "nobody": Audience.ONLY_ME,
    "friends": Audience.FRIENDS,
    "everyone": Audience.EVERYONE,
    "public": Audience.EVERYONE,
}


def with_level(
    interests: tuple[Interest, ...], level: InterestLevel, topics: list[str]
) -> list[Interest]:
    """``interests`` with those of ``level`` replaced by ``topics`` (a topic listed at another
    level moves to this one)."""
    keys = {t.casefold() for t in topics}
    kept = [i for i in interests if i.level is not level and i.topic.casefold() not in keys]
    return kept + [Interest(t, level) for t in topics]


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


async def _update(client: TelnetClient, done: str, **changes: Any) -> None:
    """``World.update_character`` for the acting character; ``done`` when it took."""
    conn = client.conn
    assert conn is not None
    await client.server.world.update_character(conn.account.id, conn.character.name, **changes)
    client.tell(done)


@me_setting("pronouns", help="Your pronouns, shown in ws and +finger.", aliases=("sex",))
def _pronouns(client: TelnetClient, value: str) -> Work:
    return _update(
        client, f"Pronouns set: {clean(value)}" if value else "Pronouns cleared.", pronouns=value
    )


@me_setting(
    "short",
    help="Your short description, the same as @desc me=.",
    aliases=("shortdesc", "sdesc"),
)
def _short(client: TelnetClient, value: str) -> Work:
    return _update(
        client,
        "Short description set." if value else "Short description cleared.",
        short_description=value,
    )


@me_setting(
    "long",
    help="Your long description, shown by +finger (%r for a new line).",
    aliases=("description", "longdesc"),
)
def _long(client: TelnetClient, value: str) -> Work:
    text = line_breaks(value)
    return _update(
        client,
        "Long description set." if text else "Long description cleared.",
        long_description=text,
    )


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
    return _update(client, f"Declared age set: {int(value)}.", declared_age=int(value))


def _level_setter(level: InterestLevel) -> MeSetter:
    def set_level(client: TelnetClient, value: str) -> Work:
        conn = client.conn
        assert conn is not None
        topics = topic_list(value)
        interests = with_level(conn.character.interests, level, topics)
        done = (
            f"Interests ({level.value}) set: {clean(', '.join(topics))}."
            if topics
            else (f"Interests ({level.value}) cleared.")
        )
        return _update(client, done, interests=interests)

    return set_level


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


@me_setting(
    "limits",
    help="Your hard limits, separated by commas (private unless your audience allows).",
    aliases=("hardlimits", "hard_limits"),
)
def _limits(client: TelnetClient, value: str) -> Work:
    topics = topic_list(value)
    done = f"Hard limits set: {clean(', '.join(topics))}." if topics else "Hard limits cleared."
    return _update(client, done, hard_limits=topics)


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
    words = {
        Audience.ONLY_ME: "only you",
        Audience.FRIENDS: "your friends",
        Audience.EVERYONE: "everyone",
    }[audience]
    return _update(
        client, f"Your interests and limits are shown to {words}.", profile_audience=audience
    )


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
    return _password(client, old, new)


async def _password(client: TelnetClient, old: str, new: str) -> None:
    conn = client.conn
    assert conn is not None
    try:
        await client.server.world.accounts.change_password(conn.account.id, new, old_password=old)
    except AuthenticationFailed:
        # Not errors.py's login wording: here the account is known, the password is wrong.
        client.tell("Your current password is not right; nothing changed.", Style.ERROR)
        return
    # Whoever held the old password may be logged in elsewhere: every other session ends.
    await client.server.world.end_other_sessions(
        conn.account.id, spare=lambda session: session is conn.session
    )
    client.tell("Password changed.")


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
def character(client: TelnetClient, line: Line) -> Work:
    name = line.args.strip()
    if line.switch == "create":
        return _create(client, name)
    if not name:
        return _list_characters(client)
    return _switch(client, name)


async def _list_characters(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    owned = await client.server.world.characters.of_account(conn.account.id)
    names = [c.name + (" (current)" if c.id == conn.character.id else "") for c in owned]
    client.tell("Your characters: " + ", ".join(names) + '. "@char <name>" switches.')


async def _create(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    if not name:
        usage(client, "@char")
        return
    created = await client.server.world.characters.create(conn.account.id, name)
    client.tell(f'Character {created.name} created. "@char {created.name}" to switch to it.')


async def _switch(client: TelnetClient, name: str) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    before = conn.character.id
    await world.switch_character(conn, name)
    if conn.character.id == before:
        client.tell(f"You are already {conn.character.name}.")
        return
    client.channels.clear()
    client.doing = ""
    client.set_location(None)
    client.tell(f"You are now {conn.character.name}. Your channels were left behind.")
    if client.machine.gmcp_enabled:
        from boudoir.wire.telnet.gmcp_events import char_name

        client.machine.send_gmcp(*char_name(conn.character.name))
    from boudoir.gateways.telnet.world_commands import arrive

    await arrive(client)
