"""The walkable world: exits between rooms, things, and the locks that guard them.

Rooms are ``entities.Room``: the same rooms the browser and IRC use. An ``Exit`` leads from a
room to another under a name with aliases (``"North;north;n"``, as MUCKs write them); a
``Thing`` is carried by a character or lies in a room. A ``Lock`` is a small boolean expression
over who is acting, in FuzzBall MUCK's notation (``alice|bob``, ``!carol``, ``builder&(me|x)``).

Pure: imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
import unicodedata
from dataclasses import dataclass

from boudoir.domain.entities import Room, Status
from boudoir.domain.errors import InvalidInput, NotAllowed, NotFound
from boudoir.domain.events import CharacterRef
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.names import name_key

# --- Errors: stable codes for every gateway's table --------------------------------------------


class NoSuchExit(NotFound):
    code = "no_such_exit"
    default_message = "You can't go that way."


class ExitUnlinked(NotFound):
    code = "exit_unlinked"
    default_message = "That exit leads nowhere."


class ExitLocked(NotAllowed):
    code = "exit_locked"
    default_message = "That way is locked to you."


class NotBuilder(NotAllowed):
    code = "not_builder"
    default_message = "Only builders may do that; ask an operator."


class NotOwner(NotAllowed):
    code = "not_owner"
    default_message = "You don't own that."


class BadLock(InvalidInput):
    code = "bad_lock"
    default_message = "That lock is not valid: use names, !, &, | and parentheses."


class NoExitsIntoPrivate(NotAllowed):
    code = "no_exits_into_private"
    default_message = "Private rooms and scenes have no way in: no exit may lead there."


class ThingNotFound(NotFound):
    code = "thing_not_found"
    default_message = "You don't see that here."


class ThingLocked(NotAllowed):
    code = "thing_locked"
    default_message = "You can't pick that up."


class RoomOccupied(NotAllowed):
    code = "room_occupied"
    default_message = "Someone is in that room; it can be recycled only when empty."


class NoSuchOffer(NotFound):
    code = "no_such_offer"
    default_message = "Nobody is handing you anything by that name."


class NotHere(NotFound):
    code = "not_here"
    default_message = "You don't see that here."


# --- Limits -----------------------------------------------------------------------------------

MAX_EXIT_NAME = 32
"""Characters of an exit's name or alias: a few words ("Oak door"), typed as a command."""
MAX_EXIT_ALIASES = 10
"""Aliases per exit: a direction's long and short forms and a few more are plenty."""
MAX_THING_NAME = 40
MAX_PLACE_DESCRIPTION = 4000
"""Characters of an exit's or a thing's description: the same as a room description."""
MAX_LOCK = 200
"""Characters of a lock expression: enough for a dozen names, short enough to read."""
MAX_LOCK_DEPTH = 16
"""Nesting of parentheses and ``!`` in a lock: the parser recurses, so it is bounded."""

# --- Exit names ---------------------------------------------------------------------------------

DIRECTIONS = {
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
    "u": "up", "d": "down", "in": "in", "out": "out",
}  # fmt: skip
"""The standard directions MU* players type, short form -> long form: ``n`` walks an exit named
``north`` and ``north`` one named ``n``."""
_LONG_TO_SHORT = {long: short for short, long in DIRECTIONS.items()}


def _direction_forms(key: str) -> set[str]:
    if key in DIRECTIONS:
        return {key, DIRECTIONS[key]}
    if key in _LONG_TO_SHORT:
        return {key, _LONG_TO_SHORT[key]}
    return {key}


def _word(text: str, what: str, limit: int) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        raise InvalidInput(f"{what.capitalize()} cannot be empty.")
    if len(text) > limit:
        raise InvalidInput(f"{what.capitalize()} is at most {limit} characters long.")
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "C" or char in ";|&!()#" or category in ("Zl", "Zp"):
            raise InvalidInput(f"{what.capitalize()} may not hold {char!r}.")
    return text


def parse_exit_names(spec: str) -> tuple[str, tuple[str, ...]]:
    """``"North;north;n"`` -> ``("North", ("north", "n"))``: the name shown, then aliases.
    Duplicates (by name key) are dropped; raises ``InvalidInput`` for an empty or odd name."""
    parts = [p for p in (part.strip() for part in spec.split(";")) if p]
    if not parts:
        raise InvalidInput("Name the exit, with aliases after semicolons: North;n.")
    name = _word(parts[0], "an exit name", MAX_EXIT_NAME)
    seen = {name_key(name)}
    aliases: list[str] = []
    for part in parts[1:]:
        alias = _word(part, "an exit alias", MAX_EXIT_NAME)
        if name_key(alias) not in seen:
            seen.add(name_key(alias))
            aliases.append(alias)
    if len(aliases) > MAX_EXIT_ALIASES:
        raise InvalidInput(f"An exit has at most {MAX_EXIT_ALIASES} aliases.")
    return name, tuple(aliases)


def check_thing_name(name: str) -> str:
    return _word(name, "a thing's name", MAX_THING_NAME)


def check_description(text: str) -> str:
    """A description as kept: trimmed, at most ``MAX_PLACE_DESCRIPTION``, line breaks and
    tabs allowed, no other control characters (a telnet user's terminal obeys them)."""
    text = text.strip()
    if len(text) > MAX_PLACE_DESCRIPTION:
        raise InvalidInput(f"A description is at most {MAX_PLACE_DESCRIPTION} characters long.")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n":
            raise InvalidInput("A description cannot hold control characters.")
    return text


# --- Locks --------------------------------------------------------------------------------------

BUILDER = "builder"
"""Lock keyword: passes builders (and operators)."""
OWNER_WORDS = frozenset({"me", "owner"})
"""Lock keywords: pass the owner of the locked exit or thing."""


@dataclass(frozen=True, slots=True)
class LockSubject:
    """Who is trying a lock: what a lock expression can ask about."""

    name: str
    """The acting character's name."""
    builder: bool = False
    owner: bool = False
    """The acting account owns the locked exit or thing."""


@dataclass(frozen=True, slots=True)
class Name:
    """Passes the character of that name (compared by name key) or, for a keyword, builders
    or the owner."""

    key: str


@dataclass(frozen=True, slots=True)
class Not:
    operand: LockExpression


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[LockExpression, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[LockExpression, ...]


LockExpression = Name | Not | And | Or


@dataclass(frozen=True, slots=True)
class Lock:
    """A parsed lock and the text it was parsed from (kept, shown by ``examine``)."""

    text: str
    expression: LockExpression


class _Parser:
    """Recursive descent over ``expr := term ('|' term)*``, ``term := factor ('&' factor)*``,
    ``factor := '!' factor | '(' expr ')' | name``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def _skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def _peek(self) -> str:
        self._skip()
        return self.text[self.at] if self.at < len(self.text) else ""

    def expression(self, depth: int) -> LockExpression:
        if depth > MAX_LOCK_DEPTH:
            raise BadLock(f"A lock nests at most {MAX_LOCK_DEPTH} levels deep.")
        terms = [self.term(depth)]
        while self._peek() == "|":
            self.at += 1
            terms.append(self.term(depth))
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def term(self, depth: int) -> LockExpression:
        factors = [self.factor(depth)]
        while self._peek() == "&":
            self.at += 1
            factors.append(self.factor(depth))
        return factors[0] if len(factors) == 1 else And(tuple(factors))

    def factor(self, depth: int) -> LockExpression:
        char = self._peek()
        if char == "!":
            self.at += 1
            if depth + 1 > MAX_LOCK_DEPTH:
                raise BadLock(f"A lock nests at most {MAX_LOCK_DEPTH} levels deep.")
            return Not(self.factor(depth + 1))
        if char == "(":
            self.at += 1
            inner = self.expression(depth + 1)
            if self._peek() != ")":
                raise BadLock("A parenthesis in that lock is not closed.")
            self.at += 1
            return inner
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in "!&|() \t":
            self.at += 1
        word = self.text[start : self.at]
        if not word:
            raise BadLock("A name is missing in that lock.")
        if not all(c.isalnum() or c in "_-" for c in word):
            raise BadLock("Lock names hold letters, digits, '_' and '-'.")
        return Name(name_key(word))


def parse_lock(text: str) -> Lock:
    """Parse a lock expression; ``BadLock`` (code ``bad_lock``) with a safe message if it is
    not one."""
    text = " ".join(text.split())
    if not text:
        raise BadLock("A lock cannot be empty; unlock instead.")
    if len(text) > MAX_LOCK:
        raise BadLock(f"A lock is at most {MAX_LOCK} characters long.")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise BadLock("A lock cannot hold control characters.")
    parser = _Parser(text)
    expression = parser.expression(0)
    if parser._peek():
        raise BadLock(f"Unexpected {parser._peek()!r} in that lock.")
    return Lock(text, expression)


def evaluate(lock: Lock | LockExpression | None, who: LockSubject) -> bool:
    """Does ``who`` pass ``lock``? No lock passes everyone."""
    if lock is None:
        return True
    expression = lock.expression if isinstance(lock, Lock) else lock
    match expression:
        case Name(key=key):
            if key == BUILDER:
                return who.builder
            if key in OWNER_WORDS:
                return who.owner
            return key == name_key(who.name)
        case Not(operand=operand):
            return not evaluate(operand, who)
        case And(operands=operands):
            return all(evaluate(o, who) for o in operands)
        case Or(operands=operands):
            return any(evaluate(o, who) for o in operands)
    raise AssertionError(f"unknown lock expression {expression!r}")


# --- Exits and things ----------------------------------------------------------------------------


def new_exit_id() -> str:
    # 96 random bits, as ``ids``: nothing to collide with, nothing leaked.
    return "x" + secrets.token_hex(12)


def new_thing_id() -> str:
    return "t" + secrets.token_hex(12)


@dataclass(frozen=True, slots=True)
class Exit:
    id: str
    source: RoomId
    name: str
    owner_id: AccountId
    created_at: dt.datetime
    aliases: tuple[str, ...] = ()
    destination: RoomId | None = None
    """None while unlinked (or once the room it led to was recycled)."""
    lock: str = ""
    """The lock's text (``parse_lock``); empty when anyone may pass."""
    description: str = ""

    def matches(self, typed: str) -> bool:
        """Does ``typed`` name this exit? By name or alias, ignoring case; the standard
        directions match their long and short forms (``n`` and ``north``)."""
        key = name_key(" ".join(typed.split()))
        if not key:
            return False
        wanted = _direction_forms(key)
        return any(
            not wanted.isdisjoint(_direction_forms(name_key(n))) for n in (self.name, *self.aliases)
        )

    @property
    def spec(self) -> str:
        """Name and aliases as typed: ``North;n``."""
        return ";".join((self.name, *self.aliases))


def find_exit(exits: list[Exit] | tuple[Exit, ...], typed: str) -> Exit | None:
    """The first exit (oldest first) that ``typed`` names."""
    return next((e for e in exits if e.matches(typed)), None)


@dataclass(frozen=True, slots=True)
class Thing:
    id: str
    name: str
    owner_id: AccountId
    created_at: dt.datetime
    description: str = ""
    lock: str = ""
    """Who may pick it up from a room (``parse_lock``); empty for anyone."""
    carrier: CharacterId | None = None
    """The character carrying it; or"""
    room: RoomId | None = None
    """the room it lies in. Neither: where it was is gone, and it is back with its owner."""

    def __post_init__(self) -> None:
        if self.carrier is not None and self.room is not None:
            raise ValueError("A thing is carried or lies in a room, not both.")


def find_thing(things: list[Thing] | tuple[Thing, ...], typed: str) -> Thing | None:
    """The thing ``typed`` names: its whole name (ignoring case) first, else the only one whose
    name, or else one of whose words, starts with it."""
    key = name_key(" ".join(typed.split()))
    if not key:
        return None
    exact = [t for t in things if name_key(t.name) == key]
    if exact:
        return exact[0]
    prefixed = [t for t in things if name_key(t.name).startswith(key)]
    if not prefixed:
        # A word of its name: "lamp" for "brass lamp", as MUCK matching allows.
        prefixed = [t for t in things if any(w.startswith(key) for w in name_key(t.name).split())]
    return prefixed[0] if len(prefixed) == 1 else None


class Seen(enum.Enum):
    """``laston``'s answers that are not a time."""

    ONLINE = "online"
    NEVER = "never"
    """Not seen since last-seen times were first kept."""
    HIDDEN = "hidden"
    """Their presence settings keep it from this viewer: not telling."""


# --- What a viewer sees ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExitListing:
    name: str
    aliases: tuple[str, ...]
    destination: str | None
    """The room it leads to; None while unlinked."""


@dataclass(frozen=True, slots=True)
class Present:
    """Someone else in the room, as the viewer may see them."""

    character: CharacterRef
    status: Status


@dataclass(frozen=True, slots=True)
class RoomView:
    room: Room
    """With its topic and description emptied where the viewer's block hides them."""
    exits: tuple[ExitListing, ...]
    people: tuple[Present, ...]
    """Who else is here, as the viewer may see them, in name order: blocked people are absent
    both ways. All of them, or (``others`` set) the latest arrivals among them."""
    things: tuple[Thing, ...]
    """The things here, but those left by someone the viewer blocks (``hidden_things``)."""
    topic_hidden: bool = False
    description_hidden: bool = False
    hidden_things: int = 0
    others: int | None = None
    """How many others are here as the viewer may see them, when ``people`` names only some
    (a gateway asked for at most so many: ``Context.people_shown``); None: it names them all."""

    @property
    def people_here(self) -> int:
        """How many others are here as the viewer may see them (named or not)."""
        return len(self.people) if self.others is None else self.others


@dataclass(frozen=True, slots=True)
class ExitView:
    exit: Exit
    destination: str | None
    description_hidden: bool = False
    """Its builder is blocked by the viewer: ``exit.description`` is empty."""


@dataclass(frozen=True, slots=True)
class ThingView:
    thing: Thing
    description_hidden: bool = False
    """Its owner is blocked by the viewer: ``thing.description`` is empty."""


@dataclass(frozen=True, slots=True)
class CharacterView:
    name: str
    pronouns: str
    description: str
    """The short description; the full profile is ``World.profile`` (``+finger``)."""


View = RoomView | ExitView | ThingView | CharacterView


@dataclass(frozen=True, slots=True)
class Examination:
    """What ``examine`` shows of a room, an exit or a thing."""

    kind: str
    """``room``, ``exit`` or ``thing``."""
    id: str
    name: str
    yours: bool
    owner: str | None
    """The owning account's name, for operators only; None otherwise (builders see ``yours``)."""
    description: str = ""
    lock: str = ""
    aliases: tuple[str, ...] = ()
    source: str | None = None
    """An exit's room."""
    destination: str | None = None
    """An exit's destination; None while unlinked."""
    location: str | None = None
    """A thing's room, or ``carried``."""
