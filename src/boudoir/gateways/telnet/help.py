"""``help``, ``news`` and ``motd``: every command's usage and help from the command table, so
help can never fall behind the commands."""

from __future__ import annotations

from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, Command, command
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.text import Style

TOPICS = {
    "speech": "Speaking and paging",
    "world": "Moving around",
    "building": "Building, for builders",
    "social": "People and your character",
    "channels": "Channels",
    "mail": "Mail",
    "consent": "Consent, scenes and safety",
    "account": "Your account",
    "general": "General",
}


def _unique() -> list[Command]:
    seen: dict[str, Command] = {}
    for entry in COMMANDS.values():
        seen.setdefault(entry.name, entry)
    return sorted(seen.values(), key=lambda c: c.name.lstrip("@+").casefold())


@command(
    "help",
    usage="help [<command> | <topic>]",
    help="""List commands by topic, or show how to use one command ("help page") or every \
command of a topic ("help consent").""",
    aliases=("+help",),
    login=False,
)
def help_command(client: TelnetClient, line: Line) -> None:
    wanted = line.args.strip().lower()
    if not wanted:
        _index(client)
        return
    entry = COMMANDS.get(wanted) or COMMANDS.get(wanted.lstrip("@+"))
    if entry is not None:
        text = f"{entry.name}: {entry.usage}\n{entry.help}"
        if entry.aliases:
            text += "\nAlso: " + ", ".join(entry.aliases)
        client.tell(text)
        return
    if wanted in TOPICS:
        lines = [TOPICS[wanted] + ":"]
        lines += [f"  {c.usage}" for c in _unique() if c.topic == wanted]
        client.tell("\n".join(lines))
        return
    client.tell(f'No help on "{wanted}". Type "help" for the list.', Style.ERROR)


def _index(client: TelnetClient) -> None:
    commands = _unique()
    lines = ['Commands by topic ("help <command>" for one, "help <topic>" for a topic):']
    for topic, title in TOPICS.items():
        names = [c.name for c in commands if c.topic == topic]
        if not names:
            continue
        if client.screen_reader:
            lines.append(f"{title} ({topic}): " + ", ".join(names) + ".")
        else:
            lines.append(f"{title} ({topic}):")
            lines.append("  " + "  ".join(names))
    client.tell("\n".join(lines))


@command("news", usage="news", help="The server's news, set by its operators.")
def news(client: TelnetClient, line: Line) -> None:
    text = client.server.news.strip()
    client.tell(text or "No news.")


@command("motd", usage="motd", help="The message of the day shown when you connected.")
def motd(client: TelnetClient, line: Line) -> None:
    client.tell(client.server.welcome.strip())
