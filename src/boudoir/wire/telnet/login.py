"""The telnet login screen, sans I/O: ``connect``, ``create`` with the age attestation,
``WHO`` and ``QUIT`` before logging in, Mudlet-style name and password on separate lines.

``LoginScreen`` is a small state machine per connection: each line either runs a login
command or answers the question the screen last asked, and gives the steps for the gateway to
carry out, in order: what to say (``Tell``), when to turn the client's echo off or on for a
password (``HideInput``: telnet ECHO, RFC 857), what to ask (``Prompt``), and the work only
the core can do (``LogIn``, ``CreateAccount``, ``ShowWho``, ``Quit``; a refused date of birth
is ``Refuse``). Password guesses and sign-ups are throttled by the core.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import ATTESTATION_STATEMENT, check_born
from boudoir.domain.errors import BoudoirError
from boudoir.wire.telnet.text import Style

LOGIN_HELP: Final = """\
  connect <name> <password>   log in (an account's or a character's name)
  <name>                      then your password on the next line
  create                      make a new account (adults only)
  WHO                         who is online
  QUIT                        leave"""

AGREE: Final = "I agree"
"""What a new account types to make the attestation: an explicit statement, not a default."""
PROMPT: Final = "> "
PASSWORD: Final = "Password: "  # noqa: S105  (a question, not a secret)
NEW_PASSWORD: Final = "Choose a password (at least 8 characters): "  # noqa: S105


@dataclass(frozen=True, slots=True)
class Tell:
    text: str
    style: Style | None = None


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question answered on the same line (ended by EOR or GA)."""

    text: str


@dataclass(frozen=True, slots=True)
class HideInput:
    """Turn the client's echo off (a password follows) or back on."""

    hidden: bool


@dataclass(frozen=True, slots=True)
class LogIn:
    name: str
    password: str


@dataclass(frozen=True, slots=True)
class CreateAccount:
    name: str
    password: str
    born: dt.date
    attest: bool
    invitation: str | None


@dataclass(frozen=True, slots=True)
class Refuse:
    """No account is made: say why (the gateway words ``error``), and back to the screen."""

    error: BoudoirError


@dataclass(frozen=True, slots=True)
class ShowWho:
    pass


@dataclass(frozen=True, slots=True)
class Quit:
    pass


Step = Tell | Prompt | HideInput | LogIn | CreateAccount | Refuse | ShowWho | Quit


class Stage(enum.Enum):
    READY = "ready"
    PASSWORD = "password"  # noqa: S105  (a stage of the screen, not a secret)
    NEW_INVITATION = "new_invitation"
    NEW_NAME = "new_name"
    NEW_PASSWORD = "new_password"  # noqa: S105
    NEW_PASSWORD_AGAIN = "new_password_again"  # noqa: S105
    NEW_BORN = "new_born"
    NEW_ATTEST = "new_attest"


def split_login(args: str) -> tuple[str, str]:
    """``"Some Name" secret`` or ``Name secret`` -> (name, password); the password is the
    rest of the line, so it may hold spaces."""
    args = args.strip()
    if args.startswith('"'):
        name, quote, rest = args[1:].partition('"')
        if quote:
            return name.strip(), rest.strip()
    name, _, password = args.partition(" ")
    return name, password.strip()


def _ask(question: str, *, secret: bool = False) -> list[Step]:
    return [HideInput(secret), Prompt(question)]


class LoginScreen:
    """What a connection that has not logged in may do."""

    def __init__(self) -> None:
        self.stage = Stage.READY
        self.name = ""
        self.password = ""
        self.born: dt.date | None = None
        self.invitation: str | None = None

    def welcome(self, text: str) -> list[Step]:
        return [Tell(text.rstrip("\n"), Style.SYSTEM), Tell(LOGIN_HELP), Prompt(PROMPT)]

    def reset(self) -> list[Step]:
        self.stage = Stage.READY
        self.name = self.password = ""
        self.born = None
        self.invitation = None
        return [HideInput(False)]

    def refused(self) -> list[Step]:
        """After the gateway said why an account was not made: back to the screen."""
        return [Tell('Type "create" to try again.'), Prompt(PROMPT)]

    def line(self, text: str, *, today: dt.date, by_invitation: bool = False) -> list[Step]:
        """The steps answering one line. ``today`` is the server's date (for the birth date's
        check); ``by_invitation``: the server makes accounts by invitation only, so
        ``create`` asks for the code first."""
        if self.stage is Stage.PASSWORD:
            name, self.name = self.name, ""
            self.stage = Stage.READY
            return [HideInput(False), Tell(""), LogIn(name, text.strip())]
        if self.stage is not Stage.READY:
            return self._creating(text, today)
        word, _, args = text.strip().partition(" ")
        lowered = word.lower()
        if not word:
            return [Prompt(PROMPT)]
        if lowered in ("connect", "co", "con"):
            name, password = split_login(args)
            if not name:
                return [Tell("Usage: connect <name> <password>", Style.ERROR)]
            if not password:
                self.name = name
                self.stage = Stage.PASSWORD
                return _ask(PASSWORD, secret=True)
            return [LogIn(name, password)]
        if lowered == "create":
            self.name, self.password = split_login(args)
            if by_invitation:
                # Asked first, so nobody types everything to learn they needed it. The core
                # checks it with the rest.
                self.stage = Stage.NEW_INVITATION
                text = (
                    "This server makes accounts by invitation. Type QUIT at any question to stop."
                )
                return [Tell(text), *_ask("Your invitation code: ")]
            return self._start_creating()
        if lowered == "who":
            return [ShowWho()]
        if lowered in ("quit", "logout"):
            return [Quit()]
        if lowered in ("help", "?"):
            return [Tell(LOGIN_HELP)]
        if " " not in text.strip():
            # Mudlet and other clients send the name and the password on separate lines.
            self.name = word
            self.stage = Stage.PASSWORD
            return _ask(PASSWORD, secret=True)
        return [Tell('Not logged in. Type "connect <name> <password>", or "help".', Style.ERROR)]

    # --- new accounts -------------------------------------------------------------------------

    def _start_creating(self) -> list[Step]:
        """Ask for what ``create`` was not given: the name, the password, the birth date."""
        if not self.name:
            self.stage = Stage.NEW_NAME
            start = "Making a new account. Type QUIT at any question to stop."
            return [Tell(start), *_ask("Name for your account and first character: ")]
        if not self.password:
            self.stage = Stage.NEW_PASSWORD
            return _ask(NEW_PASSWORD, secret=True)
        self.stage = Stage.NEW_BORN
        return self._ask_born()

    @staticmethod
    def _ask_born() -> list[Step]:
        question = "Your date of birth, as YYYY-MM-DD (you must be 18 or over): "
        return [HideInput(False), Tell(""), *_ask(question)]

    def _creating(self, text: str, today: dt.date) -> list[Step]:
        answer = text.strip()
        if answer.lower() == "quit" and self.stage is not Stage.NEW_PASSWORD:
            return [*self.reset(), Tell("No account made."), Prompt(PROMPT)]
        match self.stage:
            case Stage.NEW_INVITATION:
                if not answer:
                    return _ask("Your invitation code: ")
                self.invitation = answer
                return self._start_creating()
            case Stage.NEW_NAME:
                if not answer or " " in answer:
                    return _ask("A name is one word. Name: ")
                self.name = answer
                self.stage = Stage.NEW_PASSWORD
                return _ask(NEW_PASSWORD, secret=True)
            case Stage.NEW_PASSWORD:
                self.password = answer
                self.stage = Stage.NEW_PASSWORD_AGAIN
                return [Tell(""), *_ask("The same password again: ", secret=True)]
            case Stage.NEW_PASSWORD_AGAIN:
                if answer != self.password:
                    self.password = ""
                    self.stage = Stage.NEW_PASSWORD
                    differ = Tell("The passwords differ.", Style.ERROR)
                    return [Tell(""), differ, *_ask(NEW_PASSWORD, secret=True)]
                self.stage = Stage.NEW_BORN
                return self._ask_born()
            case Stage.NEW_BORN:
                return self._born(answer, today)
            case Stage.NEW_ATTEST:
                lowered = answer.lower()
                if lowered not in (AGREE.lower(), "later"):
                    return _ask(f'Type "{AGREE}" or "later": ')
                born = self.born
                assert born is not None  # NEW_ATTEST follows an accepted date of birth
                made = CreateAccount(
                    self.name, self.password, born, lowered == AGREE.lower(), self.invitation
                )
                return [*self.reset(), made]
            case Stage.READY | Stage.PASSWORD:
                raise AssertionError("not creating")  # pragma: no cover
        return []  # pragma: no cover  (every stage returns above)

    def _born(self, answer: str, today: dt.date) -> list[Step]:
        try:
            born = dt.date.fromisoformat(answer)
        except ValueError:
            return _ask("Please give the date as YYYY-MM-DD: ")
        try:
            # The core's own rule, checked at once (as the web's sign-up does): nobody under 18
            # is asked for the adult statement.
            self.born = check_born(born, today)
        except BoudoirError as error:
            return [*self.reset(), Refuse(error)]
        self.stage = Stage.NEW_ATTEST
        statement = (
            "Boudoir is for adults. Anything above a general rating needs your statement:\n"
            f'  "{ATTESTATION_STATEMENT}"\n'
            f'Type "{AGREE}" to make it now, or "later" to see only general-rated rooms.'
        )
        return [Tell(statement), *_ask(PROMPT)]


def account_made(name: str, *, awaiting_approval: bool) -> str:
    """What a new account's owner reads once it is made."""
    if awaiting_approval:
        return (
            f"Your account {name} is made. It waits for an operator's approval: "
            "connect once it is approved."
        )
    return f"Welcome, {name}. Your account is made."


def entered(chosen: str, others: list[str]) -> str:
    """What one reads on entering the world as ``chosen``: the account's other characters."""
    text = f"You are {chosen}."
    if others:
        text += " Your other characters: " + ", ".join(others) + ' ("@char <name>" to switch).'
    return text


def pages_waiting(senders: list[str]) -> str | None:
    """Whose pages wait for one's yes, at login; None when nobody's."""
    if not senders:
        return None
    return f'Pages waiting for your yes: {", ".join(senders)}. Type "requests" to read them.'
