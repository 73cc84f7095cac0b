"""The MUCK syntax of one's own profile and account: ``@set me=<field>:<value>`` (each field's
value as an intent, or as a setting of the connection's own display), ``@password`` and
``@char``.

Boudoir has no species field: species belongs in the short description (``@desc me=``), and
``@set me=species:`` says so.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import Audience, InterestLevel
from boudoir.domain.intents import (
    ChangePassword,
    CreateCharacter,
    Describe,
    Intent,
    ListCharacters,
    SetAge,
    SetHardLimits,
    SetInterests,
    SetLongDescription,
    SetProfileAudience,
    SetPronouns,
    ShowProfile,
    SwitchCharacter,
)
from boudoir.domain.intents.profiles import CompareProfile, ListAds, PostAd, SearchPartners
from boudoir.domain.ratings import Rating
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import LINE_BREAK, Doc, Invalid, Spec, Usage, line_breaks


def split_field(text: str) -> tuple[str, str]:
    """``pronouns: she/her`` -> (``pronouns``, ``she/her``); no colon: (``text``, ``""``)."""
    field, _, value = text.partition(":")
    return field.strip().lower(), value.strip()


def topic_list(text: str) -> list[str]:
    """``rope, slow burn,, hugs`` -> ``["rope", "slow burn", "hugs"]``."""
    return [t.strip() for t in text.split(",") if t.strip()]


def yes_no(text: str) -> bool | None:
    """``yes``/``on`` -> True, ``no``/``off`` -> False, ``auto`` -> None; else ValueError."""
    word = text.strip().lower()
    if word in ("yes", "y", "on", "true", "1"):
        return True
    if word in ("no", "n", "off", "false", "0"):
        return False
    if word in ("auto", "default", ""):
        return None
    raise ValueError(word)


AUDIENCE_WORDS: Final[dict[str, Audience]] = {
    "me": Audience.ONLY_ME,
    "only_me": Audience.ONLY_ME,
    "private": Audience.ONLY_ME,
    "nobody": Audience.ONLY_ME,
    "friends": Audience.FRIENDS,
    "everyone": Audience.EVERYONE,
    "public": Audience.EVERYONE,
}
"""``@set me=audience:<word>``."""


@dataclass(frozen=True, slots=True)
class Display:
    """A setting of the connection's own display (``screenreader``, ``colour``,
    ``spoofcheck``, ``highlight``): on, off, or None for as the client says."""

    name: str
    on: bool | None


@dataclass(frozen=True, slots=True)
class Notice:
    """Not a field: words that say where it belongs."""

    text: str


DISPLAY_WORDS: Final = {
    "screenreader": "Screen reader mode",
    "colour": "Colour",
    "spoofcheck": "Spoofcheck",
    "highlight": "Highlight",
}
"""How each display setting is named when one is told it is on or off."""
Value = Intent | Display | Notice


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    help: str
    parse: Callable[[str], Value]
    aliases: tuple[str, ...] = ()


def _age(value: str) -> SetAge:
    if not value.isdigit():
        raise Invalid("An age is a number of years, 18 or over.")
    return SetAge(int(value))


def _audience(value: str) -> SetProfileAudience:
    audience = AUDIENCE_WORDS.get(value.strip().lower())
    if audience is None:
        raise Invalid("Choose who sees your interests and limits: me, friends or everyone.")
    return SetProfileAudience(audience)


def _display(name: str, invalid: str, *, auto: bool = True) -> Callable[[str], Display]:
    def parse(value: str) -> Display:
        try:
            on = yes_no(value)
        except ValueError:
            raise Invalid(invalid) from None
        return Display(name, on if auto else bool(on))

    return parse


def _level(level: InterestLevel, aliases: tuple[str, ...] = ()) -> Field:
    return Field(
        level.value,
        f"Interests at level {level.value}, separated by commas (private unless your audience "
        "allows).",
        lambda value: SetInterests(level, tuple(topic_list(value))),
        aliases,
    )


SPECIES: Final = """Species is part of your short description: "@desc me=<species and looks>". \
It shows in ws, look and +finger."""
FIELDS: Final = (
    Field("pronouns", "Your pronouns, shown in ws and +finger.", SetPronouns, ("sex",)),
    Field(
        "short",
        "Your short description, the same as @desc me=.",
        Describe,
        ("shortdesc", "sdesc"),
    ),
    Field(
        "long",
        "Your long description, shown by +finger (%r for a new line).",
        lambda value: SetLongDescription(line_breaks(value)),
        ("description", "longdesc"),
    ),
    Field(
        "species",
        "Not a field of its own: put your species in your short description (@desc me=).",
        lambda value: Notice(SPECIES),
    ),
    Field("age", "Your character's declared age (18 or over).", _age),
    _level(InterestLevel.FAVOURITE, ("favourites", "favorites", "fav", "faves")),
    _level(InterestLevel.YES),
    _level(InterestLevel.MAYBE),
    _level(InterestLevel.NO),
    Field(
        "limits",
        "Your hard limits, separated by commas (private unless your audience allows).",
        lambda value: SetHardLimits(tuple(topic_list(value))),
        ("hardlimits", "hard_limits"),
    ),
    Field(
        "audience",
        "Who sees your interests and hard limits: me, friends or everyone.",
        _audience,
        ("privacy",),
    ),
    Field(
        "screenreader",
        "yes: plain sentences, no columns or decoration; auto: as your client says (MTTS).",
        _display("screenreader", "Screen reader mode is yes, no or auto."),
        ("screen_reader", "sr"),
    ),
    Field(
        "colour",
        "yes, no, or auto (as your client says).",
        _display("colour", "Colour is yes, no or auto."),
        ("color",),
    ),
    Field(
        "spoofcheck",
        "yes: show who emitted each emit after its text.",
        _display("spoofcheck", "Spoofcheck is yes or no.", auto=False),
    ),
    Field(
        "highlight",
        "yes: your character's name stands out (reverse video) where others say it in a room; "
        "only with colour, never in screen reader mode.",
        _display("highlight", "Highlight is yes or no.", auto=False),
        ("hilite",),
    ),
)
FIELD_NAMES: Final = {word: f for f in FIELDS for word in (f.name, *f.aliases)}
"""``@set me=`` field name (lower case, aliases included) -> field."""


def field_list() -> str:
    """What ``@set me`` alone shows: every field, its aliases and its help."""
    lines = ['Fields for "@set me=<field>:<value>":']
    for entry in sorted(FIELDS, key=lambda e: e.name):
        also = f" (also {', '.join(entry.aliases)})" if entry.aliases else ""
        lines.append(f"  {entry.name}{also}: {entry.help}")
    return "\n".join(lines)


SET_USAGE: Final = "@set me=<field>:<value>   @set me"
SET_HELP: Final = """Change your character or your display: "@set me=pronouns:she/her", \
"short:<text>", "long:<text>" (%r for a new line), "age:<years>", "favourites:", "yes:", \
"maybe:", "no:" (comma-separated interests at that level), "limits:" (hard limits), \
"audience:me|friends|everyone" (who sees your interests and limits), "screenreader:yes|no|auto", \
"colour:yes|no|auto", "highlight:yes|no" (your name stands out in others' lines). An empty value \
clears the field. "@set me" lists every field."""


def parse_password(line: Line) -> ChangePassword:
    old, _, new = line.args.partition("=")
    if not line.has_equals or not old or not new:
        raise Usage
    return ChangePassword(old, new)


def parse_char(line: Line) -> CreateCharacter | ListCharacters | SwitchCharacter:
    name = line.args.strip()
    if line.switch == "create":
        if not name:
            raise Usage
        return CreateCharacter(name)
    return SwitchCharacter(name) if name else ListCharacters()


SET: Final = Doc("@set", SET_USAGE, SET_HELP, topic="social")
PASSWORD_SPEC: Final = Spec(
    "@password",
    usage="@password <old password>=<new password>",
    help="Change your account's password (for every character and gateway).",
    parse=parse_password,
    aliases=("@newpassword",),
    topic="account",
)
"""Registered by the gateway itself: a wrong current password has its own words there."""


def _compare(line: Line) -> CompareProfile:
    if not line.args.strip():
        raise Usage
    return CompareProfile(line.args.strip())


RATING_WORDS: Final = {r.name.lower(): r for r in Rating}


def parse_search(line: Line) -> SearchPartners:
    """``search [looking] [general|mature|adult] [<language>]``, in any order."""
    rating: Rating | None = None
    looking = False
    language = ""
    for word in line.args.lower().split():
        if word == "looking":
            looking = True
        elif word in RATING_WORDS:
            rating = RATING_WORDS[word]
        elif not language:
            language = word
        else:
            raise Usage
    return SearchPartners("", rating, looking, language)


def _ad(line: Line) -> PostAd:
    if not line.args.strip():
        raise Usage
    return PostAd("", line.args.strip())


SEARCH_HELP: Final = (
    "Partner search: characters whose owners asked to be found, best match first by your "
    "kink lists (favourites both share count most; a hard limit against your favourites keeps "
    'someone out). "looking" keeps those online and looking for roleplay; a rating keeps those '
    "who take part in it; a language tag (en, fr) keeps those who speak it or list none."
)
PROFILE_SPECS: Final = (
    Spec(
        "compare",
        usage="compare <name>",
        help=(
            "Your kink list beside theirs (what they share with you): hard limits and conflicts "
            "first, then matches."
        ),
        parse=_compare,
        aliases=("+compare",),
        topic="social",
    ),
    Spec(
        "search",
        usage="search [looking] [general|mature|adult] [<language>]",
        help=SEARCH_HELP,
        parse=parse_search,
        aliases=("+search", "+lfrp"),
        topic="social",
    ),
    Spec(
        "ad",
        usage="ad <text>",
        help=(
            'Post a "looking for roleplay" ad in the room you are in, if it takes ads (one per '
            'room every few minutes). Others see "[Ad] <you>: <text>".'
        ),
        parse=_ad,
        aliases=("+ad",),
        topic="social",
    ),
    Spec(
        "ads",
        usage="ads",
        help="The recent ads of the room you are in that reached you, oldest first.",
        parse=lambda line: ListAds(""),
        aliases=("+ads",),
        topic="social",
    ),
    Spec(
        "+finger",
        usage="+finger [<name>]",
        help="""A character's profile: pronouns, descriptions, status, and each section their \
owner shares with you (details, kinks and interests by level, hard limits). Without a name, \
your own.""",
        parse=lambda line: ShowProfile(line.args.strip()),
        aliases=("wi", "finger", "+profile"),
        topic="social",
    ),
    Spec(
        "@char",
        usage="@char   @char <name>   @char/create <name>",
        help="""List your account's characters, switch to another ("@char Ivy": your current \
character leaves its rooms and channels; the new one arrives at its home), or create one.""",
        parse=parse_char,
        aliases=("@character", "@chars"),
        topic="account",
        switches=("create",),
    ),
)

__all__ = ["LINE_BREAK", "line_breaks"]
