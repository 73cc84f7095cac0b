"""The one table from the core's errors to IRC replies, sans-I/O.

Each error gets one reply: the numeric an IRC client knows for that command where one exists,
otherwise an IRCv3 standard reply (``FAIL <command> <CODE> [target] :<message>``) carrying the
core's own words. Never both: a client would show the one refusal twice, and Modern IRC and
irctest expect the numeric alone. Where one numeric stands for several reasons (477 for each
rating refusal, 401 for a refused direct message) its text is the core's own words. A refusal
of a direct message or an invitation is the same whatever its cause (a block, the recipient's
policy, their being offline): one code, one numeric, one message.
"""

from __future__ import annotations

from collections.abc import Callable

from boudoir.domain.errors import BoudoirError, ConsentRefused
from boudoir.wire.irc import numerics as n

CHANNEL_COMMANDS = frozenset({"JOIN", "PART", "TOPIC", "MODE", "KICK", "NAMES", "WHISPER"})
MESSAGE_COMMANDS = frozenset({"PRIVMSG", "NOTICE"})
AUTOMOD_CODES = frozenset({"held_for_review", "blocked_by_automod"})
"""A message automod held or blocked: the sender reads why in the numeric's text."""

JOIN_REFUSALS = {
    "invite_only": (n.ERR_INVITEONLYCHAN, "Cannot join channel (+i)"),
    "banned": (n.ERR_BANNEDFROMCHAN, "Cannot join channel (+b)"),
    "needs_key": (n.ERR_BADCHANNELKEY, "Cannot join channel (+k)"),
    "room_full": (n.ERR_CHANNELISFULL, "Cannot join channel (+l)"),
    "age_not_attested": (n.ERR_NEEDREGGEDNICK, "Cannot join channel (rating)"),
    "rating_not_opted_in": (n.ERR_NEEDREGGEDNICK, "Cannot join channel (rating)"),
    "character_not_adult": (n.ERR_NEEDREGGEDNICK, "Cannot join channel (rating)"),
}
WORDED_CODES = frozenset(
    {
        *("age_not_attested", "rating_not_opted_in", "character_not_adult"),
        "recipient_unavailable",
        *("invalid_name", "name_reserved", "name_taken", "name_confusable"),
    }
)
"""One numeric, several reasons: the numeric's text is the core's message, saying which."""


FAIL = "FAIL"
"""First item of an answer that is a standard reply: ``("FAIL", command, CODE, message,
*context)``; any other answer is a numeric and its parameters."""


def error_reply(
    command: str,
    error: BoudoirError,
    target: str = "",
    room: str = "",
    *,
    may_know_of: Callable[[str], bool],
) -> tuple[str, ...] | None:
    """The answer to ``error`` from ``command`` about ``target``: a channel, or a nick. ``room``
    is given when ``target`` is a person in that channel (KICK, INVITE, MODE +o/+v), so that
    the error is about them there (Modern IRC: 401, 441, 443), not about the sender. None: no
    answer. ``may_know_of(channel)``: does the sender, not in it, see that it exists."""
    code = error.reason if isinstance(error, ConsentRefused) else error.code
    if command == "JOIN" and code == "already_in_room":
        return None  # IRC servers ignore a JOIN to a channel one is already on
    message = error.message
    # A numeric's target is a middle parameter, never empty (Modern IRC uses "*" for none).
    numeric = _numeric(command, code, target or "*", room, may_know_of)
    if code in AUTOMOD_CODES and (command in MESSAGE_COMMANDS or command == "TOPIC"):
        # Every client shows 404 with its text; not all show a FAIL (IRCv3 standard-replies).
        numeric = (n.ERR_CANNOTSENDTOCHAN, target or "*", message)
    if numeric is not None:
        if code in WORDED_CODES:
            return (*numeric[:-1], message)
        return numeric
    context = (target,) if target else ()
    return (FAIL, command, code.upper(), message, *context)


def _numeric(
    command: str, code: str, target: str, room: str, may_know_of: Callable[[str], bool]
) -> tuple[str, ...] | None:
    is_room = target.startswith("#")
    if room:
        # About a person in a channel the sender is in.
        if code == "not_found":
            return (n.ERR_NOSUCHNICK, target, "No such nick/channel")
        if code == "not_in_room":
            return (n.ERR_USERNOTINCHANNEL, target, room, "They aren't on that channel")
        if code == "already_in_room":
            return (n.ERR_USERONCHANNEL, target, room, "is already on channel")
        if code == "not_permitted":
            return (n.ERR_CHANOPRIVSNEEDED, room, "You're not channel operator")
    if command == "JOIN" and code in JOIN_REFUSALS:
        number, text = JOIN_REFUSALS[code]
        return (number, target, text)
    if code == "recipient_unavailable":
        return (n.ERR_NOSUCHNICK, target, "No such nick/channel")
    if code == "moderated":
        return (n.ERR_CANNOTSENDTOCHAN, target, "Cannot send to channel (+m)")
    if code == "scene_paused":
        return (n.ERR_CANNOTSENDTOCHAN, target, "Scene paused: only ((out of character)) speech")
    if code == "muted" and (command in MESSAGE_COMMANDS or command in ("WHISPER", "TOPIC")):
        return (n.ERR_CANNOTSENDTOCHAN, target, "Cannot send to channel (muted)")
    if code in ("not_in_room",):
        if command in MESSAGE_COMMANDS:
            return (n.ERR_CANNOTSENDTOCHAN, target, "Cannot send to channel")
        if is_room and not may_know_of(target):
            # Modern IRC: 403 for a channel that does not exist. A room the sender may not
            # see listed (secret or private), or where everyone present is on the other side
            # of a block from them, reads the same: 442 would tell that it exists, or that
            # someone who blocks them (or whom they block) is in it.
            return (n.ERR_NOSUCHCHANNEL, target, "No such channel")
        return (n.ERR_NOTONCHANNEL, target, "You're not on that channel")
    if code == "not_permitted":
        if command in CHANNEL_COMMANDS or command == "INVITE":
            return (n.ERR_CHANOPRIVSNEEDED, target or "*", "You're not channel operator")
        return None
    if code == "not_found":
        if is_room or command in ("JOIN", "PART", "TOPIC", "MODE", "NAMES"):
            return (n.ERR_NOSUCHCHANNEL, target or "*", "No such channel")
        return (n.ERR_NOSUCHNICK, target or "*", "No such nick/channel")
    if code in ("invalid_name", "name_reserved", "name_taken", "name_confusable"):
        if command == "JOIN":
            return (n.ERR_BADCHANMASK, target or "*", "Bad Channel Mask")
        if command == "NICK" and code in ("name_taken", "name_confusable"):
            return (n.ERR_NICKNAMEINUSE, target, "Nickname is already in use")
        if command == "NICK":
            return (n.ERR_ERRONEUSNICKNAME, target, "Erroneous nickname")
        return None
    if code == "limit_exceeded" and command == "JOIN":
        return (n.ERR_TOOMANYCHANNELS, target or "*", "You have joined too many channels")
    return None
