"""The login screen: ``connect``, ``create`` with the age attestation, ``WHO`` and ``QUIT``
before logging in, Mudlet-style name and password on separate lines, and GMCP Char.Login.

The screen is a small state machine per connection: each line either runs a login command or
answers the question the screen last asked. Passwords are typed with the client's echo off
(telnet ECHO, RFC 857). Password guesses and sign-ups are throttled by the core.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, Final

from boudoir.core.accounts import check_born
from boudoir.domain.entities import ATTESTATION_STATEMENT, Account, PresenceVisibility
from boudoir.domain.errors import AuthenticationFailed, BoudoirError
from boudoir.domain.invitations import SignupMode
from boudoir.domain.names import name_key
from boudoir.wire.telnet.text import Style

if TYPE_CHECKING:
    from boudoir.gateways.telnet.client import TelnetClient

Work = Coroutine[Any, Any, None]

LOGIN_HELP: Final = """\
  connect <name> <password>   log in (an account's or a character's name)
  <name>                      then your password on the next line
  create                      make a new account (adults only)
  WHO                         who is online
  QUIT                        leave"""

AGREE: Final = "I agree"
"""What a new account types to make the attestation: an explicit statement, not a default."""


class Step(enum.Enum):
    READY = "ready"
    PASSWORD = "password"  # noqa: S105  (a step of the screen, not a secret)
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


class LoginScreen:
    """What a connection that has not logged in may do."""

    def __init__(self, client: TelnetClient) -> None:
        self.client = client
        self.step = Step.READY
        self.name = ""
        self.password = ""
        self.born: dt.date | None = None
        self.invitation: str | None = None

    def welcome(self) -> None:
        server = self.client.server
        self.client.tell(server.welcome.rstrip("\n"), Style.SYSTEM)
        self.client.tell(LOGIN_HELP)
        self.client.prompt("> ")

    def _ask(self, question: str, *, secret: bool = False) -> None:
        self.client.machine.hide_input(secret)
        self.client.prompt(question)

    def _reset(self) -> None:
        self.step = Step.READY
        self.name = self.password = ""
        self.born = None
        self.invitation = None
        self.client.machine.hide_input(False)

    def line(self, text: str) -> Work | None:
        step = self.step
        if step is Step.PASSWORD:
            name, self.name = self.name, ""
            self.step = Step.READY
            self.client.machine.hide_input(False)
            self.client.tell("")
            return self.log_in(name, text.strip())
        if step is not Step.READY:
            return self._creating(text)
        word, _, args = text.strip().partition(" ")
        lowered = word.lower()
        if not word:
            self.client.prompt("> ")
            return None
        if lowered in ("connect", "co", "con"):
            name, password = split_login(args)
            if not name:
                self.client.tell("Usage: connect <name> <password>", Style.ERROR)
                return None
            if not password:
                self.name = name
                self.step = Step.PASSWORD
                self._ask("Password: ", secret=True)
                return None
            return self.log_in(name, password)
        if lowered == "create":
            name, password = split_login(args)
            self.name, self.password = name, password
            if self.client.server.world.accounts.signup_mode is SignupMode.INVITATION:
                # Asked first, so nobody types everything to learn they needed it. The core
                # checks it with the rest.
                self.step = Step.NEW_INVITATION
                self.client.tell(
                    "This server makes accounts by invitation. Type QUIT at any question to stop."
                )
                self._ask("Your invitation code: ")
                return None
            self._start_creating()
            return None
        if lowered == "who":
            self._who()
            return None
        if lowered in ("quit", "logout"):
            self.client.close("Goodbye.")
            return None
        if lowered in ("help", "?"):
            self.client.tell(LOGIN_HELP)
            return None
        if " " not in text.strip():
            # Mudlet and other clients send the name and the password on separate lines.
            self.name = word
            self.step = Step.PASSWORD
            self._ask("Password: ", secret=True)
            return None
        self.client.tell('Not logged in. Type "connect <name> <password>", or "help".', Style.ERROR)
        return None

    # --- new accounts -------------------------------------------------------------------------

    def _start_creating(self) -> None:
        """Ask for what ``create`` was not given: the name, the password, the birth date."""
        if not self.name:
            self.step = Step.NEW_NAME
            self.client.tell("Making a new account. Type QUIT at any question to stop.")
            self._ask("Name for your account and first character: ")
        elif not self.password:
            self.step = Step.NEW_PASSWORD
            self._ask("Choose a password (at least 8 characters): ", secret=True)
        else:
            self.step = Step.NEW_BORN
            self._ask_born()

    def _ask_born(self) -> None:
        self.client.machine.hide_input(False)
        self.client.tell("")
        self._ask("Your date of birth, as YYYY-MM-DD (you must be 18 or over): ")

    def _creating(self, text: str) -> Work | None:
        answer = text.strip()
        if answer.lower() == "quit" and self.step is not Step.NEW_PASSWORD:
            self._reset()
            self.client.tell("No account made.")
            self.client.prompt("> ")
            return None
        step = self.step
        if step is Step.NEW_INVITATION:
            if not answer:
                self._ask("Your invitation code: ")
                return None
            self.invitation = answer
            self._start_creating()
        elif step is Step.NEW_NAME:
            if not answer or " " in answer:
                self._ask("A name is one word. Name: ")
                return None
            self.name = answer
            self.step = Step.NEW_PASSWORD
            self._ask("Choose a password (at least 8 characters): ", secret=True)
        elif step is Step.NEW_PASSWORD:
            self.password = text.strip()
            self.step = Step.NEW_PASSWORD_AGAIN
            self.client.tell("")
            self._ask("The same password again: ", secret=True)
        elif step is Step.NEW_PASSWORD_AGAIN:
            if text.strip() != self.password:
                self.password = ""
                self.step = Step.NEW_PASSWORD
                self.client.tell("")
                self.client.tell("The passwords differ.", Style.ERROR)
                self._ask("Choose a password (at least 8 characters): ", secret=True)
                return None
            self.step = Step.NEW_BORN
            self._ask_born()
        elif step is Step.NEW_BORN:
            try:
                born = dt.date.fromisoformat(answer)
            except ValueError:
                self._ask("Please give the date as YYYY-MM-DD: ")
                return None
            try:
                # The core's own rule, checked at once (as the web's sign-up does): nobody under
                # 18 is asked for the adult statement.
                self.born = check_born(born, self.client.server.world.clock().date())
            except BoudoirError as error:
                self._refuse(error)
                return None
            self.step = Step.NEW_ATTEST
            self.client.tell(
                "Boudoir is for adults. Anything above a general rating needs your statement:\n"
                f'  "{ATTESTATION_STATEMENT}"\n'
                f'Type "{AGREE}" to make it now, or "later" to see only general-rated rooms.'
            )
            self._ask("> ")
        elif step is Step.NEW_ATTEST:
            lowered = answer.lower()
            if lowered not in (AGREE.lower(), "later"):
                self._ask(f'Type "{AGREE}" or "later": ')
                return None
            return self._create(attest=lowered == AGREE.lower())
        return None

    async def _create(self, *, attest: bool) -> None:
        client = self.client
        name, password, born, invitation = self.name, self.password, self.born, self.invitation
        assert born is not None
        self._reset()
        try:
            account = await client.server.world.accounts.register(
                name, password, born, attest=attest, address=client.address, invitation=invitation
            )
        except BoudoirError as error:
            self._refuse(error)
            return
        if account.awaiting_approval:
            client.tell(
                f"Your account {account.name} is made. It waits for an operator's approval: "
                "connect once it is approved."
            )
            client.prompt("> ")
            return
        client.tell(f"Welcome, {account.name}. Your account is made.")
        await enter_world(client, account, account.name)

    def _refuse(self, error: BoudoirError) -> None:
        """No account is made: say why, and back to the login screen."""
        from boudoir.gateways.telnet.errors import error_text

        self._reset()
        self.client.tell(f"No account made: {error_text(error)}", Style.ERROR)
        self.client.tell('Type "create" to try again.')
        self.client.prompt("> ")

    # --- logging in ---------------------------------------------------------------------------

    async def log_in(self, name: str, password: str) -> None:
        client = self.client
        try:
            account = await authenticate(client, name, password)
        except BoudoirError as error:
            from boudoir.gateways.telnet.errors import error_text

            client.tell(error_text(error), Style.ERROR)
            client.prompt("> ")
            return
        await enter_world(client, account, name)

    def _who(self) -> None:
        """Who is online, as anyone may see before logging in: only characters whose owner
        shows their presence to everyone."""
        registry = self.client.server.world.registry
        names = sorted(
            {
                c.character.name
                for c in registry.online_characters()
                if c.account.presence_visibility is PresenceVisibility.EVERYONE
            },
            key=str.casefold,
        )
        if not names:
            self.client.tell("Nobody you can see is online.")
        else:
            self.client.tell(f"Online ({len(names)}): " + ", ".join(names))
        self.client.prompt("> ")


async def authenticate(client: TelnetClient, name: str, password: str) -> Account:
    """Check a login by account name or by one of the account's character names."""
    world = client.server.world
    try:
        return await world.accounts.authenticate(name, password, address=client.address)
    except AuthenticationFailed:
        try:
            character = await world.characters.find(name)
        except BoudoirError:
            raise AuthenticationFailed() from None
        account = await world.accounts.get(character.account_id)
        if name_key(account.name) == name_key(name):
            raise
        return await world.accounts.authenticate(account.name, password, address=client.address)


async def enter_world(client: TelnetClient, account: Account, wanted: str) -> None:
    """Connect ``client`` as the character named ``wanted`` if the account has it, else its
    first; put it in its home room and show where it is."""
    world = client.server.world
    owned = await world.characters.of_account(account.id)
    if not owned:
        owned = [await world.characters.create(account.id, account.name)]
    chosen = next((c for c in owned if name_key(c.name) == name_key(wanted)), owned[0])
    if client.closing:
        return
    conn = await world.connect(client, account, character=chosen.name, address=client.address)
    if client.closing:
        # Hung up while the store answered: ``connection_lost`` had nobody to log out.
        world.disconnect(conn, client.quit_reason or "Connection closed")
        return
    client.conn = conn
    client.logged_in()
    others = [c.name for c in owned if c.id != chosen.id]
    text = f"You are {chosen.name}."
    if others:
        text += " Your other characters: " + ", ".join(others) + ' ("@char <name>" to switch).'
    client.tell(text)
    friends = await world.relations.friends(conn)
    client.watching = frozenset(name_key(name) for name in friends)
    client.refresh_view()
    if client.machine.gmcp_enabled:
        from boudoir.wire.telnet.gmcp_events import char_name

        client.machine.send_gmcp("Char.Login.Result", {"success": True})
        client.machine.send_gmcp(*char_name(chosen.name))
    waiting = world.messages.requests(conn)
    if waiting:
        names = ", ".join(r.sender.name for r in waiting)
        client.tell(f'Pages waiting for your yes: {names}. Type "requests" to read them.')
    from boudoir.gateways.telnet.mail import announce_unread
    from boudoir.gateways.telnet.world_commands import arrive

    await arrive(client)
    await announce_unread(client)


def gmcp_received(client: TelnetClient, package: str, data: object) -> Work | None:
    """GMCP from the client: Core.Hello names it; Char.Login.Credentials logs in (Mudlet's
    GMCP login, mudlet.org "Standards:GMCP Authentication")."""
    lowered = package.lower()
    if lowered in ("core.supports.set", "core.supports.add", "core.supports.remove"):
        from boudoir.wire.telnet.gmcp_events import parse_supports

        named = parse_supports(data)
        current = client.gmcp_packages or frozenset()
        if lowered == "core.supports.set":
            client.gmcp_packages = named
        elif lowered == "core.supports.add":
            client.gmcp_packages = current | named
        else:
            client.gmcp_packages = current - named
        return None
    if lowered == "char.login.credentials" and client.conn is None and client.login is not None:
        if not isinstance(data, dict):
            return None
        name = data.get("account") or data.get("name")
        password = data.get("password")
        if not isinstance(name, str) or not isinstance(password, str):
            client.machine.send_gmcp(
                "Char.Login.Result", {"success": False, "message": "account and password needed"}
            )
            return None
        return _gmcp_login(client, name, password)
    return None


async def _gmcp_login(client: TelnetClient, name: str, password: str) -> None:
    try:
        account = await authenticate(client, name, password)
    except BoudoirError as error:
        from boudoir.gateways.telnet.errors import error_text

        message = error_text(error)
        client.machine.send_gmcp("Char.Login.Result", {"success": False, "message": message})
        client.tell(message, Style.ERROR)
        return
    if client.conn is None:
        await enter_world(client, account, name)
