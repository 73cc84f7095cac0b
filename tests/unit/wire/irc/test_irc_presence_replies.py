"""IRC's presence numerics from plain replies: WHO (and WHOX), WHOIS, USERHOST, ISON."""

from __future__ import annotations

from boudoir.domain.entities import Status
from boudoir.domain.ids import CharacterId
from boudoir.domain.replies import (
    MemberOnline,
    NotOnline,
    OnlineList,
    PersonOnline,
    RoomPresence,
    SharedRoom,
    WhoisShown,
)
from boudoir.wire.irc.replies import presence as replies

SERVER = replies.Server("irc.test", "Boudoir")


def person(name: str, status: Status = Status.ONLINE, *, on_duty: bool = False) -> PersonOnline:
    message = "brb" if status is not Status.ONLINE else ""
    return PersonOnline(CharacterId(name), name, status, message, "she/her", "a fox", on_duty)


def test_who_of_a_room_gives_flags_and_prefixes_as_the_client_can_read_them() -> None:
    room = RoomPresence(
        "Lobby",
        (
            MemberOnline(person("ada", on_duty=True), manager=True, voiced=True),
            MemberOnline(person("bo", Status.AWAY), manager=False, voiced=False),
        ),
    )
    plain = replies.who(room, "#lobby", SERVER, limit=10)
    assert plain == [
        ("352", "#Lobby", "rp", "cloaked", "irc.test", "ada", "H*@", "0 she/her - a fox"),
        ("352", "#Lobby", "rp", "cloaked", "irc.test", "bo", "G", "0 she/her - a fox"),
        ("315", "#lobby", "End of WHO list"),
    ]
    multi = replies.Server("irc.test", "Boudoir", multi_prefix=True)
    assert replies.who(room, "#lobby", multi, limit=10)[0][6] == "H*@+"


def test_whox_gives_the_fields_in_the_fixed_order_whatever_order_they_were_asked_in() -> None:
    online = OnlineList((person("ada"), person("bo")))
    lines = replies.who(online, "*", SERVER, fields="nac", token="7", limit=1)
    assert lines == [("354", "*", "ada", "ada"), ("315", "*", "End of WHO list")]


def test_whois_lists_shared_rooms_sorted_with_manager_prefixes_and_the_away_message() -> None:
    shown = WhoisShown(
        person("bo", Status.AWAY), (SharedRoom("den", True), SharedRoom("attic", False))
    )
    lines = replies.whois(shown, "BO", SERVER)
    assert ("319", "bo", "#attic @#den") in lines
    assert ("301", "bo", "brb") in lines
    assert lines[-1] == ("318", "bo", "End of /WHOIS list")
    assert replies.whois(NotOnline("zed"), "zed", SERVER) == [
        ("401", "zed", "No such nick/channel"),
        ("318", "zed", "End of /WHOIS list"),
    ]


def test_userhost_marks_who_is_away_and_ison_lists_names() -> None:
    online = OnlineList((person("ada"), person("bo", Status.BUSY)))
    assert replies.userhost(online) == ("302", "ada=+rp@cloaked bo=-rp@cloaked")
    assert replies.ison(online) == ("303", "ada bo")


def test_the_realname_is_one_line_of_at_most_200_characters() -> None:
    long = PersonOnline(CharacterId("x"), "x", Status.ONLINE, "", "", "a\n  b" * 100, False)
    assert replies.realname(long).startswith("a b")
    assert len(replies.realname(long)) == 200
    assert (
        replies.realname(PersonOnline(CharacterId("y"), "y", Status.ONLINE, "", "", "", False))
        == "y"
    )


def test_rpl_away_gives_the_message_or_else_the_status_word() -> None:
    # The same line in WHOIS and to the sender of a PRIVMSG to someone away.
    assert replies.away("bo", Status.AWAY, "out for lunch") == ("301", "bo", "out for lunch")
    assert replies.away("bo", Status.BUSY, "") == ("301", "bo", "busy")
    assert replies.away("bo", Status.LOOKING, "") == ("301", "bo", "looking")
    whois = replies.whois(WhoisShown(person("bo", Status.BUSY), ()), "bo", SERVER)
    assert replies.away("bo", Status.BUSY, "brb") in whois
