"""Channel and user modes as what they change, sans-I/O: one ``ModeChange`` (``wire.irc.modes``)
of a channel as the room setting intent it asks for, ``+i``/``+s`` as a room's visibility, and
a user MODE string applied to a client's ``+i``/``+o``.

Imports the standard library, ``boudoir.domain`` and ``wire.irc``.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.entities import RoomSetting, RoomVisibility
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import ChangeRoomSetting
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.modes import ModeChange

LISTS: Final = {
    "b": RoomSetting.BAN,
    "e": RoomSetting.BAN_EXCEPTION,
    "I": RoomSetting.INVITE_EXCEPTION,
}


def _target_name(mask: str) -> str:
    """``nick``, or the nick of ``nick!*@*``; a mask with wildcards in the nick is refused."""
    nick = mask.split("!", 1)[0]
    if not nick or any(c in nick for c in "*?"):
        raise InvalidInput("Bans and exceptions name a character, not a wildcard mask.")
    return nick


def setting_intent(room: str, change: ModeChange) -> ChangeRoomSetting | None:
    """The room setting ``change`` asks for (letters ``beIovkHlRTmt``; None for the others,
    ``i``, ``s`` and ``n``). A bad parameter raises ``InvalidInput``."""
    letter, adding, param = change.letter, change.adding, change.param or ""
    match letter:
        case "b" | "e" | "I":
            return ChangeRoomSetting(room, LISTS[letter], adding, target=_target_name(param))
        case "o" | "v":
            setting = RoomSetting.MODERATOR if letter == "o" else RoomSetting.VOICE
            return ChangeRoomSetting(room, setting, adding, target=param)
        case "k" if adding:
            if not param.strip():
                raise InvalidInput("A room key cannot be empty.")
            return ChangeRoomSetting(room, RoomSetting.KEY, True, param)
        case "l" if adding:
            if not (param.isascii() and param.isdigit()):
                raise InvalidInput(f"A member limit is a whole number ({param!r} is not).")
            return ChangeRoomSetting(room, RoomSetting.MEMBER_LIMIT, True, int(param))
        case "k" | "l":
            setting = RoomSetting.KEY if letter == "k" else RoomSetting.MEMBER_LIMIT
            return ChangeRoomSetting(room, setting, False)
        case "H" if adding:
            # Boudoir's newcomers mode (as InspIRCd's history mode): +H 20 shows whoever
            # joins the last 20 lines, -H none.
            if not (param.isascii() and param.isdigit()):
                raise InvalidInput(f"Lines shown to newcomers are a number ({param!r} is not).")
            return ChangeRoomSetting(room, RoomSetting.NEWCOMER_LINES, True, int(param))
        case "H":
            return ChangeRoomSetting(room, RoomSetting.NEWCOMER_LINES, False)
        case "R":
            # Boudoir's rating mode: +R mature|adult, -R back to general.
            rating = Rating.parse(param) if adding else Rating.GENERAL
            return ChangeRoomSetting(room, RoomSetting.RATING, True, rating.name.lower())
        case "T":
            # Boudoir's tags mode: +T fantasy,slow-burn (commas: one parameter), -T clears.
            return ChangeRoomSetting(room, RoomSetting.TAGS, adding, param if adding else "")
        case "m" | "t":
            setting = RoomSetting.MODERATED if letter == "m" else RoomSetting.TOPIC_LOCKED
            return ChangeRoomSetting(room, setting, adding)
    return None


def visibility(letter: str, adding: bool, current: RoomVisibility) -> RoomVisibility | None:
    """The visibility ``+i``/``-i``/``+s``/``-s`` asks for: ``s`` unlisted, ``i`` private
    (never listed, so ``+i`` shows as ``+is``). None: refused, as ``-s`` of a private room."""
    if letter == "i":
        if adding:
            return RoomVisibility.PRIVATE
        return RoomVisibility.UNLISTED if current is RoomVisibility.PRIVATE else current
    if adding:
        return RoomVisibility.UNLISTED if current is RoomVisibility.PUBLIC else current
    return None if current is RoomVisibility.PRIVATE else RoomVisibility.PUBLIC


def user_modes(changes: str, invisible: bool, oper: bool) -> tuple[bool, bool, str, int]:
    """Apply a user MODE string: (invisible, oper, the changes applied, unknown letters).
    Modern IRC, "User Modes": +o comes from OPER only, so ``+o`` is ignored; ``-o`` drops it."""
    adding, applied, unknown = True, "", 0
    for letter in changes:
        if letter in "+-":
            adding = letter == "+"
        elif letter == "i":
            if invisible != adding:
                invisible = adding
                applied += ("+" if adding else "-") + "i"
        elif letter == "o":
            if oper and not adding:
                oper = False
                applied += "-o"
        else:
            unknown += 1
    return invisible, oper, applied, unknown
