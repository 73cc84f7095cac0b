"""NickServ's table: accounts, characters, settings, friends, blocks and message requests.

The log-in verbs (REGISTER, IDENTIFY), SWITCH (a change of nick) and the message requests are
the gateway's own verbs; the rest are intents. ``HELP`` is kept as one
text: its lines group several verbs and are wrapped by hand.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from boudoir.domain.entities import DirectMessagePolicy, PresenceVisibility, parse_choice
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents import Intent
from boudoir.domain.intents.account import (
    Attest,
    ChangeSettings,
    CreateCharacter,
    Describe,
    ListCharacters,
    ReadAttestation,
    SetAge,
    SetPronouns,
    ShowAccount,
    ShowProfile,
)
from boudoir.domain.intents.profiles import CompareProfile, SearchPartners
from boudoir.domain.intents.relations import (
    AddFriend,
    Block,
    ListBlocks,
    ListFriends,
    RemoveFriend,
    Unblock,
)
from boudoir.domain.intents.speech import AcceptRequest, DeclineRequest, ListRequests
from boudoir.domain.ratings import Rating
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable, Usage, one

HELP: Final = """\
NickServ commands (/msg NickServ <command>):
  REGISTER <password> <date of birth YYYY-MM-DD> [invitation code]
                                  create an account named as your nick (the code where
                                  the server makes accounts by invitation)
  IDENTIFY [name] <password>      log in (or use SASL PLAIN in your client); a password
                                  with spaces: IDENTIFY <name> <the whole password>
  ATTEST                          read the adult statement; ATTEST YES to affirm it
  CHARACTERS                      your characters
  SWITCH <name>                   act as another of them (or /nick <name>)
  CHARACTER CREATE <name>         a new character
  SET AGE <years>                 your character's declared age (adult rooms need 18+)
  SET PRONOUNS <text> | SET DESCRIPTION <text>
  SET DMPOLICY anyone|shared-room|friends|nobody   who may message you
  SET RATINGS general[,mature][,adult]             what you want to see
  SET PRESENCE everyone|friends|nobody             who sees you online
  SETTINGS                        show your settings
  FRIEND ADD|DEL <name>, FRIENDS  your friend list
  BLOCK <name>, UNBLOCK <name>, BLOCKS   blocks hold across all their characters
  PROFILE [name], COMPARE <name>  a profile as its owner shares it; your kinks beside theirs
  SEARCH [looking] [rating] [language]   partners who asked to be found, best match first
  REQUESTS                        message requests from strangers
  ACCEPT <name>, DECLINE <name>   answer a message request"""


def _attest(words: Sequence[str]) -> Intent:
    return Attest() if [w.upper() for w in words] == ["YES"] else ReadAttestation()


def _character(words: Sequence[str]) -> Intent:
    if len(words) != 2 or words[0].upper() != "CREATE":
        raise Usage
    return CreateCharacter(words[1])


def _set(words: Sequence[str]) -> Intent:
    """``SET <what> <value>``: the value is the rest of the words."""
    if len(words) < 2:
        raise Usage
    what, value = words[0].upper(), " ".join(words[1:])
    match what:
        case "DMPOLICY":
            return ChangeSettings(dm_policy=parse_choice(DirectMessagePolicy, value))
        case "PRESENCE":
            return ChangeSettings(presence_visibility=parse_choice(PresenceVisibility, value))
        case "RATINGS":
            chosen = frozenset(Rating.parse(r) for r in value.replace(",", " ").split())
            return ChangeSettings(ratings=chosen)
        case "AGE":
            if not value.isdigit():
                raise InvalidInput("Use: SET AGE <years>")
            return SetAge(int(value))
        case "PRONOUNS":
            return SetPronouns(value)
        case "DESCRIPTION":
            return Describe(value)
    raise InvalidInput(f"Unknown setting {what}. HELP lists them.")


SEARCH_TEXT: Final = (
    "partner search among characters that asked to be found, best match first; a rating "
    "(general, mature, adult) and a language tag (en, fr) narrow it"
)


def _search(words: Sequence[str]) -> Intent:
    """``SEARCH [looking] [general|mature|adult] [<language>]``, in any order."""
    rating: Rating | None = None
    looking = False
    language = ""
    for word in (w.lower() for w in words):
        if word == "looking":
            looking = True
        elif word in ("general", "mature", "adult"):
            rating = Rating.parse(word)
        elif not language:
            language = word
        else:
            raise Usage
    return SearchPartners("", rating, looking, language)


def _friend(words: Sequence[str]) -> Intent:
    if not words or words[0].upper() == "LIST":
        return ListFriends()
    if len(words) == 2 and words[0].upper() == "ADD":
        return AddFriend(words[1])
    if len(words) == 2 and words[0].upper() in ("DEL", "REMOVE"):
        return RemoveFriend(words[1])
    raise Usage


NICKSERV = ServiceTable(
    "NickServ",
    (
        ServiceCommand(
            "ATTEST", "ATTEST [YES]", "read the adult statement; ATTEST YES to affirm it", _attest
        ),
        ServiceCommand(
            "CHARACTERS", "CHARACTERS", "your characters", lambda words: ListCharacters()
        ),
        ServiceCommand("CHARACTER", "CHARACTER CREATE <name>", "a new character", _character),
        ServiceCommand(
            "SET",
            "SET <AGE|PRONOUNS|DESCRIPTION|DMPOLICY|RATINGS|PRESENCE> <value>",
            "your character's age, pronouns and description; who may message you, what you "
            "want to see, who sees you online",
            _set,
        ),
        ServiceCommand("SETTINGS", "SETTINGS", "show your settings", lambda words: ShowAccount()),
        ServiceCommand(
            "FRIEND", "FRIEND ADD <name>, FRIEND DEL <name>, FRIENDS", "your friend list", _friend
        ),
        ServiceCommand("FRIENDS", "FRIENDS", "your friend list", lambda words: ListFriends()),
        ServiceCommand(
            "BLOCK",
            "BLOCK <name>",
            "block a person: all their characters, never told",
            lambda words: Block(one(words)),
        ),
        ServiceCommand(
            "UNBLOCK", "UNBLOCK <name>", "lift a block", lambda words: Unblock(one(words))
        ),
        ServiceCommand("BLOCKS", "BLOCKS", "the people you block", lambda words: ListBlocks()),
        ServiceCommand(
            "REQUESTS",
            "REQUESTS",
            "message requests from strangers",
            lambda words: ListRequests(),
        ),
        ServiceCommand(
            "PROFILE",
            "PROFILE [<name>]",
            "a character's profile, each section as its owner shares it (yours without a name)",
            lambda words: ShowProfile(" ".join(words)),
        ),
        ServiceCommand(
            "COMPARE",
            "COMPARE <name>",
            "your kink list beside theirs: hard limits and conflicts first",
            lambda words: CompareProfile(one(words)),
        ),
        ServiceCommand("SEARCH", "SEARCH [looking] [rating] [language]", SEARCH_TEXT, _search),
        ServiceCommand(
            "ACCEPT",
            "ACCEPT <name>",
            "answer a message request",
            lambda words: AcceptRequest(one(words)),
        ),
        ServiceCommand(
            "DECLINE",
            "DECLINE <name>",
            "answer a message request",
            lambda words: DeclineRequest(one(words)),
        ),
    ),
)
