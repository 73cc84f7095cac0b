"""Where Boudoir departs from Modern IRC on purpose, for privacy, consent or safety (docs/irc.md,
"Conformance"): each test pins one deviation that irctest reports as a failure, so that a change
to it is a decision, not an accident."""

from __future__ import annotations

import pytest

from ..server import Servers
from .clients import REGISTERED, RawClient
from .conftest import Clients
from .harness import PASSWORD, IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

PEOPLE = [
    Person(name)
    for name in ("ada", "ben", "cleo", "dov", "eli", "fay", "gus", "hal", "ivo", "jo", "kit")
]


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    return start_irc_server(module_servers, tmp_path_factory.mktemp("deviations"), people=PEOPLE)


async def test_n_is_always_on_and_a_private_room_is_also_unlisted(
    server: IrcServer, clients: Clients
) -> None:
    ada = await clients.raw(server.port, "ada")
    ada.send("JOIN #nook")
    await ada.expect("366", "ada", "#nook")

    ada.send("MODE #nook -n")  # nobody speaks in a room from outside it
    await ada.expect("FAIL", "MODE", "CANNOT_CHANGE", "#nook")
    ada.send("MODE #nook +i")  # a private room is never listed: +i comes with +s
    await ada.expect("MODE", "#nook", "+is", sender="ada")
    ada.send("MODE #nook -s")
    await ada.expect("FAIL", "MODE", "CANNOT_CHANGE", "#nook")
    ada.send("MODE #nook")
    modes = (await ada.expect("324", "ada", "#nook")).params[2]
    assert {"n", "i", "s"} <= set(modes)


async def test_a_ban_names_a_character_never_a_host_mask(
    server: IrcServer, clients: Clients
) -> None:
    ben = await clients.raw(server.port, "ben")
    ben.send("JOIN #porch")
    await ben.expect("366", "ben", "#porch")

    # Nobody's host is shown, so a host mask could match nobody, or everybody.
    ben.send("MODE #porch +b *!*@127.0.0.1")
    refusal = await ben.expect("FAIL", "MODE")
    assert "name a character" in refusal.params[-1]
    ben.send("MODE #porch +b cleo!*@*")  # a nick mask stands for that character
    await ben.expect("MODE", "#porch", "+b", "cleo!*@*", sender="ben")
    ben.send("MODE #porch b")
    await ben.expect("367", "ben", "#porch", "cleo!*@*")
    await ben.expect("368", "ben", "#porch")


async def test_user_s_username_and_realname_are_never_shown(server: IrcServer) -> None:
    dov = await RawClient.connect(server.port, "dov")
    eli = await RawClient.connect(server.port, "eli")
    try:
        dov.send(f"PASS dov:{PASSWORD}", "NICK dov", "USER dovident 0 * :Dov Realname Secret")
        await dov.expect(REGISTERED)
        await eli.register("eli", sasl=("eli", PASSWORD))
        dov.send("JOIN #hall")
        await dov.expect("366", "dov", "#hall")
        eli.send("JOIN #hall")
        await eli.expect("366", "eli", "#hall")

        eli.send("WHOIS dov")
        user = await eli.expect("311", "eli", "dov")
        assert user.params[2:4] == ("rp", "cloaked")
        eli.send("WHO #hall")
        await eli.expect("315", "eli")
        everything = " ".join(line.raw for line in eli.inbox.lines)
        assert "dovident" not in everything
        assert "Realname Secret" not in everything
    finally:
        await dov.close()
        await eli.close()


async def test_pass_logs_in_to_an_account_and_a_wrong_one_closes_the_connection(
    server: IrcServer,
) -> None:
    stranger = await RawClient.connect(server.port, "stranger")
    try:
        # There is no server password: PASS is a login (the nick is the account's name).
        stranger.send("PASS not-the-password-1", "NICK fay", "USER fay 0 * :fay")
        await stranger.expect("464")  # ERR_PASSWDMISMATCH
        await stranger.wait_closed()
    finally:
        await stranger.close()


async def test_register_takes_a_date_of_birth_where_the_spec_has_an_email(
    server: IrcServer,
) -> None:
    newcomer = await RawClient.connect(server.port, "newcomer")
    try:
        newcomer.send("CAP LS 302", "CAP REQ :draft/account-registration standard-replies")
        await newcomer.expect("CAP", "*", "ACK")
        newcomer.send("REGISTER hollis hollis@example.org shepherd-Quartz-Lamp-40")
        await newcomer.expect("FAIL", "REGISTER", "INVALID_EMAIL", "hollis")
        newcomer.send("REGISTER hollis 1990-01-01 sesame")  # irctest's password: too weak
        await newcomer.expect("FAIL", "REGISTER", "UNACCEPTABLE_PASSWORD", "hollis")
        newcomer.send("REGISTER hollis 1990-01-01 shepherd-Quartz-Lamp-40")
        await newcomer.expect("REGISTER", "SUCCESS", "hollis")
    finally:
        await newcomer.close()


async def test_register_star_before_connecting_stands_for_the_nick_sent(
    server: IrcServer,
) -> None:
    newcomer = await RawClient.connect(server.port, "newcomer")
    try:
        newcomer.send("CAP LS 302", "CAP REQ :draft/account-registration standard-replies")
        await newcomer.expect("CAP", "*", "ACK")
        # draft/account-registration: "*" is the current nick; there is none before NICK.
        newcomer.send("REGISTER * 1990-01-01 shepherd-Quartz-Lamp-40")
        await newcomer.expect("FAIL", "REGISTER", "NEED_NICK", "*")
        # irctest account_registration.py::testBeforeConnect: NICK, then "REGISTER * * ...";
        # the email slot holds a date of birth here, so the FAIL names the nick sent.
        newcomer.send("NICK quill", "REGISTER * * shepherd-Quartz-Lamp-40")
        await newcomer.expect("FAIL", "REGISTER", "INVALID_EMAIL", "quill")
        newcomer.send("REGISTER * 1990-01-01 shepherd-Quartz-Lamp-40")
        await newcomer.expect("REGISTER", "SUCCESS", "quill")
    finally:
        await newcomer.close()


async def test_a_relayed_line_longer_than_512_bytes_is_split_not_cut(
    server: IrcServer, clients: Clients
) -> None:
    gus = await clients.raw(server.port, "gus")
    cleo = await clients.raw(server.port, "cleo")
    for client, nick in ((gus, "gus"), (cleo, "cleo")):
        client.send("JOIN #long")
        await client.expect("366", nick, "#long")
    # 510 bytes as sent; with the source prefix the relayed line would be longer than 512.
    text = " ".join(f"word{index:03}" for index in range(70))[: 510 - len("PRIVMSG #long :")]
    gus.send(f"PRIVMSG #long :{text}")
    await cleo.settled()
    parts = cleo.inbox.seen("PRIVMSG", "#long", sender="gus")
    assert len(parts) == 2
    assert all(len(line.raw.encode()) + 2 <= 512 for line in parts)
    assert "".join(line.params[1] for line in parts).replace(" ", "") == text.replace(" ", "")


async def test_nick_switches_only_between_one_s_own_characters(
    server: IrcServer, clients: Clients
) -> None:
    hal = await clients.raw(server.port, "hal")
    hal.send("NICK halberd")  # nobody's character: a nick is a character, made through NickServ
    refusal = await hal.expect("432", "hal", "halberd")
    assert "CHARACTER CREATE" in refusal.params[-1]
    hal.send("NICK ivo")  # someone else's
    await hal.expect("433", "hal", "ivo")


async def test_one_character_may_be_connected_from_two_clients(
    server: IrcServer, clients: Clients
) -> None:
    # The same person on a phone and a laptop: both are "jo", not a nick collision.
    first = await clients.raw(server.port, "jo")
    second = await clients.raw(server.port, "jo")
    assert first.inbox.seen("001", "jo")
    assert second.inbox.seen("001", "jo")


async def test_an_invitation_to_a_stranger_passes_their_consent_like_a_message(
    server: IrcServer, clients: Clients
) -> None:
    kit = await clients.raw(server.port, "kit")
    await clients.raw(server.port, "ivo")  # online, sharing no room with kit
    kit.send("JOIN #attic")
    await kit.expect("366", "kit", "#attic")
    kit.send("INVITE ivo #attic")
    refusal = await kit.expect("401", "kit", "ivo")
    assert refusal.params[-1] == "They are not accepting that from you right now."
    # One reply per refusal: the numeric alone, no FAIL after it, and no 341.
    after = await kit.settled()
    assert not [line for line in after if line.command == "FAIL"]
    assert not kit.inbox.seen("341")


async def test_user_mode_i_does_not_hide_anyone_the_presence_setting_does(
    server: IrcServer, clients: Clients
) -> None:
    eli = await clients.raw(server.port, "eli")
    fay = await clients.raw(server.port, "fay")
    fay.send("MODE fay +i")
    await fay.settled()
    eli.send("WHO fa*")  # no shared room: still listed, as her presence is "everyone"
    await eli.expect("352", "eli", "*", "rp", "cloaked", "boudoir.local", "fay")
    await eli.expect("315", "eli", "fa*")


async def test_a_room_s_owner_cannot_be_kicked_even_by_its_operators(
    server: IrcServer, clients: Clients
) -> None:
    gus = await clients.raw(server.port, "gus")
    dov = await clients.raw(server.port, "dov")
    gus.send("JOIN #den")  # gus makes the room and owns it
    await gus.expect("366", "gus", "#den")
    dov.send("JOIN #den")
    await dov.expect("366", "dov", "#den")
    gus.send("MODE #den +o dov")
    await dov.expect("MODE", "#den", "+o", "dov", sender="gus")

    dov.send("KICK #den gus")  # an operator of the room, but gus owns it
    await dov.expect("FAIL", "KICK", "OWNER_PROTECTED", "gus")
    await gus.settled()
    assert not gus.inbox.seen("KICK")
    dov.send("NAMES #den")
    names = await dov.expect("353", "dov", "=", "#den")
    assert "@gus" in names.params[-1].split()
