"""``help``'s words, from a table of commands (each with its name, usage, help, aliases and
topic), so that help can never fall behind the commands.

Imports the standard library only (and its own package).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, Protocol

from boudoir.wire.telnet.commands.spec import Doc

TOPICS: Final = {
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
HELP: Final = Doc(
    "help",
    "help [<command> | <topic>]",
    """List commands by topic, or show how to use one command ("help page") or every command \
of a topic ("help consent").""",
    aliases=("+help",),
)
NEWS: Final = Doc("news", "news", "The server's news, set by its operators.")
MOTD: Final = Doc("motd", "motd", "The message of the day shown when you connected.")
QUIT: Final = Doc(
    "QUIT",
    "QUIT",
    "Disconnect. Your character goes offline; friends watching you see it leave.",
    aliases=("logout", "@quit"),
    topic="account",
)


class Helped(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def usage(self) -> str: ...
    @property
    def help(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def topic(self) -> str: ...


def unique(entries: Iterable[Helped]) -> list[Helped]:
    """Each command once (a table lists it under every alias), by name without ``@``/``+``."""
    seen: dict[str, Helped] = {}
    for entry in entries:
        seen.setdefault(entry.name, entry)
    return sorted(seen.values(), key=lambda c: c.name.lstrip("@+").casefold())


def help_text(table: Mapping[str, Helped], wanted: str, screen_reader: bool) -> str | None:
    """What ``help <wanted>`` shows (the index for nothing); None when nothing is called so."""
    wanted = wanted.strip().lower()
    if not wanted:
        return _index(unique(table.values()), screen_reader)
    entry = table.get(wanted) or table.get(wanted.lstrip("@+"))
    if entry is not None:
        text = f"{entry.name}: {entry.usage}\n{entry.help}"
        if entry.aliases:
            text += "\nAlso: " + ", ".join(entry.aliases)
        return text
    if wanted in TOPICS:
        lines = [TOPICS[wanted] + ":"]
        lines += [f"  {c.usage}" for c in unique(table.values()) if c.topic == wanted]
        return "\n".join(lines)
    return None


def _index(commands: list[Helped], screen_reader: bool) -> str:
    lines = ['Commands by topic ("help <command>" for one, "help <topic>" for a topic):']
    for topic, title in TOPICS.items():
        names = [c.name for c in commands if c.topic == topic]
        if not names:
            continue
        if screen_reader:
            lines.append(f"{title} ({topic}): " + ", ".join(names) + ".")
        else:
            lines.append(f"{title} ({topic}):")
            lines.append("  " + "  ".join(names))
    return "\n".join(lines)
