"""AutoMod on IRC: ``/msg AutoMod <command>`` reads and manages the automod rules.

Operators add, change and remove rules; server moderators list them, test text against them
and clear a false positive. A service in name only, as NickServ: handled here by calling the
core, answered with notices from ``AutoMod``. ``run`` takes a verb and its words, so that
another service (ModServ) can hand ``RULES`` and ``RULE ...`` over to it.
"""

from __future__ import annotations

import shlex
from collections.abc import Coroutine
from typing import Any

from boudoir.core.automod import RuleFields, rule_fields
from boudoir.domain.automod import Hit, Rule
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import service
from boudoir.wire.irc import Message

SERVICE = "AutoMod"
MASK = "AutoMod!services@services"
VERBS = frozenset({"RULES", "RULE"})
"""What this module answers, for a service that hands these verbs over."""

HELP = """\
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


def reply(client: IrcClient, text: str) -> None:
    for line in text.split("\n"):
        client.machine.send_message(Message("NOTICE", (client.nick, line or " "), source=MASK))


@service(SERVICE)
def automod(client: IrcClient, text: str) -> Coroutine[Any, Any, None] | None:
    """``/msg AutoMod <text>``."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words or words[0].upper() == "HELP":
        reply(client, HELP)
        return None
    if client.conn is None:
        reply(client, "Log in first: /msg NickServ IDENTIFY <name> <password>.")
        return None
    return run(client, words[0].upper(), words[1:])


async def run(client: IrcClient, verb: str, args: list[str]) -> None:
    """Answer ``RULES`` or ``RULE ...``; errors are told as notices."""
    try:
        _run(client, verb, args) if verb == "RULES" else await _rule(client, args)
    except BoudoirError as error:
        reply(client, error.message)


def _run(client: IrcClient, verb: str, args: list[str]) -> None:
    conn = client.conn
    assert conn is not None
    rules = client.server.world.automod.rules(conn.person)
    reply(client, "\n".join(describe(rule) for rule in rules) or "There are no rules.")


def describe(rule: Rule) -> str:
    """One line: id, name, action, where, on or off."""
    places = ",".join(sorted(p.value for p in rule.places))
    where = f"in {places}" + (f" rated {rule.min_rating.label}+" if rule.min_rating else "")
    state = "on" if rule.enabled else "off"
    pack = f" [pack {rule.pack}]" if rule.pack else ""
    return f"{rule.id}: {rule.name!r} {rule.action.value} {where}, {state}{pack}"


def _hits(hits: list[Hit]) -> str:
    if not hits:
        return "No rule hits that text."
    return "\n".join(f"{hit.rule.id} ({hit.rule.name}) matches {hit.matched!r}" for hit in hits)


async def _rule(client: IrcClient, args: list[str]) -> None:
    conn = client.conn
    assert conn is not None
    automod = client.server.world.automod
    me = conn.person
    if not args:
        raise InvalidInput("Use: RULE <id|name>, RULE ADD|DEL|ENABLE|DISABLE|TEST|CLEAR. HELP.")
    sub, rest = args[0].upper(), args[1:]
    if sub == "TEST":
        reply(client, _hits(automod.test(me, " ".join(rest))))
    elif sub == "ADD":
        rule = await automod.add_rule(me, **_new_rule(rest))
        reply(client, "Added " + describe(rule))
    elif sub in ("DEL", "REMOVE") and len(rest) == 1:
        rule = await automod.remove_rule(me, rest[0])
        reply(client, f"Removed {rule.name!r}.")
    elif sub in ("ENABLE", "DISABLE") and len(rest) == 1:
        rule = await automod.change_rule(me, rest[0], enabled=sub == "ENABLE")
        reply(client, describe(rule))
    elif sub == "CLEAR" and len(rest) >= 2:
        rule = await automod.clear_phrase(me, rest[0], " ".join(rest[1:]))
        reply(client, f"{rule.name!r} will not hit {' '.join(rest[1:])!r} again.")
    elif len(args) == 1:
        rule = automod.rule(me, args[0])
        reply(client, f"{describe(rule)}\n{rule.kind.value}: {rule.pattern}")
    else:
        raise InvalidInput("Use: RULE <id|name>, RULE ADD|DEL|ENABLE|DISABLE|TEST|CLEAR. HELP.")


_OPTIONS = ("in=", "rating=", "message=")


def _option(word: str) -> tuple[str, str]:
    key, value = word.split("=", 1)
    return key.lower(), value


def _new_rule(args: list[str]) -> RuleFields:
    positional = [a for a in args if not a.lower().startswith(_OPTIONS)]
    options = dict(_option(a) for a in args if a.lower().startswith(_OPTIONS))
    if len(positional) != 4:
        raise InvalidInput(
            'Use: RULE ADD <name> <flag|hold|block> <words|regex> "<pattern>" '
            "[in=room,scene,direct] [rating=mature] [message=...]"
        )
    name, action, kind, pattern = positional
    return rule_fields(
        name,
        action,
        kind,
        pattern,
        options.get("in"),
        options.get("rating"),
        options.get("message"),
    )
