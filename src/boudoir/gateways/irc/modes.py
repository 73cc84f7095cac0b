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

from boudoir.domain.entities import Room, RoomVisibility
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import RoomSetting
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.gateways.irc.render import channel
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n

LISTS = {"b": RoomSetting.BAN, "e": RoomSetting.BAN_EXCEPTION, "I": RoomSetting.INVITE_EXCEPTION}
LIST_REPLIES = {
    "b": (n.RPL_BANLIST, n.RPL_ENDOFBANLIST, "End of channel ban list"),
    "e": (n.RPL_EXCEPTLIST, n.RPL_ENDOFEXCEPTLIST, "End of channel exception list"),
    "I": (n.RPL_INVITELIST, n.RPL_ENDOFINVITELIST, "End of channel invite list"),
}
MAX_MODE_CHANGES = 4
"""ISUPPORT MODES: parameterised changes taken from one MODE command."""


def room_modes(room: Room, *, show_key: bool) -> tuple[str, ...]:
    letters = "n"
    params: list[str] = []
    if room.visibility is RoomVisibility.PRIVATE:
        letters += "is"
    elif room.visibility is RoomVisibility.UNLISTED:
        letters += "s"
    if room.moderated:
        letters += "m"
    if room.topic_locked:
        letters += "t"
    if room.key:
        letters += "k"
        params.append(room.key if show_key else "*")
    if room.member_limit is not None:
        letters += "l"
        params.append(str(room.member_limit))
    if room.rating is not Rating.GENERAL:
        letters += "R"
        params.append(room.rating.name.lower())
    return ("+" + "".join(sorted(letters, key=str.lower)), *params)


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
    conn = client.conn
    assert conn is not None
    try:
        live = client.server.world.rooms.live(conn, target)
    except BoudoirError as error:
        client.handle_error("MODE", error, target)
        return None
    if len(message.params) == 1:
        client.reply(
            n.RPL_CHANNELMODEIS, channel(live.room.name), *room_modes(live.room, show_key=True)
        )
        client.reply(
            n.RPL_CREATIONTIME, channel(live.room.name), str(int(live.room.created_at.timestamp()))
        )
        return None
    # Replies and errors name the room as it is spelt, whatever case it was typed in.
    return _change(client, channel(live.room.name), message.params[1], list(message.params[2:]))


def _user_mode(client: IrcClient, target: str, changes: str) -> None:
    from boudoir.domain.names import name_key

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
    conn = client.conn
    assert conn is not None
    rooms = client.server.world.rooms
    adding = True
    taken = 0
    for letter in modestring:
        if letter in "+-":
            adding = letter == "+"
            continue
        param = ""  # the parameter this letter took, to name in a 696
        person = ""  # the nick +o/+v is about, to name in a 401 or 441
        try:
            if letter in LISTS:
                if not params:
                    await _send_list(client, room, letter)
                    continue
                if taken >= MAX_MODE_CHANGES:
                    break
                taken += 1
                name = _target_name(params.pop(0))
                setting = LISTS[letter]
                if setting is RoomSetting.BAN:
                    if adding:
                        await rooms.ban(conn, room, name)
                    else:
                        await rooms.unban(conn, room, name)
                elif adding:
                    await rooms.add_exception(conn, room, setting, name)
                else:
                    await rooms.remove_exception(conn, room, setting, name)
            elif letter in "ov":
                if not params:
                    client.reply(n.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters")
                    continue
                if taken >= MAX_MODE_CHANGES:
                    break
                taken += 1
                name = person = params.pop(0)
                if (adding or letter == "v") and _absent(client, room, name):
                    continue
                if letter == "o":
                    await rooms.set_moderator(conn, room, name, adding)
                else:
                    await rooms.set_voice(conn, room, name, adding)
            elif letter == "k":
                if adding:
                    if not params:
                        client.reply(n.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters")
                        continue
                    key = params.pop(0)
                    if not key.strip():
                        raise InvalidInput("A room key cannot be empty.")
                    await rooms.set_key(conn, room, key)
                else:
                    if params:
                        params.pop(0)
                    await rooms.set_key(conn, room, None)
            elif letter == "l":
                if adding:
                    if not params:
                        client.reply(n.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters")
                        continue
                    limit = param = params.pop(0)
                    if not (limit.isascii() and limit.isdigit()):
                        raise InvalidInput(f"A member limit is a whole number ({limit!r} is not).")
                    await rooms.set_member_limit(conn, room, int(limit))
                else:
                    await rooms.set_member_limit(conn, room, None)
            elif letter == "R":
                # Boudoir's rating mode: +R mature|adult, -R back to general.
                if adding:
                    if not params:
                        client.reply(n.ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters")
                        continue
                    param = params.pop(0)
                    rating = Rating.parse(param)
                else:
                    rating = Rating.GENERAL
                await rooms.set_rating(conn, room, rating)
            elif letter == "m":
                await rooms.set_moderated(conn, room, adding)
            elif letter == "t":
                await rooms.set_topic_locked(conn, room, adding)
            elif letter in "is":
                await _visibility(client, room, letter, adding)
            elif letter == "n":
                if not adding:
                    client.fail(
                        "MODE", "CANNOT_CHANGE", "Rooms never take messages from outside", room
                    )
            else:
                client.reply(n.ERR_UNKNOWNMODE, letter, "is unknown mode char to me")
        except InvalidInput as error:
            if letter not in "klR":
                client.handle_error("MODE", error, room)
                continue
            # Modern IRC, ERR_INVALIDMODEPARAM: "<client> <target> <mode char> <parameter>
            # :<description>"; a key is never repeated back ("*", as irctest expects).
            shown = "*" if letter == "k" else (param or "*")
            client.reply(n.ERR_INVALIDMODEPARAM, room, letter, shown, error.message)
        except BoudoirError as error:
            if person:
                client.handle_error("MODE", error, person, room=room)
            else:
                client.handle_error("MODE", error, room)


def _absent(client: IrcClient, room: str, name: str) -> bool:
    """Is ``name`` not in ``room``, as this client sees it? Then it is told so (Modern IRC,
    channel operators: 441 for someone not on the channel, 401 for no such nick). A room's
    moderator role is given to someone present; it is taken away from anyone."""
    conn = client.conn
    assert conn is not None
    world = client.server.world
    key = name_key(name)
    if any(name_key(m.character.name) == key for m in world.rooms.members(conn, room)):
        return False
    # Offline, unknown, or hidden from this client (a block either way, or their presence
    # setting): no such nick, alike.
    if world.presence.find_online(conn, name) is None:
        client.reply(n.ERR_NOSUCHNICK, name, "No such nick/channel")
    else:
        client.reply(n.ERR_USERNOTINCHANNEL, name, room, "They aren't on that channel")
    return True


async def _visibility(client: IrcClient, room: str, letter: str, adding: bool) -> None:
    conn = client.conn
    assert conn is not None
    rooms = client.server.world.rooms
    current = rooms.live(conn, room).room.visibility
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
        await rooms.set_visibility(conn, room, wanted)


async def _send_list(client: IrcClient, room: str, letter: str) -> None:
    conn = client.conn
    assert conn is not None
    entry_reply, end_reply, end_text = LIST_REPLIES[letter]
    live = client.server.world.rooms.live(conn, room)
    name = channel(live.room.name)
    for entry in client.server.world.rooms.entries(conn, room, LISTS[letter]):
        client.reply(
            entry_reply,
            name,
            f"{entry.name}!*@*",
            entry.set_by or client.server.server_name,
            str(int(entry.set_at.timestamp())),
        )
    client.reply(end_reply, name, end_text)
