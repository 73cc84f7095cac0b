"""Telnet's ``mail`` command: ``mail`` lists the inbox, ``mail <n>`` reads a letter,
``mail <name>=<subject>/<body>`` sends one, ``mail/delete <n>`` deletes it.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from boudoir.domain.intents import Intent
from boudoir.domain.intents.mail import DeleteLetter, ListLetters, ReadLetter, SendLetter
from boudoir.wire.telnet.commands.lines import Line
from boudoir.wire.telnet.commands.spec import Spec, Usage, line_breaks


def split_letter(text: str) -> tuple[str, str]:
    """``Hello/How are you?`` -> (``Hello``, ``How are you?``); no ``/``: no subject."""
    subject, slash, body = text.partition("/")
    if not slash:
        return "", text.strip()
    return subject.strip(), line_breaks(body.strip())


def parse_mail(line: Line) -> Intent:
    args = line.args.strip()
    if line.switch == "send" or (not line.switch and line.has_equals):
        if not line.left or not line.right:
            raise Usage
        subject, body = split_letter(line.right)
        return SendLetter(line.left, subject, body)
    if line.switch == "delete" or (line.switch == "read" or args):
        if not args.isdigit():
            raise Usage
        if line.switch == "delete":
            return DeleteLetter(int(args))
        return ReadLetter(int(args))
    return ListLetters()


MAIL_SPECS = (
    Spec(
        "mail",
        usage="mail   mail <n>   mail <name>=<subject>/<body>   mail/delete <n>",
        help="""Letters to characters, online or not. "mail" lists your inbox (* marks unread); \
"mail 2" reads letter 2; "mail Bob=Tonight/Are you free at eight?" sends one (%r starts a new \
line); "mail/delete 2" deletes letter 2. Someone not accepting mail from you is refused, and \
you are not told why; to someone you have not talked with, a letter waits with your request \
until they accept it.""",
        parse=parse_mail,
        aliases=("@mail", "+mail"),
        topic="mail",
        switches=("delete", "read", "send"),
    ),
)
