"""The words and parsing telnet commands have in ``wire.telnet``: speech and page lines,
``@set me`` fields, ``help``, ``haven``, channels, friends, ``+finger`` and GMCP login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from boudoir.domain.entities import (
    Character,
    DirectMessagePolicy,
    Interest,
    InterestLevel,
    Status,
)
from boudoir.domain.events import MessageKind
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.intents import (
    CreateCharacter,
    Direct,
    ListCharacters,
    Say,
    SetAge,
    ShowProfile,
    SwitchCharacter,
    Whisper,
)
from boudoir.domain.profiles import CustomKink, ProfileDetails, ProfileSection
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import ProfileShown
from boudoir.domain.replies.rooms import RoomListing
from boudoir.wire.telnet import login
from boudoir.wire.telnet.commands import SPECS, Usage, parse_line
from boudoir.wire.telnet.commands.channels import alias_problem
from boudoir.wire.telnet.commands.consent import haven
from boudoir.wire.telnet.commands.help import help_text
from boudoir.wire.telnet.commands.profile import FIELD_NAMES, Display, Notice, field_list
from boudoir.wire.telnet.commands.social import friends_text
from boudoir.wire.telnet.commands.spec import Invalid
from boudoir.wire.telnet.commands.speech import SPEAKING_SPECS, parse_page
from boudoir.wire.telnet.gmcp_events import credentials, supports
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies.account import finger_text
from boudoir.wire.telnet.replies.channels import alias_table, channel_table

SPEAKING = {spec.name: spec for spec in SPEAKING_SPECS}
BY_WORD = {word: spec for spec in SPECS for word in (spec.name, *spec.aliases)}
AT = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)


def test_speech_lines_name_no_room_for_the_gateway_to_fill() -> None:
    assert SPEAKING["say"].parse(parse_line('"hi')) == Say("", "hi", MessageKind.SAY)
    assert SPEAKING["pose"].parse(parse_line(":waves")) == Say("", "waves", MessageKind.POSE)
    assert SPEAKING["ooc"].parse(parse_line("ooc  brb ")) == Say("", "brb", MessageKind.OOC)
    assert SPEAKING["@emit"].parse(parse_line("@emit Rain.")) == Say("", "Rain.", MessageKind.EMIT)
    assert SPEAKING["whisper"].parse(parse_line("wh Bob=psst")) == Whisper("", "Bob", "psst")
    for name, line in (("say", "say   "), ("whisper", "whisper Bob"), ("whisper", "w =hi")):
        with pytest.raises(Usage):
            SPEAKING[name].parse(parse_line(line))


def test_a_page_goes_to_names_the_last_recipients_or_the_last_pager() -> None:
    names, intents = parse_page(parse_line("page Bob, Cy=:waves"), None, ())
    assert names == ["Bob", "Cy"]
    assert intents == (
        Direct("Bob", "waves", MessageKind.POSE),
        Direct("Cy", "waves", MessageKind.POSE),
    )
    assert parse_page(parse_line("page =again"), None, ["Bob"])[0] == ["Bob"]
    assert parse_page(parse_line("page #r=thanks"), "Dee", ())[1] == (Direct("Dee", "thanks"),)
    with pytest.raises(Invalid, match="Nobody has paged you"):
        parse_page(parse_line("page #r="), None, ())
    with pytest.raises(Invalid, match="not paged anyone"):
        parse_page(parse_line("page =hi"), None, ())
    with pytest.raises(Invalid, match="at most 10"):
        parse_page(parse_line("page " + " ".join(f"p{n}" for n in range(11)) + "=hi"), None, ())
    for line in ("page Bob", "page Bob="):
        with pytest.raises(Usage):
            parse_page(parse_line(line), None, ())


def test_set_me_fields_give_intents_display_settings_or_a_notice() -> None:
    assert FIELD_NAMES["age"].parse("21") == SetAge(21)
    with pytest.raises(Invalid, match="number of years"):
        FIELD_NAMES["age"].parse("old")
    assert FIELD_NAMES["sr"].parse("auto") == Display("screenreader", None)
    assert FIELD_NAMES["color"].parse("no") == Display("colour", False)
    assert FIELD_NAMES["spoofcheck"].parse("") == Display("spoofcheck", False)
    with pytest.raises(Invalid, match="Spoofcheck is yes or no"):
        FIELD_NAMES["spoofcheck"].parse("maybe")
    assert isinstance(FIELD_NAMES["species"].parse("fox"), Notice)
    listing = field_list().splitlines()
    assert listing[0] == 'Fields for "@set me=<field>:<value>":'
    assert listing[1].startswith("  age: ")
    assert any(line.startswith("  colour (also color): ") for line in listing)


def test_char_and_finger_lines_are_account_intents() -> None:
    assert BY_WORD["@char"].parse(parse_line("@char")) == ListCharacters()
    assert BY_WORD["@char"].parse(parse_line("@char Ivy")) == SwitchCharacter("Ivy")
    assert BY_WORD["@char"].parse(parse_line("@char/create Ivy")) == CreateCharacter("Ivy")
    with pytest.raises(Usage):
        BY_WORD["@char"].parse(parse_line("@char/create"))
    assert BY_WORD["+finger"].parse(parse_line("wi")) == ShowProfile("")
    assert BY_WORD["+finger"].parse(parse_line("finger Bob")) == ShowProfile("Bob")


@dataclass(frozen=True)
class _Entry:
    name: str
    usage: str
    help: str
    aliases: tuple[str, ...] = ()
    topic: str = "general"


def test_help_shows_one_command_a_topic_or_the_index() -> None:
    page = _Entry("page", "page <name>=<text>", "Pages.", ("p",), "speech")
    table = {"page": page, "p": page, "@set": _Entry("@set", "@set me", "Sets.", (), "social")}
    assert help_text(table, "p", False) == "page: page <name>=<text>\nPages.\nAlso: p"
    assert help_text(table, "+page", False) == help_text(table, "page", False)
    assert help_text(table, "speech", False) == "Speaking and paging:\n  page <name>=<text>"
    assert help_text(table, "", True) == (
        'Commands by topic ("help <command>" for one, "help <topic>" for a topic):\n'
        "Speaking and paging (speech): page.\n"
        "People and your character (social): @set."
    )
    assert help_text(table, "nothing", False) is None


def test_haven_switches_and_restores_what_it_replaced() -> None:
    on = haven("", DirectMessagePolicy.FRIENDS, None)
    assert on.policy is DirectMessagePolicy.NOBODY
    assert on.notice
    off = haven("", DirectMessagePolicy.NOBODY, DirectMessagePolicy.FRIENDS)
    assert off.policy is DirectMessagePolicy.FRIENDS
    assert off.text == "Haven is off: only friends may page you."
    forgot = haven("off", DirectMessagePolicy.NOBODY, None)
    assert forgot.policy is DirectMessagePolicy.SHARED_ROOM
    assert "(the default; your earlier setting was not kept)" in forgot.text
    status = haven("status", DirectMessagePolicy.ANYONE, None)
    assert status.policy is None
    assert status.text == "Haven is off: anyone may page you."


def test_channel_aliases_and_tables() -> None:
    assert alias_problem("rp") is None
    assert alias_problem("x" * 17) == "An alias is at most 16 characters."
    assert alias_table({}, Screen(80)).startswith("You have no channels.")
    assert alias_table({"rp": "Tavern"}, Screen(80)) == "Alias  Channel\nrp     Tavern"
    assert alias_table({"rp": "Tavern"}, Screen(80, True)) == "rp speaks on Tavern."
    tavern = RoomListing("Tavern", Rating.GENERAL, "Ale", False, 1, ("al",), ("pub", "cozy"))
    assert channel_table((), {}, Screen(80)) == "There are no public rooms yet."
    assert channel_table((tavern,), {"rp": "tavern"}, Screen(80, True)) == (
        'Tavern, 1 person, rated general, tagged pub, cozy, your alias "rp", topic: Ale.'
    )
    assert channel_table((tavern,), {}, Screen(80)).splitlines() == [
        "Room    People  Alias  Rating, tags        Topic",
        "Tavern  1       -      general, pub, cozy  Ale",
    ]


def test_a_friend_list_says_who_is_on_and_who_is_not() -> None:
    online = {"bob": ("Bob", Status.AWAY, "tea")}
    assert friends_text(["cy", "Bob"], online, alerts=False) == (
        "Friends online: Bob (away: tea).\n"
        "Not online, or not showing it to you: cy.\n"
        'Friend alerts are off ("wf/on" to turn them on).'
    )


def test_finger_shows_each_section_only_when_shared() -> None:
    fox = Character(
        id=CharacterId("f"),
        account_id=AccountId("a"),
        name="Fox",
        created_at=AT,
        pronouns="she/her",
        interests=(Interest("rope", InterestLevel.YES),),
        hard_limits=("gore",),
        details=ProfileDetails(species="fox", languages=("en", "fr")),
        kinks=(("wax", InterestLevel.FAVOURITE),),
        custom_kinks=(CustomKink("Moonlight", "", InterestLevel.FAVOURITE),),
        has_image=True,
    )
    every = frozenset(ProfileSection)
    names = (("wax", "Wax play"),)
    assert finger_text(ProfileShown(fox, True, Status.ONLINE, every, names)) == (
        "Fox (she/her)\nStatus: online.\nSpecies: fox\nLanguages: en, fr\n"
        "A profile image: see it in the browser.\n"
        "Favourites: Wax play, Moonlight.\nYes: rope.\nHard limits: gore."
    )
    assert finger_text(ProfileShown(fox, False, None, frozenset())) == (
        "Fox (she/her)\nKinks and interests: not shared with you.\n"
        "Hard limits: not shared with you."
    )
    limits_only = frozenset({ProfileSection.LIMITS})
    assert finger_text(ProfileShown(fox, False, None, limits_only)) == (
        "Fox (she/her)\nKinks and interests: not shared with you.\nHard limits: gore."
    )


def test_gmcp_supports_and_credentials() -> None:
    assert supports("core.supports.set", ["Char 1"], None) == frozenset({"Char"})
    assert supports("core.supports.remove", ["Char 1"], frozenset({"Char"})) == frozenset()
    assert supports("char.login.credentials", {}, None) is None
    assert credentials({"account": "al", "password": "pw"}) == ("al", "pw")
    assert credentials({"name": "al"}) is None
    assert credentials(["al"]) is None


def test_the_words_of_signing_up_and_entering_the_world() -> None:
    assert login.account_made("al", awaiting_approval=False) == (
        "Welcome, al. Your account is made."
    )
    assert "waits for an operator's approval" in login.account_made("al", awaiting_approval=True)
    assert login.entered("Tess", []) == "You are Tess."
    assert login.entered("Tess", ["Ivy"]) == (
        'You are Tess. Your other characters: Ivy ("@char <name>" to switch).'
    )
    assert login.pages_waiting([]) is None
    assert login.pages_waiting(["Bo", "Cy"]) == (
        'Pages waiting for your yes: Bo, Cy. Type "requests" to read them.'
    )
