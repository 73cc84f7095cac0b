"""A real MU* client, TinTin++, against the telnet gateway: it negotiates, logs in, walks an
exit and speaks, and an IRC client in the same world hears it (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boudoir.core.world import World
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.testing.harness import RecordingSession

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import PASSWORD
from .harness import All, serve_all
from .tintin import COLUMNS, tintin, tintin_or_skip

pytestmark = pytest.mark.slow


def log_in_script(port: int, name: str) -> str:
    """TinTin++ commands: connect to the gateway, and log in as ``name`` when the welcome
    screen shows (an action on the server's text, as MU* players script their logins)."""
    return (
        f"#action {{Welcome to the test world.}} {{connect {name} {PASSWORD}}}\n"
        f"#session boudoir 127.0.0.1 {port}\n"
    )


async def dig_garden_north_of_lobby(everything: All) -> None:
    """Bea, a builder, digs the garden north of the lobby (an exit ``north;n`` there and
    ``south;s`` back) through the core, then leaves: the world is built before anyone
    connects."""
    world: World = everything.site.world
    await everything.site.person("Bea")
    await world.building.set_builder("Bea", True)
    bea = await world.connect(RecordingSession(), await world.accounts.find("Bea"))
    await world.places.arrive(bea)
    await world.building.dig(bea, "garden", exits=("north;n", "south;s"))
    world.disconnect(bea, "done building")


async def irc_in(everything: All, nick: str, channel: str) -> RawClient:
    await everything.site.person(nick)
    irc = await raw_client(everything.irc_port, nick)
    irc.send(f"JOIN {channel}")
    await irc.expect("JOIN", channel, sender=nick)
    return irc


def telnet_client_of(everything: All, name: str) -> TelnetClient:
    """The gateway's side of ``name``'s connection."""
    [client] = [c for c in everything.gateway.clients if c.conn and c.conn.character.name == name]
    return client


async def test_tintin_negotiates_logs_in_and_talks_with_irc(tmp_path: Path) -> None:
    binary = tintin_or_skip()
    async with serve_all() as everything:
        await everything.site.person("Tina")
        irc = await irc_in(everything, "Ivy", "#lobby")
        try:
            script = log_in_script(everything.telnet_port, "Tina")
            async with tintin(binary, tmp_path / "tintin", script) as tina:
                await tina.expect("You are Tina.")
                await irc.expect("JOIN", "#lobby", sender="Tina")

                # A short conversation, each line typed once TinTin++ shows the last answer.
                tina.type("say hello from TinTin")
                await tina.expect('You say, "hello from TinTin"')
                await irc.expect("PRIVMSG", "#lobby", "hello from TinTin", sender="Tina")
                irc.send("PRIVMSG #lobby :welcome, Tina")
                await tina.expect('Ivy says, "welcome, Tina"')
                tina.type(":waves back.")
                await tina.expect("Tina waves back.")
                await irc.expect("PRIVMSG", "#lobby", "\x01ACTION waves back.\x01", sender="Tina")
                tina.type("say bye for now")
                await tina.expect('You say, "bye for now"')

                # What TinTin++ told the server about itself: its name, terminal and MTTS bits
                # (TTYPE), and the pty's width (NAWS), which the gateway wraps to. The TTYPE
                # cycle runs beside the login, one request per round trip, three in all; each
                # line above was typed after TinTin++ had answered every request shown before
                # it, so the cycle ended before the gateway read the last one.
                client = telnet_client_of(everything, "Tina")
                capabilities = client.machine.capabilities
                assert capabilities.client_name == "TINTIN++"
                assert capabilities.terminal_type == "XTERM"
                assert capabilities.utf8
                assert (capabilities.naws, capabilities.width) == (True, COLUMNS)
                assert client.width == COLUMNS
        finally:
            await irc.close()


async def test_tintin_walks_north_to_the_garden_and_irc_hears_it_there(
    tmp_path: Path,
) -> None:
    binary = tintin_or_skip()
    async with serve_all() as everything:
        await dig_garden_north_of_lobby(everything)
        await everything.site.person("Tina")
        irc = await irc_in(everything, "Ivy", "#garden")
        try:
            script = log_in_script(everything.telnet_port, "Tina")
            async with tintin(binary, tmp_path / "tintin", script) as tina:
                await tina.expect("You are Tina.")
                await tina.expect("^lobby", regex=True)

                tina.type("n")
                await irc.expect("JOIN", "#garden", sender="Tina")
                await tina.expect("^garden", regex=True)  # the room's name heads what it shows

                tina.type("say hello from TinTin")
                heard = await irc.expect("PRIVMSG", "#garden", "hello from TinTin", sender="Tina")
                assert heard.params == ("#garden", "hello from TinTin")
                await tina.expect('You say, "hello from TinTin"')
        finally:
            await irc.close()
