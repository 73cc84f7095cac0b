"""Commands a browser sends (docs/websocket.md, "Commands"), parsed from one text message.

``parse_command`` turns the text of one WebSocket message into one frozen command, or raises
``BadMessage`` saying which field is wrong. Every field is checked for presence, type and
allowed values, and unknown fields are refused, so a client's typo is an error rather than a
silent default. Rules that need the server's state (names, lengths of text) are the core's.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import RoomSetting, Status
from boudoir.domain.events import MessageKind
from boudoir.domain.intents import ListOnline
from boudoir.domain.intents.account import Describe as Describe  # the domain's intents
from boudoir.domain.intents.account import SwitchCharacter as SwitchCharacter
from boudoir.domain.intents.calls import (
    CallIntents,
)
from boudoir.domain.intents.logs import AgreeToLog, LogIntents, ProposeLog, WithdrawFromLog
from boudoir.domain.intents.moderation import Report
from boudoir.domain.intents.profiles import ListAds, PostAd
from boudoir.domain.intents.rooms import (
    ChangeRoomSetting,
    Invite,
    Join,
    Kick,
    ListMembers,
    ListRooms,
    Part,
    SetTopic,
    ShowTopic,
)
from boudoir.domain.intents.scenes import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListSceneInvitations,
    PauseScene,
    ResumeScene,
    Safeword,
    SceneIntents,
    VoteOnAddition,
)

# The speech commands are the domain's intents (re-exported for ``boudoir.wire.webjson``).
from boudoir.domain.intents.speech import AcceptRequest as AcceptRequest
from boudoir.domain.intents.speech import DeclineRequest as DeclineRequest
from boudoir.domain.intents.speech import DeleteMessage as DeleteMessage
from boudoir.domain.intents.speech import Direct as Direct
from boudoir.domain.intents.speech import EditMessage as EditMessage
from boudoir.domain.intents.speech import ListRequests as ListRequests
from boudoir.domain.intents.speech import RollDice as RollDice
from boudoir.domain.intents.speech import Say as Say
from boudoir.domain.intents.speech import SetStatus as SetStatus
from boudoir.domain.intents.speech import Whisper as Whisper
from boudoir.domain.intents.world import StandIn
from boudoir.wire.webjson import call_commands, world_commands
from boudoir.wire.webjson.bad_message import BadMessage as BadMessage
from boudoir.wire.webjson.scene_commands import MAX_LIST, RATINGS
from boudoir.wire.webjson.world_commands import InRoom

MAX_REF: Final = 64
"""Characters of a client's ``ref``: enough for a counter or a UUID, small enough that the
server echoing it costs nothing."""

SPEECH_KINDS: Final = {"say": MessageKind.SAY, "pose": MessageKind.POSE, "ooc": MessageKind.OOC}
TYPING_STATES: Final = frozenset({"active", "paused", "done"})
"""IRCv3 ``+typing`` values, which the signal carries unchanged to IRC clients."""
STATUSES: Final = {status.value: status for status in Status}
SETTINGS: Final = {setting.value: setting for setting in RoomSetting}
TARGET_SETTINGS: Final = frozenset(
    {
        RoomSetting.MODERATOR,
        RoomSetting.VOICE,
        RoomSetting.BAN,
        RoomSetting.BAN_EXCEPTION,
        RoomSetting.INVITE_EXCEPTION,
        RoomSetting.CAM_BAN,
    }
)
"""Settings about a person: they need ``target``."""


@dataclass(frozen=True, slots=True)
class Received:
    """One message from the browser: its command, and the client's ``ref`` (echoed in the
    ``ok`` or ``error`` that answers it), kept apart from the command itself."""

    command: Command
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Ping:
    """(No fields.)"""


@dataclass(frozen=True, slots=True)
class Typing:
    """To a room (``room``) or a person (``to``): exactly one of the two is set."""

    state: str
    room: str | None = None
    to: str | None = None


MAX_EVIDENCE: Final = 50
"""Lines one report attaches (the core's limit too)."""
EVIDENCE_FIELDS: Final = frozenset({"id", "at", "room", "to", "from", "kind", "text", "seal"})


Command = (
    Ping
    | Join
    | Part
    | Say
    | Whisper
    | RollDice
    | PostAd
    | ListAds
    | EditMessage
    | DeleteMessage
    | Direct
    | Typing
    | ListRequests
    | AcceptRequest
    | DeclineRequest
    | SetStatus
    | ListOnline
    | ListRooms
    | ListMembers
    | SetTopic
    | ShowTopic
    | Invite
    | Describe
    | SwitchCharacter
    | ChangeRoomSetting
    | Kick
    | Report
    | LogIntents
    | SceneIntents
    | CallIntents
    | StandIn
    | InRoom
)

# --- field checks ------------------------------------------------------------------------------

Check = Callable[[str, object], object]


def _string(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise BadMessage(f"Field {field!r} must be a string.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON allows "\ud800"; no UTF-8 encoder (ours, or another gateway's) can send it on.
        raise BadMessage(f"Field {field!r} holds a lone surrogate.") from None
    return value


def _boolean(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise BadMessage(f"Field {field!r} must be true or false.")
    return value


def _choice(choices: Mapping[str, object] | frozenset[str]) -> Check:
    shown = ", ".join(sorted(choices))

    def check(field: str, value: object) -> object:
        if not isinstance(value, str) or value not in choices:
            raise BadMessage(f"Field {field!r} must be one of: {shown}.")
        return choices[value] if isinstance(choices, Mapping) else value

    return check


def _setting_value(field: str, value: object) -> str | int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadMessage(f"Field {field!r} must be a string or a number.")
    return _string(field, value) if isinstance(value, str) else value


def _evidence(field: str, value: object) -> tuple[Mapping[str, str], ...]:
    """Message objects as the server sent them (``message``, ``direct``, ``request``): their
    string fields are kept, the rest (``type``) ignored."""
    if not isinstance(value, list) or len(value) > MAX_EVIDENCE:
        raise BadMessage(f"Field {field!r} must be a list of at most {MAX_EVIDENCE} messages.")
    lines = []
    for line in value:
        if not isinstance(line, dict):
            raise BadMessage(f"Field {field!r} must hold message objects.")
        lines.append(
            {k: _string(f"{field}.{k}", v) for k, v in line.items() if k in EVIDENCE_FIELDS}
        )
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class _Spec:
    build: Callable[..., Command]
    fields: Mapping[str, tuple[str, Check, bool]]
    """Field on the wire -> (argument name, check, required)."""


def _spec(build: Callable[..., Command], **fields: tuple[Check, bool]) -> _Spec:
    named = {
        wire.removesuffix("_"): (
            "sender" if wire == "from_" else wire.removesuffix("_"),
            check,
            required,
        )
        for wire, (check, required) in fields.items()
    }
    return _Spec(build, named)


def _strings(field: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise BadMessage(f"Field {field!r} must be a list of at most {MAX_LIST} strings.")
    return tuple(_string(field, item) for item in value)


def _block(field: str, value: object) -> tuple[str, ...] | str:
    if value == "all":
        return "all"
    if not isinstance(value, list):
        raise BadMessage(f'Field {field!r} must be "all" or a list of names.')
    return _strings(field, value)


_REQUIRED = True
_OPTIONAL = False
_SPEECH = _choice(SPEECH_KINDS)
_ROOM = (_string, _REQUIRED)
_TEXT = (_string, _REQUIRED)

SPECS: Final[Mapping[str, _Spec]] = {
    "ping": _spec(Ping),
    "join": _spec(
        Join, room=(_string, _REQUIRED), key=(_string, _OPTIONAL), create=(_boolean, _OPTIONAL)
    ),
    "part": _spec(Part, room=(_string, _REQUIRED), reason=(_string, _OPTIONAL)),
    "say": _spec(
        Say, room=(_string, _REQUIRED), text=(_string, _REQUIRED), kind=(_SPEECH, _OPTIONAL)
    ),
    "whisper": _spec(
        Whisper, room=(_string, _REQUIRED), to=(_string, _REQUIRED), text=(_string, _REQUIRED)
    ),
    "roll": _spec(RollDice, room=(_string, _REQUIRED), dice=(_string, _REQUIRED)),
    "ad": _spec(PostAd, room=(_string, _REQUIRED), text=(_string, _REQUIRED)),
    "ads": _spec(ListAds, room=(_string, _REQUIRED)),
    "edit": _spec(EditMessage, id=(_string, _REQUIRED), text=(_string, _REQUIRED)),
    "delete": _spec(DeleteMessage, id=(_string, _REQUIRED)),
    "direct": _spec(
        Direct, to=(_string, _REQUIRED), text=(_string, _REQUIRED), kind=(_SPEECH, _OPTIONAL)
    ),
    "typing": _spec(
        Typing,
        room=(_string, _OPTIONAL),
        to=(_string, _OPTIONAL),
        state=(_choice(TYPING_STATES), _REQUIRED),
    ),
    "requests": _spec(ListRequests),
    "accept": _spec(AcceptRequest, from_=(_string, _REQUIRED)),
    "decline": _spec(DeclineRequest, from_=(_string, _REQUIRED), block=(_boolean, _OPTIONAL)),
    "status": _spec(SetStatus, status=(_choice(STATUSES), _REQUIRED), message=(_string, _OPTIONAL)),
    "who": _spec(ListOnline),
    "rooms": _spec(ListRooms, watch=(_boolean, _OPTIONAL)),
    "members": _spec(ListMembers, room=(_string, _REQUIRED)),
    "topic": _spec(SetTopic, room=(_string, _REQUIRED), topic=(_string, _REQUIRED)),
    "reveal_topic": _spec(functools.partial(ShowTopic, reveal=True), room=_ROOM),
    "invite": _spec(Invite, room=(_string, _REQUIRED), name=(_string, _REQUIRED)),
    "describe": _spec(Describe, text=(_string, _REQUIRED)),
    "character": _spec(SwitchCharacter, name=(_string, _REQUIRED)),
    "room_setting": _spec(
        ChangeRoomSetting,
        room=(_string, _REQUIRED),
        setting=(_choice(SETTINGS), _REQUIRED),
        enabled=(_boolean, _REQUIRED),
        value=(_setting_value, _OPTIONAL),
        target=(_string, _OPTIONAL),
    ),
    "kick": _spec(
        Kick, room=(_string, _REQUIRED), name=(_string, _REQUIRED), reason=(_string, _OPTIONAL)
    ),
    "report": _spec(
        Report,
        subject=(_string, _REQUIRED),
        reason=(_string, _REQUIRED),
        evidence=(_evidence, _OPTIONAL),
        call=(_string, _OPTIONAL),
        image=(_boolean, _OPTIONAL),
    ),
    "log_propose": _spec(ProposeLog, room=_ROOM),
    "log_agree": _spec(AgreeToLog, room=_ROOM),
    "log_withdraw": _spec(WithdrawFromLog, room=_ROOM),
    # Scenes (domain/intents/scenes.py).
    "scene_invite": _spec(
        InviteToScene,
        to=(_string, _REQUIRED),
        rating=(_choice(RATINGS), _OPTIONAL),
        tags=(_strings, _OPTIONAL),
        note=(_string, _OPTIONAL),
        scene=(_string, _OPTIONAL),
    ),
    "scene_invitations": _spec(ListSceneInvitations),
    "scene_accept": _spec(AcceptSceneInvitation, invitation=(_string, _REQUIRED)),
    "scene_decline": _spec(
        DeclineSceneInvitation, invitation=(_string, _REQUIRED), block=(_boolean, _OPTIONAL)
    ),
    "scene_vote": _spec(
        VoteOnAddition,
        scene=(_string, _REQUIRED),
        invitee=(_string, _REQUIRED),
        yes=(_boolean, _REQUIRED),
    ),
    "scene_leave": _spec(LeaveScene, scene=(_string, _REQUIRED)),
    "safeword": _spec(Safeword, scene=(_string, _OPTIONAL), block=(_block, _OPTIONAL)),
    "pause": _spec(PauseScene, scene=(_string, _OPTIONAL)),
    "resume": _spec(ResumeScene, scene=(_string, _OPTIONAL)),
    **call_commands.specs(_spec, _string, _boolean, _choice),
    # The walkable world, in the room the browser shows (wire/webjson/world_commands.py).
    "look": _spec(StandIn, room=_ROOM),
    "go": _spec(world_commands.go, room=_ROOM, exit=_TEXT),
    "describe_room": _spec(world_commands.describe_room, room=_ROOM, text=_TEXT),
    "dig": _spec(
        world_commands.dig,
        room=_ROOM,
        name=_TEXT,
        there=(_string, _OPTIONAL),
        back=(_string, _OPTIONAL),
    ),
    "open_exit": _spec(
        world_commands.open_exit, room=_ROOM, exit=_TEXT, destination=(_string, _OPTIONAL)
    ),
    "link": _spec(world_commands.link, room=_ROOM, exit=_TEXT, destination=_TEXT),
}
"""Each command ``type`` and its fields (besides ``type`` and ``ref``, which all share)."""


# --- parsing -----------------------------------------------------------------------------------


def _refuse_constant(name: str) -> object:
    raise BadMessage(f"{name} is not a JSON number.")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            # Two values for one field: which one the client meant is anybody's guess.
            raise BadMessage(f"Field {key!r} appears twice.")
        result[key] = value
    return result


_DECODER: Final = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_constant=_refuse_constant)
"""Made once: ``json.loads`` with hooks would build a decoder for every message."""


def _decode(text: str) -> object:
    try:
        return _DECODER.decode(text)
    except BadMessage:
        raise
    except RecursionError:
        raise BadMessage("The message is nested too deeply.") from None
    except ValueError:
        # JSONDecodeError, and integers too long to convert (int_max_str_digits).
        raise BadMessage("The message is not valid JSON.") from None


def _ref_of(data: Mapping[str, object]) -> str | None:
    ref = data.get("ref")
    if ref is None:
        return None
    if not isinstance(ref, str) or len(ref) > MAX_REF:
        raise BadMessage(f"Field 'ref' must be a string of at most {MAX_REF} characters.")
    return _string("ref", ref)


def parse_command(text: str) -> Received:
    """The command in ``text`` (one WebSocket text message). Raises ``BadMessage`` (and
    nothing else) when it is not JSON, not an object, of an unknown ``type``, or has a field
    missing, of the wrong type or value, or unknown."""
    data = _decode(text)
    if not isinstance(data, dict):
        raise BadMessage("A message is a JSON object.")
    ref = _ref_of(data)
    try:
        return Received(_build(data), ref)
    except BadMessage as error:
        error.ref = ref
        raise


def _build(data: dict[str, object]) -> Command:
    kind = data.get("type")
    if kind is None:
        raise BadMessage("Field 'type' is missing.")
    if not isinstance(kind, str):
        raise BadMessage("Field 'type' must be a string.")
    spec = SPECS.get(kind)
    if spec is None:
        shown = kind if len(kind) <= MAX_REF else kind[:MAX_REF] + "..."
        raise BadMessage(f"Unknown type {_string('type', shown)!r}.")
    arguments: dict[str, object] = {}
    for field in data:
        if field not in spec.fields and field not in ("type", "ref"):
            shown = field if len(field) <= MAX_REF else field[:MAX_REF] + "..."
            raise BadMessage(f"Unknown field {_string('field', shown)!r} for {kind!r}.")
    for field, (argument, check, required) in spec.fields.items():
        value = data.get(field)
        if value is None:
            if required:
                raise BadMessage(f"Field {field!r} is missing.")
            continue
        arguments[argument] = check(field, value)
    command = spec.build(**arguments)
    _check_whole(command)
    return command


def _check_whole(command: Command) -> None:
    """Rules across fields."""
    if isinstance(command, Typing) and (command.room is None) == (command.to is None):
        raise BadMessage("A typing message names either 'room' or 'to'.")
    if isinstance(command, ChangeRoomSetting):
        setting = command.setting
        if setting in TARGET_SETTINGS and command.target is None:
            raise BadMessage(f"Field 'target' is missing (setting {setting.value!r}).")
        if setting not in TARGET_SETTINGS and command.target is not None:
            raise BadMessage(f"Setting {setting.value!r} takes no 'target'.")
        numbers = (RoomSetting.MEMBER_LIMIT, RoomSetting.NEWCOMER_LINES)
        needs_value = setting in (RoomSetting.VISIBILITY, RoomSetting.RATING, RoomSetting.TAGS) or (
            command.enabled and setting in (RoomSetting.KEY, *numbers)
        )
        if needs_value and command.value is None:
            raise BadMessage(f"Field 'value' is missing (setting {setting.value!r}).")
        if setting in numbers:
            if command.value is not None and not isinstance(command.value, int):
                raise BadMessage(f"Field 'value' must be a number (setting {setting.value!r}).")
        elif isinstance(command.value, int):
            raise BadMessage(f"Field 'value' must be a string (setting {setting.value!r}).")
