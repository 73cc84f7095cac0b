"""Where telnet users go: home and @home, jump, and invitations into private rooms."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..irc.clients import raw_client
from ..server import Servers
from ..web_socket.harness import PASSWORD
from .harness import All, TelnetPerson


async def test_home_cannot_be_set_to_an_adult_room_by_someone_who_has_not_attested(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.adult_room("Olive", "Velvet")
    una = await everything.telnet("Una", attested=False)
    try:
        await una.command("@home Velvet", "Attest that you are an adult")
        # Home is still the lobby: ``home`` takes her there, not to a refusal.
        await una.command("home", "lobby (general)")
    finally:
        await una.close()


async def test_an_invitation_to_a_private_room_says_how_to_go_and_jump_takes_her_there_once(
    world_of_three: All,
) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await willow.call("join", room="lobby")
        await willow.call("join", room="Hideaway", create=True)
        await willow.call(
            "room_setting", room="Hideaway", setting="visibility", enabled=True, value="private"
        )
        await tess.command("jump Hideaway", "You can jump only to public rooms")
        assert (await willow.call("invite", room="Hideaway", name="Tess"))["type"] == "ok"
        await tess.expect('Willow invites you to Hideaway (general). Type "jump Hideaway"')
        await tess.command("jump Hideaway", "Hideaway (general)")
        await tess.expect("Here: Willow.")
        await willow.expect("joined", room="Hideaway", name="Tess")
        # An invitation lets its holder in once, as IRC's INVITE does.
        await tess.command("home", "lobby (general)")
        await tess.command("jump Hideaway", "You can jump only to public rooms")
    finally:
        await tess.close()
        await willow.socket.close()


async def test_on_a_fresh_server_the_lobby_is_the_servers_not_its_first_visitors(
    servers: Servers, tmp_path: Path
) -> None:
    server = servers.start(
        tmp_path / "data", "--telnet-port", "auto", "--irc-port", "auto", "--log-level", "warning"
    )
    telnet_port = urlsplit(server.listeners["telnet"]).port
    irc_port = urlsplit(server.listeners["irc"]).port
    assert telnet_port is not None
    assert irc_port is not None
    nova = await TelnetPerson.connect(telnet_port, "Nova")
    try:
        await nova.expect("connect <name> <password>")
        nova.send(f"create Nova {PASSWORD}")
        await nova.command("1990-02-03", 'Type "I agree"')
        await nova.command("I agree", "lobby (general)")
        # The first visitor manages nothing here: no description, key, rating or ban.
        await nova.command("@desc here=Nova's place now.", "You may not do that.")
        await nova.command("examine here", "You don't own that.")
        # Nor does an IRC client: no ops in the lobby, no modes.
        ivy = await raw_client(irc_port, "Nova")
        try:
            ivy.send("JOIN #lobby")
            names = await ivy.expect("353")
            assert "@Nova" not in names.params[-1].split()
            ivy.send("MODE #lobby +k sesame")
            await ivy.expect("482", "Nova", "#lobby")  # ERR_CHANOPRIVSNEEDED
        finally:
            await ivy.close()
    finally:
        await nova.close()
