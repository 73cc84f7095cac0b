"""MODE: channel modes as room settings, user mode +i, and room changes rendered as MODE/KICK.

Channel modes (ISUPPORT ``CHANMODES=beI,k,HlRT,imnst``, ``PREFIX=(ov)@+``) map to the core's
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

from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import RoomSetting
from boudoir.domain.intents import ChangeRoomSetting, FindMember, ListRoomEntries, ShowRoom
from boudoir.domain.names import name_key
from boudoir.domain.replies import MemberFound, RoomEntries, RoomShown
from boudoir.gateways.irc.channels import shown_room
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.gateways.irc.services import run_intent, send
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import channel
from boudoir.wire.irc.mode_settings import LISTS, setting_intent, user_modes, visibility
from boudoir.wire.irc.modes import (
    SET_WITH_PARAMETER,
    ListQuery,
    MissingParameter,
    ModeChange,
    UnknownMode,
    parse_modes,
)
from boudoir.wire.irc.replies.rooms import entries_reply, modes_reply


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
    shown = await shown_room(client, "MODE", target)
    if shown is None:
        return
    if modestring is None:
        send(client, modes_reply(shown))
        return
    # Replies and errors name the room as it is spelt, whatever case it was typed in.
    await _change(client, channel(shown.room.name), modestring, params)


def _user_mode(client: IrcClient, target: str, changes: str) -> None:
    if name_key(target) != name_key(client.nick):
        client.reply(n.ERR_USERSDONTMATCH, "Cant change mode for other users")
        return
    if not changes:
        client.reply(n.RPL_UMODEIS, "+" + "i" * client.invisible + "o" * client.oper)
        return
    client.invisible, oper, applied, unknown = user_modes(changes, client.invisible, client.oper)
    if client.oper != oper:
        client.oper = oper
    for _ in range(unknown):
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
    """Run one letter's change, answering its refusal: a bad parameter of ``k``, ``l``, ``R``
    or ``T`` as ERR_INVALIDMODEPARAM, a change about a person naming them."""
    try:
        await work
    except InvalidInput as error:
        if letter not in SET_WITH_PARAMETER:
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
    letter, adding = change.letter, change.adding
    if letter in "is":
        await _visibility(client, room, letter, adding)
    elif letter == "n":
        if not adding:
            client.fail("MODE", "CANNOT_CHANGE", "Rooms never take messages from outside", room)
    else:
        intent = setting_intent(room, change)
        # A room's moderator role is given to someone present; it is taken away from anyone.
        absent = letter in "ov" and (adding or letter == "v")
        if absent and await _absent(client, room, change.param or ""):
            return
        if intent is not None:
            await run_intent(client, intent)


async def _absent(client: IrcClient, room: str, name: str) -> bool:
    """Is ``name`` not in ``room``, as this client sees it? Then it is told so (Modern IRC,
    channel operators: 441 for someone not on the channel, 401 for no such nick). A room's
    moderator role is given to someone present; it is taken away from anyone."""
    found = await run_intent(client, FindMember(room, name))
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
    shown = await run_intent(client, ShowRoom(room))
    if not isinstance(shown, RoomShown):
        return
    current = shown.room.visibility
    wanted = visibility(letter, adding, current)
    if wanted is None:
        text = "A private room is never listed; remove +i first"
        client.fail("MODE", "CANNOT_CHANGE", text, room)
    elif wanted is not current:
        await run_intent(
            client, ChangeRoomSetting(room, RoomSetting.VISIBILITY, True, wanted.value)
        )


async def _send_list(client: IrcClient, room: str, letter: str) -> None:
    reply = await run_intent(client, ListRoomEntries(room, LISTS[letter]))
    if isinstance(reply, RoomEntries):
        send(client, entries_reply(reply, client.server.server_name))
