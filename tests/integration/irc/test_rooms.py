"""Rooms as channels: who may join (ratings, +i, +k, +b, +l) and what members see of mode
changes, kicks and topics."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.ratings import Rating

from ..server import Servers
from .conftest import Clients
from .harness import PASSWORD, IrcServer, Person, RatedRoom, start_irc_server

pytestmark = pytest.mark.slow

OLIVE = Person("olive", ratings=(Rating.ADULT,), declared_age=30)
PEOPLE = [
    OLIVE,
    Person("bob", attested=False),
    Person("pat"),
    Person("priya"),
    Person("quinn", dm_policy=DirectMessagePolicy.ANYONE),
    Person("rosa"),
    Person("sam"),
    Person("tess"),
    *(Person(name) for name in ("mara", "nico", "otto", "pia", "quill")),
    Person("una", attested=False),
]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    # IRC has no way to set a room's rating: the adult room is made before the server starts.
    return start_irc_server(
        module_servers,
        tmp_path_factory.mktemp("rooms"),
        people=PEOPLE,
        rooms=[RatedRoom("velvet", OLIVE, Rating.ADULT)],
    )


async def test_an_adult_room_refuses_an_account_that_has_not_attested(
    server: IrcServer, clients: Clients
) -> None:
    bob = await clients.library(server.port, "bob", sasl=("bob", PASSWORD))
    await bob.rawmsg("JOIN", "#velvet")
    refused = await bob.inbox.expect("477", "bob", "#velvet")
    assert "attest" in refused.params[-1].lower()

    # Attested but not opted in to adult: a different reason, the same numeric.
    pat = await clients.library(server.port, "pat", sasl=("pat", PASSWORD))
    await pat.rawmsg("JOIN", "#velvet")
    refused = await pat.inbox.expect("477", "pat", "#velvet")
    assert "opted in" in refused.params[-1]

    # Whoever meets the rating gets in.
    olive = await clients.library(server.port, "olive", sasl=("olive", PASSWORD))
    await olive.enter("#velvet")
    assert not bob.inbox.seen("JOIN", "#velvet")


async def test_a_private_room_takes_an_outsider_only_once_invited(
    server: IrcServer, clients: Clients
) -> None:
    priya = await clients.library(server.port, "priya", sasl=("priya", PASSWORD))
    quinn = await clients.library(server.port, "quinn", sasl=("quinn", PASSWORD))
    await priya.enter("#den")
    await priya.set_mode("#den", "+i")
    await priya.inbox.expect("MODE", "#den", sender="priya")

    await quinn.rawmsg("JOIN", "#den")
    await quinn.inbox.expect("473", "quinn", "#den")

    await priya.rawmsg("INVITE", "quinn", "#den")
    await priya.inbox.expect("341", "priya", "quinn", "#den")  # RPL_INVITING
    await quinn.inbox.expect("INVITE", "quinn", "#den", sender="priya")
    await quinn.enter("#den")
    await priya.inbox.expect("JOIN", "#den", sender="quinn")


@pytest.mark.parametrize(
    ("room", "mode", "numeric", "lift"),
    [
        ("#vault", ("+k", "sesame"), "475", None),
        ("#hall", ("+b", "sam"), "474", ("-b", "sam")),
        ("#nook", ("+l", "2"), "471", ("-l",)),
    ],
    ids=["key", "ban", "limit"],
)
async def test_a_room_mode_keeps_an_outsider_out_until_lifted(
    server: IrcServer,
    clients: Clients,
    room: str,
    mode: tuple[str, ...],
    numeric: str,
    lift: tuple[str, ...] | None,
) -> None:
    rosa, sam, tess = [
        await clients.library(server.port, name, sasl=(name, PASSWORD))
        for name in ("rosa", "sam", "tess")
    ]
    await rosa.enter(room)
    await tess.enter(room)  # with rosa, two members: a limit of 2 is reached
    await rosa.set_mode(room, *mode)
    await rosa.inbox.expect("MODE", room, mode[0], sender="rosa")

    await sam.rawmsg("JOIN", room)
    await sam.inbox.expect(numeric, "sam", room)

    if lift is None:  # a key: knowing it is enough
        await sam.enter(room, mode[1])
    else:
        await rosa.set_mode(room, *lift)
        await rosa.inbox.expect("MODE", room, lift[0], sender="rosa")
        await sam.enter(room)
    await rosa.inbox.expect("JOIN", room, sender="sam")


async def test_members_see_modes_kicks_and_topics(server: IrcServer, clients: Clients) -> None:
    mara, nico, otto, pia = [
        await clients.library(server.port, name, sasl=(name, PASSWORD))
        for name in ("mara", "nico", "otto", "pia")
    ]
    members = [mara, nico, otto, pia]
    for member in members:
        await member.enter("#stage")
    for member in (mara, nico, otto):
        await member.inbox.expect("JOIN", "#stage", sender="pia")

    await mara.set_mode("#stage", "+o", "nico")
    await mara.set_mode("#stage", "+v", "otto")
    await mara.set_mode("#stage", "+m")
    for member in members:
        await member.inbox.expect("MODE", "#stage", "+o", "nico", sender="mara")
        await member.inbox.expect("MODE", "#stage", "+v", "otto", sender="mara")
        await member.inbox.expect("MODE", "#stage", "+m", sender="mara")

    # Moderated: the unvoiced are refused (404), the voiced speak.
    await pia.message("#stage", "May I?")
    await pia.inbox.expect("404", "pia", "#stage")
    await otto.message("#stage", "The play begins.")
    await nico.inbox.expect("PRIVMSG", "#stage", "The play begins.", sender="otto")
    assert not nico.inbox.seen("PRIVMSG", "#stage", "May I?")

    await nico.kick("#stage", "pia", "Out of turn")
    for member in members:
        kick = await member.inbox.expect("KICK", "#stage", "pia", sender="nico")
        assert kick.params[-1] == "Out of turn"

    await nico.set_topic("#stage", "Act two")
    for member in (mara, nico, otto):
        await member.inbox.expect("TOPIC", "#stage", "Act two", sender="nico")
    quill = await clients.library(server.port, "quill", sasl=("quill", PASSWORD))
    await quill.join("#stage")
    await quill.inbox.expect("332", "quill", "#stage", "Act two")  # RPL_TOPIC
    who_time = await quill.inbox.expect("333", "quill", "#stage")  # RPL_TOPICWHOTIME
    assert who_time.params[2].split("!")[0] == "nico"
    assert who_time.params[3].isdigit()


async def test_managers_see_invitations_and_members_see_new_descriptions(
    server: IrcServer, clients: Clients
) -> None:
    # invite-notify and setname (IRCv3), which pydle asks for.
    rosa, sam, tess, quinn = [
        await clients.library(server.port, name, sasl=(name, PASSWORD))
        for name in ("rosa", "sam", "tess", "quinn")
    ]
    await rosa.enter("#salon")
    await sam.enter("#salon")
    await rosa.inbox.expect("JOIN", "#salon", sender="sam")
    await rosa.set_mode("#salon", "+o", "sam")
    await sam.inbox.expect("MODE", "#salon", "+o", "sam", sender="rosa")

    await rosa.rawmsg("INVITE", "quinn", "#salon")
    await quinn.inbox.expect("INVITE", "quinn", "#salon", sender="rosa")
    await sam.inbox.expect("INVITE", "quinn", "#salon", sender="rosa")

    await tess.enter("#salon")
    await tess.rawmsg("SETNAME", "she/her - a quiet regular")
    await tess.inbox.expect("SETNAME", "she/her - a quiet regular", sender="tess")
    await rosa.inbox.expect("SETNAME", "she/her - a quiet regular", sender="tess")
    await rosa.rawmsg("WHOIS", "tess")
    whois = await rosa.inbox.expect("311", "rosa", "tess")
    assert whois.params[-1] == "she/her - a quiet regular"


async def test_rating_a_room_from_irc_puts_out_those_who_may_not_see_it(
    server: IrcServer, clients: Clients
) -> None:
    olive = await clients.library(server.port, "olive", sasl=("olive", PASSWORD))
    bob = await clients.library(server.port, "bob", sasl=("bob", PASSWORD))  # not attested
    await olive.enter("#boudoir-after-dark")
    await bob.enter("#boudoir-after-dark")
    await olive.inbox.expect("JOIN", "#boudoir-after-dark", sender="bob")

    await olive.set_mode("#boudoir-after-dark", "+R", "adult")
    await olive.inbox.expect("MODE", "#boudoir-after-dark", "+R", "adult", sender="olive")
    kick = await bob.inbox.expect("KICK", "#boudoir-after-dark", "bob")
    assert "attest" in kick.params[-1].lower()
    await olive.inbox.expect("PART", "#boudoir-after-dark", sender="bob")

    await bob.rawmsg("JOIN", "#boudoir-after-dark")
    await bob.inbox.expect("477", "bob", "#boudoir-after-dark")
    await olive.rawmsg("MODE", "#boudoir-after-dark")
    modes = await olive.inbox.expect("324", "olive", "#boudoir-after-dark")
    assert "R" in modes.params[2]
    assert modes.params[-1] == "adult"


async def test_from_irc_alone_one_attests_opts_in_declares_an_age_and_enters_an_adult_room(
    server: IrcServer, clients: Clients
) -> None:
    una = await clients.library(server.port, "una", sasl=("una", PASSWORD))
    steps = [
        ("ATTEST YES", "attestation is recorded"),
        ("SET RATINGS general,adult", "RATINGS set"),
        ("SET AGE 29", "AGE set"),
    ]
    await una.rawmsg("JOIN", "#velvet")
    await una.inbox.expect("477", "una", "#velvet")
    for command, answer in steps:
        await una.message("NickServ", command)
        notice = await una.inbox.expect("NOTICE", "una", sender="NickServ")
        assert answer in notice.params[-1]
    await una.enter("#velvet")
