"""AutoMod's table: ``RULES``, and ``RULE`` with its sub-commands (``RULE TEST``, ``RULE ADD``...),
also reached through ModServ.

Its words are quoted as a shell would (``RULE ADD "Fruit" block words "mango, papaya"``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

from boudoir.domain.automod import ALL_PLACES, Action, PatternKind, Place
from boudoir.domain.entities import parse_choice
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.automod import (
    AddRule,
    AutomodIntents,
    ChangeRule,
    ClearPhrase,
    ListRules,
    RemoveRule,
    ShowRule,
    TryText,
)
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable

HELP: Final = """\
AutoMod commands (/msg AutoMod <command>), for server moderators and operators:
  RULES                                  every rule: id, action, where, on or off
  RULE <id|name>                         one rule in full
  RULE TEST <text>                       which rules a text hits
  RULE CLEAR <id|name> <phrase>          a false positive: never hit that phrase again
Operators only:
  RULE ADD <name> <flag|hold|block> <words|regex> <pattern> [in=room,scene,direct]
           [rating=general|mature|adult] [message=<text for a block>]
      Quote what has spaces: RULE ADD "Fruit" block words "mango, papaya" message="No fruit."
  RULE DEL <id|name>                     remove (a default pack's rule: disable it instead)
  RULE ENABLE <id|name> | RULE DISABLE <id|name>"""
"""AutoMod's HELP, as one text: ``RULE``'s sub-commands are one table row."""

RULE_USAGE: Final = "Use: RULE <id|name>, RULE ADD|DEL|ENABLE|DISABLE|TEST|CLEAR. HELP."
ADD_USAGE: Final = (
    'Use: RULE ADD <name> <flag|hold|block> <words|regex> "<pattern>" '
    "[in=room,scene,direct] [rating=mature] [message=...]"
)
_OPTIONS: Final = ("in=", "rating=", "message=")


def _option(word: str) -> tuple[str, str]:
    key, value = word.split("=", 1)
    return key.lower(), value


def _add(words: Sequence[str]) -> AddRule:
    """``<name> <action> <kind> <pattern>`` and the options ``in=``, ``rating=``,
    ``message=``, in any order."""
    positional = [w for w in words if not w.lower().startswith(_OPTIONS)]
    options = dict(_option(w) for w in words if w.lower().startswith(_OPTIONS))
    if len(positional) != 4:
        raise InvalidInput(ADD_USAGE)
    name, action, kind, pattern = positional
    chosen_action = parse_choice(Action, action)  # the action's mistake is told first
    chosen_kind = parse_choice(PatternKind, kind)
    places, rating, message = options.get("in"), options.get("rating"), options.get("message")
    return AddRule(
        name,
        chosen_kind,
        pattern,
        chosen_action,
        frozenset(parse_choice(Place, p) for p in places.split(",") if p) if places else ALL_PLACES,
        Rating.parse(rating) if rating else Rating.GENERAL,
        message or "",
    )


_SUB: Final[Mapping[str, Callable[[Sequence[str]], AutomodIntents | None]]] = {
    "TEST": lambda rest: TryText(" ".join(rest)),
    "ADD": _add,
    "DEL": lambda rest: RemoveRule(rest[0]) if len(rest) == 1 else None,
    "REMOVE": lambda rest: RemoveRule(rest[0]) if len(rest) == 1 else None,
    "ENABLE": lambda rest: ChangeRule(rest[0], enabled=True) if len(rest) == 1 else None,
    "DISABLE": lambda rest: ChangeRule(rest[0], enabled=False) if len(rest) == 1 else None,
    "CLEAR": lambda rest: ClearPhrase(rest[0], " ".join(rest[1:])) if len(rest) >= 2 else None,
}
"""``RULE``'s sub-commands; None when the words do not fit (then ``RULE <one word>`` names a
rule)."""


def _rule(words: Sequence[str]) -> AutomodIntents:
    if not words:
        raise InvalidInput(RULE_USAGE)
    sub = _SUB.get(words[0].upper())
    intent = None if sub is None else sub(words[1:])
    if intent is not None:
        return intent
    if len(words) == 1:
        return ShowRule(words[0])
    raise InvalidInput(RULE_USAGE)


AUTOMOD = ServiceTable(
    "AutoMod",
    (
        ServiceCommand("RULES", "RULES", "every rule", lambda _: ListRules()),
        ServiceCommand("RULE", "RULE <id|name>", "one rule, or a sub-command", _rule),
    ),
)
