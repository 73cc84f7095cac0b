"""``help`` (``wire.telnet.commands.help``, from the command table), ``news`` and ``motd``."""

from __future__ import annotations

from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, command
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.commands.help import HELP_HELP, HELP_USAGE, help_text
from boudoir.wire.telnet.text import Style


@command("help", usage=HELP_USAGE, help=HELP_HELP, aliases=("+help",))
def help_command(client: TelnetClient, line: Line) -> None:
    text = help_text(COMMANDS, line.args, client.screen_reader)
    if text is None:
        wanted = line.args.strip().lower()
        client.tell(f'No help on "{wanted}". Type "help" for the list.', Style.ERROR)
    else:
        client.tell(text)


@command("news", usage="news", help="The server's news, set by its operators.")
def news(client: TelnetClient, line: Line) -> None:
    client.tell(client.server.news.strip() or "No news.")


@command("motd", usage="motd", help="The message of the day shown when you connected.")
def motd(client: TelnetClient, line: Line) -> None:
    client.tell(client.server.welcome.strip())
