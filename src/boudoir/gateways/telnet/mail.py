"""Offline mail, the MUCK way: ``mail`` lists the inbox, ``mail <n>`` reads a letter,
``mail <name>=<subject>/<body>`` sends one, ``mail/delete <n>`` deletes it; the unread count
is told at login (``announce_unread``).

The core (``world.mail``) keeps the letters and decides who may write to whom: a letter someone
may not receive is refused with the one neutral refusal (errors.py), whatever the reason.

Imports ``boudoir.core`` (through the client's world), ``boudoir.domain``, ``boudoir.wire``.
"""

from __future__ import annotations

import datetime as dt

from boudoir.domain.mail import Mail
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import Line, Work, command, usage
from boudoir.gateways.telnet.profile import line_breaks
from boudoir.gateways.telnet.render import columns
from boudoir.wire.telnet.painter import safe
from boudoir.wire.telnet.text import Style, clean


def split_letter(text: str) -> tuple[str, str]:
    """``Hello/How are you?`` -> (``Hello``, ``How are you?``); no ``/``: no subject."""
    subject, slash, body = text.partition("/")
    if not slash:
        return "", text.strip()
    return subject.strip(), line_breaks(body.strip())


def date_text(at: dt.datetime) -> str:
    """A letter's date in the inbox: ``2025-03-01 14:05`` (UTC, as every reader shares)."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def inbox_rows(letters: list[Mail], screen_reader: bool) -> list[list[str]]:
    """The inbox as rows for ``render.columns``: number, unread mark, sender, date, subject;
    for a screen reader, words instead of marks."""
    rows: list[list[str]] = [] if screen_reader else [["#", "", "From", "Date (UTC)", "Subject"]]
    for number, letter in enumerate(letters, start=1):
        subject = clean(letter.subject) or "(no subject)"
        sender = clean(letter.sender_name)
        if screen_reader:
            state = "unread, " if letter.unread else ""
            rows.append(
                [f"{number}: {state}from {sender}", f"{date_text(letter.sent_at)} UTC", subject]
            )
        else:
            mark = "*" if letter.unread else ""
            rows.append([str(number), mark, sender, date_text(letter.sent_at), subject])
    return rows


@command(
    "mail",
    usage="mail   mail <n>   mail <name>=<subject>/<body>   mail/delete <n>",
    help="""Letters to characters, online or not. "mail" lists your inbox (* marks unread); \
"mail 2" reads letter 2; "mail Bob=Tonight/Are you free at eight?" sends one (%r starts a new \
line); "mail/delete 2" deletes letter 2. Someone not accepting mail from you is refused, and \
you are not told why; to someone you have not talked with, a letter waits with your request \
until they accept it.""",
    aliases=("@mail", "+mail"),
    topic="mail",
    switches=("delete", "read", "send"),
)
def mail(client: TelnetClient, line: Line) -> Work | None:
    args = line.args.strip()
    if line.switch == "send" or (not line.switch and line.has_equals):
        if not line.left or not line.right:
            usage(client, "mail")
            return None
        subject, body = split_letter(line.right)
        return _send(client, line.left, subject, body)
    if line.switch == "delete" or (line.switch == "read" or args):
        if not args.isdigit():
            usage(client, "mail")
            return None
        if line.switch == "delete":
            return _delete(client, int(args))
        return _read(client, int(args))
    return _inbox(client)


async def _inbox(client: TelnetClient) -> None:
    conn = client.conn
    assert conn is not None
    letters = await client.server.world.mail.inbox(conn)
    if not letters:
        client.tell("Your mailbox is empty.")
        return
    unread = sum(1 for letter in letters if letter.unread)
    head = f"You have {len(letters)} letter{'s' if len(letters) != 1 else ''}, {unread} unread."
    table = columns(inbox_rows(letters, client.screen_reader), client.width, client.screen_reader)
    client.tell(f'{head}\n{table}\n"mail <n>" reads one.')


async def _read(client: TelnetClient, number: int) -> None:
    conn = client.conn
    assert conn is not None
    letter = await client.server.world.mail.read(conn, number)
    subject = clean(letter.subject) or "(no subject)"
    lines = [
        f"Letter {number} from {clean(letter.sender_name)}, {date_text(letter.sent_at)} UTC",
        f"Subject: {subject}",
        "",
        safe(letter.body),
    ]
    client.tell("\n".join(lines))


async def _send(client: TelnetClient, name: str, subject: str, body: str) -> None:
    conn = client.conn
    assert conn is not None
    await client.server.world.mail.send(conn, name, subject, body)
    client.tell(f"Mail sent to {clean(name)}.")


async def _delete(client: TelnetClient, number: int) -> None:
    conn = client.conn
    assert conn is not None
    letter = await client.server.world.mail.delete(conn, number)
    subject = clean(letter.subject) or "(no subject)"
    client.tell(f'Letter {number} from {clean(letter.sender_name)} ("{subject}") deleted.')


async def announce_unread(client: TelnetClient) -> None:
    """At login: tell the user how many letters wait unread, if any."""
    conn = client.conn
    if conn is None:
        return
    unread = await client.server.world.mail.unread_count(conn)
    if unread:
        letters = "letter" if unread == 1 else "letters"
        client.tell(f'You have {unread} unread {letters}. Type "mail" to read.', Style.NOTICE)
