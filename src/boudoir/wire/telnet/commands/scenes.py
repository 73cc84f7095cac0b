"""Telnet commands about scenes: ``scene`` (invite, invitations, accept, decline, add, vote,
leave, list), ``safeword``, ``pause`` and ``resume``.

A scene named by none of these is, on telnet, the one the user stands in (the gateway fills
it in), else their only one. ``scene invite`` may name several people: it gives one intent
each, and each is answered on its own.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.scenes import (
    AcceptSceneInvitation,
    DeclineSceneInvitation,
    InviteToScene,
    LeaveScene,
    ListSceneInvitations,
    ListScenes,
    PauseScene,
    ProposeForScene,
    ResumeScene,
    Safeword,
    SceneIntents,
    VoteOnAddition,
)
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Doc, Spec, Usage

RATINGS: Final = {rating.label: rating for rating in Rating}
NOTE_SEPARATOR: Final = "/"
"""Between a scene invitation's tags and its note: ``scene invite Bob=mature tag tag / note``."""
MAX_INVITEES: Final = 10
"""Names one ``scene invite`` may go to, as a page's targets are bounded."""
SUBCOMMANDS: Final = (
    "invite",
    "invitations",
    "accept",
    "decline",
    "decline/block",
    "add",
    "vote",
    "leave",
    "list",
)


def _split(line: Line) -> tuple[str, str]:
    """``scene/accept 1a2b`` and ``scene accept 1a2b`` alike: (subcommand, the rest)."""
    if line.switch:
        return line.switch, line.args.strip()
    word, _, rest = line.args.strip().partition(" ")
    word = word.lower()
    rest = rest.strip()
    if word == "decline" and rest.lower().startswith("block "):
        return "decline/block", rest[6:].strip()
    return word, rest


def parse_scene(line: Line) -> tuple[SceneIntents, ...]:
    """The intents of one ``scene`` line (several for an invitation to several people);
    ``Usage`` when it fits no subcommand."""
    sub, rest = _split(line)
    if sub == "invite":
        return _invite(rest)
    if sub == "invitations":
        return (ListSceneInvitations(),)
    if sub == "list":
        return (ListScenes(),)
    if sub == "accept" and rest:
        return (AcceptSceneInvitation(rest),)
    if sub in ("decline", "decline/block") and rest:
        return (DeclineSceneInvitation(rest, block=sub == "decline/block"),)
    if sub == "add" and rest:
        return (ProposeForScene(rest),)
    if sub == "vote" and "=" in rest:
        return (_vote(rest),)
    if sub == "leave":
        return (LeaveScene(rest or None),)
    raise Usage


def _invite(rest: str) -> tuple[InviteToScene, ...]:
    names_text, equals, details = rest.partition("=")
    names = [n for n in names_text.replace(",", " ").split() if n]
    if not equals or not names:
        raise Usage
    if len(names) > MAX_INVITEES:
        raise InvalidInput(f"A scene invitation goes to at most {MAX_INVITEES} people.")
    before, _, note = details.partition(NOTE_SEPARATOR)
    words = before.replace(",", " ").split()
    rating = RATINGS.get(words[0].lower()) if words else None
    if rating is None:
        raise InvalidInput("Give the scene's rating: general, mature or adult.")
    return tuple(InviteToScene(name, rating, tuple(words[1:]), note.strip()) for name in names)


def _vote(rest: str) -> VoteOnAddition:
    left, _, answer = rest.partition("=")
    words = left.split()
    answer = answer.strip().lower()
    if answer not in ("yes", "no") or not 1 <= len(words) <= 2:
        raise Usage
    named, name = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    return VoteOnAddition(named, name, answer == "yes")


def _safeword(line: Line) -> Safeword:
    # Every scene this connection is in ends at once: a safeword never asks which one.
    words = line.args.replace(",", " ").split()
    if words and words[0].lower() == "block":
        rest = words[1:]
        return Safeword(None, "all" if [w.lower() for w in rest] == ["all"] else tuple(rest))
    return Safeword(None, tuple(words))


SCENE_USAGE: Final = """scene invite <name>[,<name>]=<general|mature|adult> [tags...] [/ note]   \
scene accept|decline|decline/block <id>   scene add <name>   scene vote <name>=yes|no   \
scene leave   scene list"""
SCENE_HELP: Final = """\
Scenes are private rooms everyone in them agreed to. "scene invite Bob=mature \
slow-burn / a rainy night" invites Bob; they see the rating, tags, note and your hard limits, \
and "scene accept <id>" starts it (you both stand in it). "scene add Carol" proposes someone: \
every member must say "scene vote Carol=yes" (one no ends it, and nobody is told whose). \
"scene leave" leaves; "scene invitations" and "scene list" show what is open. See also \
safeword, pause and resume."""

SCENE_SPECS = (
    Spec(
        "safeword",
        usage="safeword   safeword block all   safeword block <name>[,<name>]",
        help="""End your scene now, for everyone at once. Nobody is told who called it, and \
nobody is to blame. "safeword block all" also blocks everyone else in it; "safeword block \
Bob" blocks Bob. The others cannot invite you to a scene for a while.""",
        parse=_safeword,
        aliases=("@safeword", "red"),
        topic="consent",
    ),
    Spec(
        "pause",
        usage="pause",
        help="""Yellow: pause the scene for a check-in. Until someone resumes it, only OOC goes \
through. Nobody is told who paused.""",
        parse=lambda line: PauseScene(line.args.strip() or None),
        aliases=("yellow",),
        topic="consent",
    ),
    Spec(
        "resume",
        usage="resume",
        help="Resume a paused scene (whoever paused it decides, or anyone once they have left).",
        parse=lambda line: ResumeScene(line.args.strip() or None),
        topic="consent",
    ),
)
"""Registered by the gateway's scene module, which fills in the scene the user stands in."""


SCENE: Final = Doc("scene", SCENE_USAGE, SCENE_HELP, topic="consent", switches=SUBCOMMANDS)
