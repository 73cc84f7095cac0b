"""Channel commands answered as Modern IRC, RFC 2812 and IRCv3 (and irctest) expect: one reply
per error, the standard numerics with their parameters, mode parameters checked, comma lists,
NAMES symbols and away-notify. Each test speaks through a raw socket, as irctest does."""

from __future__ import annotations

import pytest

from ..server import Servers
from .clients import RawClient, Received
from .conftest import Clients
from .harness import IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

NAMES = [
    "ada",
    "bea",
    "cal",
    "dov",
    "eli",
    "fay",
    "gus",
    "hal",
    "ivo",
    "jon",
    "kit",
    "lea",
    "mo",
    "ned",
    "oz",
    "pam",
    "rex",
    "sue",
    "tia",
    "uma",
    "vic",
    "wes",
    "xia",
    "yan",
    "zoe",
    "abe",
    "bo",
    "cy",
]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(
        module_servers,
        tmp_path_factory.mktemp("conformance"),
        people=[Person(name) for name in NAMES],
    )


async def joined(client: RawClient, room: str) -> None:
    client.send(f"JOIN {room}")
    await client.expect("366", client.name, room)


async def replies_to(client: RawClient, line: str) -> list[Received]:
    """Everything the server answers to ``line``, up to the answer to a TIME sent after it."""
    client.inbox.mark()
    client.send(line)
    return [reply for reply in await client.settled() if reply.command != "391"]


async def test_a_refused_join_gets_the_numeric_alone(server: IrcServer, clients: Clients) -> None:
    ada = await clients.raw(server.port, "ada")
    bea = await clients.raw(server.port, "bea")
    await joined(ada, "#snug")
    ada.send("MODE #snug +l 2")
    await ada.expect("MODE", "#snug", "+l", "2")
    await joined(bea, "#snug")
    cal = await clients.raw(server.port, "cal")

    replies = await replies_to(cal, "JOIN #snug")

    assert [r.command for r in replies] == ["471"], replies  # ERR_CHANNELISFULL, no FAIL
    assert replies[0].params[:2] == ("cal", "#snug")
    # Not an operator: 482 alone; not in the channel: 442 alone.
    assert [r.command for r in await replies_to(bea, "MODE #snug +m")] == ["482"]
    assert [(r.command, r.params[1]) for r in await replies_to(cal, "PART #snug")] == [
        ("442", "#snug")
    ]


async def test_a_limit_of_one_holds_and_bad_limits_and_keys_get_696(
    server: IrcServer, clients: Clients
) -> None:
    dov = await clients.raw(server.port, "dov")
    eli = await clients.raw(server.port, "eli")
    await joined(dov, "#booth")

    # Modern IRC: the limit is any positive integer.
    dov.send("MODE #booth +l 1")
    await dov.expect("MODE", "#booth", "+l", "1")
    assert [r.command for r in await replies_to(eli, "JOIN #booth")] == ["471"]

    for bad in ("0", "-1", "abc", "10001"):
        replies = await replies_to(dov, f"MODE #booth +l :{bad}")
        assert [r.params[:4] for r in replies] == [("dov", "#booth", "l", bad)], replies
        assert replies[0].command == "696"  # ERR_INVALIDMODEPARAM
    for bad in ("passphrase with spaces", "", " ", "long" * 100):
        replies = await replies_to(dov, f"MODE #booth +k :{bad}")
        assert [(r.command, *r.params[:4]) for r in replies] == [
            ("696", "dov", "#booth", "k", "*")
        ], replies
    dov.send("MODE #booth")
    modes = await dov.expect("324", "dov", "#booth")
    assert modes.params[2:] == ("+lnt", "1")  # nothing bad was taken


def numerics(replies: list[Received]) -> list[tuple[str, ...]]:
    """Each reply as its command and parameters, without the trailing text."""
    return [(r.command, *r.params[:-1]) for r in replies]


async def test_mode_o_names_the_missing_channel_nick_or_member(
    server: IrcServer, clients: Clients
) -> None:
    fay, gus, hal = [await clients.raw(server.port, name) for name in ("fay", "gus", "hal")]
    await joined(fay, "#ring")
    await joined(gus, "#ring")
    await joined(hal, "#yard")

    # Modern IRC, channel operators: one numeric each, naming what is wrong.
    assert numerics(await replies_to(fay, "MODE #ring +o hal")) == [("441", "fay", "hal", "#ring")]
    assert numerics(await replies_to(fay, "MODE #ring +o nobody")) == [("401", "fay", "nobody")]
    assert numerics(await replies_to(fay, "MODE #nowhere +o gus")) == [("403", "fay", "#nowhere")]
    assert numerics(await replies_to(hal, "MODE #ring +o hal")) == [("442", "hal", "#ring")]
    assert numerics(await replies_to(hal, "TOPIC #nowhere")) == [("403", "hal", "#nowhere")]
    assert numerics(await replies_to(hal, "PART #nowhere")) == [("403", "hal", "#nowhere")]
    fay.send("MODE #ring +o gus")
    await gus.expect("MODE", "#ring", "+o", "gus", sender="fay")


async def test_kick_answers_as_rfc_2812_and_takes_comma_lists(
    server: IrcServer, clients: Clients
) -> None:
    ivo, jon, kit, lea, mo = [
        await clients.raw(server.port, name) for name in ("ivo", "jon", "kit", "lea", "mo")
    ]
    for member in (ivo, jon, kit, lea):
        await joined(member, "#hall")
    await joined(ivo, "#loft")
    await joined(jon, "#loft")

    assert numerics(await replies_to(mo, "KICK #nowhere jon")) == [("403", "mo", "#nowhere")]
    assert numerics(await replies_to(mo, "KICK #hall jon")) == [("442", "mo", "#hall")]
    assert numerics(await replies_to(jon, "KICK #hall kit")) == [("482", "jon", "#hall")]
    assert numerics(await replies_to(ivo, "KICK #hall mo")) == [("441", "ivo", "mo", "#hall")]
    assert numerics(await replies_to(ivo, "KICK #hall,#loft,#yard kit,lea")) == [
        ("461", "ivo", "KICK")
    ]

    # One channel, several users: each is kicked, one KICK line each.
    ivo.send("KICK #hall kit,lea :bye")
    await jon.expect("KICK", "#hall", "kit", "bye", sender="ivo")
    await jon.expect("KICK", "#hall", "lea", "bye", sender="ivo")
    # As many channels as users: pairwise.
    ivo.send("KICK #hall,#loft jon,jon :out")
    await jon.expect("KICK", "#hall", "jon", "out", sender="ivo")
    await jon.expect("KICK", "#loft", "jon", "out", sender="ivo")


async def test_invite_names_the_channel_and_refuses_a_member(
    server: IrcServer, clients: Clients
) -> None:
    ned, oz, pam = [await clients.raw(server.port, name) for name in ("ned", "oz", "pam")]
    await joined(ned, "#den")
    await joined(oz, "#den")

    assert numerics(await replies_to(pam, "INVITE oz #den")) == [("442", "pam", "#den")]
    assert numerics(await replies_to(pam, "INVITE oz #nowhere")) == [("403", "pam", "#nowhere")]
    assert numerics(await replies_to(ned, "INVITE oz #den")) == [("443", "ned", "oz", "#den")]


async def test_names_marks_a_secret_channel_and_ends_a_list_once(
    server: IrcServer, clients: Clients
) -> None:
    rex = await clients.raw(server.port, "rex")
    await joined(rex, "#attic")
    await joined(rex, "#cellar")
    rex.send("MODE #cellar +s")
    await rex.expect("MODE", "#cellar")

    # RFC 2812 3.2.5: "@" for a secret channel, "=" for a public one; one 366 for the list.
    assert [(r.command, *r.params) for r in await replies_to(rex, "NAMES #attic,#cellar")] == [
        ("353", "rex", "=", "#attic", "@rex"),
        ("353", "rex", "@", "#cellar", "@rex"),
        ("366", "rex", "#attic,#cellar", "End of /NAMES list"),
    ]


async def test_a_room_one_may_not_see_answers_as_a_missing_one(
    server: IrcServer, clients: Clients
) -> None:
    sue, tia, uma = [await clients.raw(server.port, name) for name in ("sue", "tia", "uma")]
    await joined(sue, "#hideout")
    sue.send("MODE #hideout +i")
    await sue.expect("MODE", "#hideout", "+is")
    # tia blocks uma: uma must not learn that tia is anywhere, nor that her room exists.
    tia.send("PRIVMSG NickServ :BLOCK uma")
    await tia.expect("NOTICE", "tia", sender="NickServ")
    await joined(tia, "#nest")

    for room in ("#hideout", "#nest"):
        for line in (f"TOPIC {room}", f"PART {room}", f"KICK {room} sue", f"MODE {room} +m"):
            missing = numerics(await replies_to(uma, line.replace(room, "#absent")))
            hidden = numerics(await replies_to(uma, line))
            assert hidden == [
                (c, *(room if p == "#absent" else p for p in ps)) for c, *ps in missing
            ]
            assert hidden[0][:3] == ("403", "uma", room), line
        assert numerics(await replies_to(uma, f"INVITE sue {room}")) == [("403", "uma", room)]
        # Nor does the spelling of a reply to another case tell her it is there.
        for line in (f"NAMES {room.upper()}", f"WHO {room.upper()}"):
            assert [r.params[1] for r in await replies_to(uma, line)] == [room.upper()], line


async def test_away_notify_reaches_those_sharing_a_channel_after_the_join(
    server: IrcServer, clients: Clients
) -> None:
    vic = await clients.raw(server.port, "vic", caps=["away-notify"])
    wes = await clients.raw(server.port, "wes")
    await joined(vic, "#porch")

    # IRCv3 away-notify: sharing no channel with vic, wes's AWAY is none of vic's business.
    wes.send("AWAY :gone fishing")
    await wes.expect("306", "wes")
    await joined(wes, "#porch")
    await vic.expect("JOIN", "#porch", sender="wes")
    # Someone away joins: the AWAY follows the JOIN (away-notify, without extended-join).
    await vic.expect("AWAY", "gone fishing", sender="wes")
    assert len(vic.inbox.seen("AWAY", sender="wes")) == 1

    wes.send("AWAY")
    away = await vic.expect("AWAY", sender="wes")
    assert away.params == ()


def mode_letters(replies: list[Received], room: str) -> list[str]:
    """Each letter announced in the MODE lines about ``room``, with its sign: ``["-i", ...]``."""
    letters = []
    for reply in replies:
        if reply.command != "MODE" or reply.params[0] != room:
            continue
        sign = "+"
        for letter in reply.params[1]:
            if letter in "+-":
                sign = letter
            else:
                letters.append(sign + letter)
    return letters


async def test_each_mode_change_is_announced_once_as_what_changed(
    server: IrcServer, clients: Clients
) -> None:
    xia = await clients.raw(server.port, "xia")
    yan = await clients.raw(server.port, "yan")
    await joined(xia, "#parlour")
    await joined(yan, "#parlour")
    # "n" is always on and "t" on from the start: only "i" (with its "s") changes.
    assert sorted(mode_letters(await replies_to(xia, "MODE #parlour +int"), "#parlour")) == [
        "+i",
        "+s",
    ]
    xia.send("MODE #parlour")
    assert (await xia.expect("324", "xia", "#parlour")).params[2] == "+inst"
    await yan.settled()
    yan.inbox.mark()

    # irctest chmodes/modeis.py: removing every mode 324 listed. "n" stays (a FAIL says so);
    # "i", "s" and "t" are each announced once as removed, to the setter and to the room, and
    # nothing is announced as removed twice or as added.
    replies = await replies_to(xia, "MODE #parlour -inst")
    assert sorted(mode_letters(replies, "#parlour")) == ["-i", "-s", "-t"], replies
    assert [r.params[:3] for r in replies if r.command == "FAIL"] == [
        ("MODE", "CANNOT_CHANGE", "#parlour")
    ]
    seen = await yan.settled()
    assert sorted(mode_letters(seen, "#parlour")) == ["-i", "-s", "-t"], seen
    xia.send("MODE #parlour")
    assert (await xia.expect("324", "xia", "#parlour")).params[2] == "+n"

    # Private to unlisted names only "i"; unlisted to private only "i" again.
    await replies_to(xia, "MODE #parlour +s")
    assert mode_letters(await replies_to(xia, "MODE #parlour +i"), "#parlour") == ["+i"]
    assert mode_letters(await replies_to(xia, "MODE #parlour -i"), "#parlour") == ["-i"]
    xia.send("MODE #parlour")
    assert (await xia.expect("324", "xia", "#parlour")).params[2] == "+ns"


async def test_replies_name_a_channel_as_it_is_spelt_whatever_case_it_was_typed_in(
    server: IrcServer, clients: Clients
) -> None:
    zoe, abe, bo = [await clients.raw(server.port, name) for name in ("zoe", "abe", "bo")]
    await joined(zoe, "#teahouse")
    zoe.send("TOPIC #teahouse :tea at five")
    await zoe.expect("TOPIC", "#teahouse")

    # irctest who.py::testWhoChan[casefolded]: 352 names the channel, 315 the mask as given.
    who = await replies_to(zoe, "WHO #TEAHOUSE")
    assert [(r.command, r.params[1]) for r in who] == [("352", "#teahouse"), ("315", "#TEAHOUSE")]
    # Someone outside a public room sees it named the same way.
    assert [r.params[1] for r in await replies_to(abe, "WHO #TEAHOUSE") if r.command == "352"] == [
        "#teahouse"
    ]
    names = await replies_to(abe, "NAMES #TEAHOUSE")
    assert [(r.command, *r.params[1:-1]) for r in names] == [
        ("353", "=", "#teahouse"),
        ("366", "#teahouse"),
    ]
    assert numerics(await replies_to(zoe, "TOPIC #TEAHOUSE"))[0] == ("332", "zoe", "#teahouse")
    assert numerics(await replies_to(zoe, "MODE #TEAHOUSE"))[0][:3] == ("324", "zoe", "#teahouse")
    assert numerics(await replies_to(zoe, "INVITE zoe #TEAHOUSE")) == [
        ("443", "zoe", "zoe", "#teahouse")
    ]

    # Errors about a room one is in name it as it is spelt too.
    assert numerics(await replies_to(abe, "JOIN #teahouse"))[-1][:3] == ("366", "abe", "#teahouse")
    for line in ("MODE #TEAHOUSE +m", "TOPIC #TEAHOUSE :mine now", "KICK #TEAHOUSE zoe"):
        assert numerics(await replies_to(abe, line)) == [("482", "abe", "#teahouse")], line

    joining = await replies_to(bo, "JOIN #TEAHOUSE")
    assert [(r.command, r.params[0]) for r in joining if r.command == "JOIN"] == [
        ("JOIN", "#teahouse")
    ]
    assert [r.params[1] for r in joining if r.command == "332"] == ["#teahouse"]
    assert [r.params[2] for r in joining if r.command == "353"] == ["#teahouse"]
    assert [r.params[1] for r in joining if r.command == "366"] == ["#teahouse"]
