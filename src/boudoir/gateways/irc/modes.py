"""MODE: channel modes as room settings, user mode +i, and room changes rendered as MODE/KICK.

Channel modes (ISUPPORT ``CHANMODES=beI,k,lR,imnst``, ``PREFIX=(ov)@+``) map to the core's
room settings:

- ``R`` rating (Boudoir's own): ``+R mature`` or ``+R adult``, ``-R`` for general. Whoever
  present may not see the new rating is taken out at once.

- ``b`` ban, ``e`` ban exception, ``I`` invite exception: lists of people (by character
  name; a ban covers all of the person's characters). Masks such as ``nick!*@*`` are accepted
  for their nick part; host masks mean nothing here, as nobody's host is shown.
- ``k`` key, ``l`` member limit, ``m`` moderated, ``t`` topic locked to managers.
- ``s`` unlisted, ``i`` private (invite only; private rooms are never listed, so ``+i``
  shows as ``+is``). ``n`` is always on: nobody speaks in a room from outside it.
- ``o`` room moderator, ``v`` voice (speaks in a moderated room).
"""

from __future__ import annotations

from collections.abc import Awaitable

from boudoir.domain.entities import RoomVisibility
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import RoomSetting
from boudoir.domain.intents import ChangeRoomSetting, FindMember, ListRoomEntries, ShowRoom
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import MemberFound, RoomEntries, RoomShown
from boudoir.gateways.irc.channels import run_room, send
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.gateways.irc.render import channel
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.modes import (
    ListQuery,
    MissingParameter,
    ModeChange,
    UnknownMode,
    parse_modes,
)
from boudoir.wire.irc.replies.rooms import entries_reply, modes_reply

LISTS = {"b": RoomSetting.BAN, "e": RoomSetting.BAN_EXCEPTION, "I": RoomSetting.INVITE_EXCEPTION}


def _target_name(mask: str) -> str:
    """``nick``, or the nick of ``nick!*@*``; a mask with wildcards in the nick is refused."""
    nick = mask.split("!", 1)[0]
    if not nick or any(c in nick for c in "*?"):
        raise InvalidInput("Bans and exceptions name a character, not a wildcard mask.")
    return nick


@command("MODE", min_params=1)
def mode(client: IrcClient, message: Message) -> Work | None:
    target = message.params[0]
    if not target.startswith("#"):
        _user_mode(client, target, message.params[1] if len(message.params) > 1 else "")
        return None
    modestring = message.params[1] if len(message.params) > 1 else None
    return _channel_mode(client, target, modestring, list(message.params[2:]))


async def _channel_mode(
    client: IrcClient, target: str, modestring: str | None, params: list[str]
) -> None:
    try:
        shown = await run_room(client, ShowRoom(target))
    except BoudoirError as error:
        client.handle_error("MODE", error, target)
        return
    if not isinstance(shown, RoomShown):
        return
    if modestring is None:
        send(client, modes_reply(shown))
        return
    # Replies and errors name the room as it is spelt, whatever case it was typed in.
    await _change(client, channel(shown.room.name), modestring, params)


async def _set(
    client: IrcClient,
    room: str,
    setting: RoomSetting,
    enabled: bool,
    value: str | int | None = None,
    target: str | None = None,
) -> None:
    await run_room(client, ChangeRoomSetting(room, setting, enabled, value, target))


def _user_mode(client: IrcClient, target: str, changes: str) -> None:
    if name_key(target) != name_key(client.nick):
        client.reply(n.ERR_USERSDONTMATCH, "Cant change mode for other users")
        return
    if not changes:
        client.reply(n.RPL_UMODEIS, "+" + "i" * client.invisible + "o" * client.oper)
        return
    adding = True
    applied = ""
    for letter in changes:
        if letter in "+-":
            adding = letter == "+"
        elif letter == "i":
            if client.invisible != adding:
                client.invisible = adding
                applied += ("+" if adding else "-") + "i"
        elif letter == "o":
            # Modern IRC, "User Modes": +o comes from OPER only, so "MODE nick +o" is ignored;
            # -o drops it.
            if client.oper and not adding:
                client.oper = False
                applied += "-o"
        else:
            client.reply(n.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag")
    if applied:
        client.emit("MODE", client.nick, applied)


async def _change(client: IrcClient, room: str, modestring: str, params: list[str]) -> None:
    for item in parse_modes(modestring, params):
        match item:
            case ListQuery(letter):
                await _guarded(client, room, letter, _send_list(client, room, letter))
            case MissingParameter():
                client.reply(n.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters")
            case UnknownMode(letter):
                client.reply(n.ERR_UNKNOWNMODE, letter, "is unknown mode char to me")
            case ModeChange(letter, _, param):
                await _guarded(client, room, letter, _apply(client, room, item), param)


async def _guarded(
    client: IrcClient, room: str, letter: str, work: Awaitable[None], param: str | None = None
) -> None:
    """Run one letter's change, answering its refusal: a bad parameter of ``k``, ``l`` or
    ``R`` as ERR_INVALIDMODEPARAM, a change about a person naming them."""
    try:
        await work
    except InvalidInput as error:
        if letter not in "klR":
            client.handle_error("MODE", error, room)
            return
        # Modern IRC, ERR_INVALIDMODEPARAM: "<client> <target> <mode char> <parameter>
        # :<description>"; a key is never repeated back ("*", as irctest expects).
        shown = "*" if letter == "k" else (param or "*")
        client.reply(n.ERR_INVALIDMODEPARAM, room, letter, shown, error.message)
    except BoudoirError as error:
        if letter in "ov" and param:
            client.handle_error("MODE", error, param, room=room)
        else:
            client.handle_error("MODE", error, room)


async def _apply(client: IrcClient, room: str, change: ModeChange) -> None:
    letter, adding, param = change.letter, change.adding, change.param or ""
    match letter:
        case "b" | "e" | "I":
            await _set(client, room, LISTS[letter], adding, target=_target_name(param))
        case "o" | "v":
            if (adding or letter == "v") and await _absent(client, room, param):
                return
            setting = RoomSetting.MODERATOR if letter == "o" else RoomSetting.VOICE
            await _set(client, room, setting, adding, target=param)
        case "k" if adding:
            if not param.strip():
                raise InvalidInput("A room key cannot be empty.")
            await _set(client, room, RoomSetting.KEY, True, param)
        case "l" if adding:
            if not (param.isascii() and param.isdigit()):
                raise InvalidInput(f"A member limit is a whole number ({param!r} is not).")
            await _set(client, room, RoomSetting.MEMBER_LIMIT, True, int(param))
        case "k" | "l":
            setting = RoomSetting.KEY if letter == "k" else RoomSetting.MEMBER_LIMIT
            await _set(client, room, setting, False)
        case "R":
            # Boudoir's rating mode: +R mature|adult, -R back to general.
            rating = Rating.parse(param) if adding else Rating.GENERAL
            await _set(client, room, RoomSetting.RATING, True, rating.name.lower())
        case "m" | "t":
            setting = RoomSetting.MODERATED if letter == "m" else RoomSetting.TOPIC_LOCKED
            await _set(client, room, setting, adding)
        case "i" | "s":
            await _visibility(client, room, letter, adding)
        case _ if not adding:  # "n"
            client.fail("MODE", "CANNOT_CHANGE", "Rooms never take messages from outside", room)


async def _absent(client: IrcClient, room: str, name: str) -> bool:
    """Is ``name`` not in ``room``, as this client sees it? Then it is told so (Modern IRC,
    channel operators: 441 for someone not on the channel, 401 for no such nick). A room's
    moderator role is given to someone present; it is taken away from anyone."""
    found = await run_room(client, FindMember(room, name))
    if not isinstance(found, MemberFound) or found.present:
        return False
    # Offline, unknown, or hidden from this client (a block either way, or their presence
    # setting): no such nick, alike.
    if not found.online:
        client.reply(n.ERR_NOSUCHNICK, name, "No such nick/channel")
    else:
        client.reply(n.ERR_USERNOTINCHANNEL, name, room, "They aren't on that channel")
    return True


async def _visibility(client: IrcClient, room: str, letter: str, adding: bool) -> None:
    shown = await run_room(client, ShowRoom(room))
    if not isinstance(shown, RoomShown):
        return
    current = shown.room.visibility
    if letter == "i":
        wanted = (
            RoomVisibility.PRIVATE
            if adding
            else (RoomVisibility.UNLISTED if current is RoomVisibility.PRIVATE else current)
        )
    elif adding:
        wanted = RoomVisibility.UNLISTED if current is RoomVisibility.PUBLIC else current
    else:
        if current is RoomVisibility.PRIVATE:
            client.fail(
                "MODE", "CANNOT_CHANGE", "A private room is never listed; remove +i first", room
            )
            return
        wanted = RoomVisibility.PUBLIC
    if wanted is not current:
        await _set(client, room, RoomSetting.VISIBILITY, True, wanted.value)


async def _send_list(client: IrcClient, room: str, letter: str) -> None:
    reply = await run_room(client, ListRoomEntries(room, LISTS[letter]))
    if isinstance(reply, RoomEntries):
        send(client, entries_reply(reply, client.server.server_name))
