"""``help`` (``wire.telnet.commands.help``, from the command table), ``news``, ``motd`` and
``QUIT`` (and ``logout``), which ends the connection with a goodbye, after the lines typed
before it have run (they ran first: lines run in order)."""

from __future__ import annotations

from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, documented
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.commands.help import HELP, MOTD, NEWS, QUIT, help_text
from boudoir.wire.telnet.text import Style


@documented(HELP)
def help_command(client: TelnetClient, line: Line) -> None:
    text = help_text(COMMANDS, line.args, client.screen_reader)
    if text is None:
        wanted = line.args.strip().lower()
        client.tell(f'No help on "{wanted}". Type "help" for the list.', Style.ERROR)
    else:
        client.tell(text)


@documented(NEWS)
def news(client: TelnetClient, line: Line) -> None:
    client.tell(client.server.news.strip() or "No news.")


@documented(MOTD)
def motd(client: TelnetClient, line: Line) -> None:
    client.tell(client.server.welcome.strip())


@documented(QUIT)
def quit_command(client: TelnetClient, line: Line) -> None:
    client.quit_reason = "Quit"
    client.close("Goodbye.")
