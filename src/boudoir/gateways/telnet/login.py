"""The login screen's glue: the wire's machine (``wire.telnet.login``: ``connect``,
``create`` with the age attestation, ``WHO``, ``QUIT``, name and password on separate lines)
carried out on the client, logging in and making accounts through the core, entering the
world, and GMCP Char.Login. Password guesses and sign-ups are throttled by the core.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, assert_never

from boudoir.core import sign_in
from boudoir.domain.entities import Account
from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import CountUnread
from boudoir.domain.invitations import SignupMode
from boudoir.domain.names import name_key
from boudoir.gateways.telnet.errors import error_text
from boudoir.wire.telnet import login
from boudoir.wire.telnet.gmcp_events import char_name, credentials, supports
from boudoir.wire.telnet.text import Style

if TYPE_CHECKING:
    from boudoir.gateways.telnet.client import TelnetClient

Work = Coroutine[Any, Any, None]


class LoginScreen:
    """The login screen of one connection: the wire's machine (``wire.telnet.login``), and
    the steps it gives carried out on the client and in the core."""

    def __init__(self, client: TelnetClient) -> None:
        self.client = client
        self.machine = login.LoginScreen()

    def welcome(self) -> None:
        self._carry_out(self.machine.welcome(self.client.server.welcome))

    def line(self, text: str) -> Work | None:
        world = self.client.server.world
        by_invitation = world.accounts.signup_mode is SignupMode.INVITATION
        steps = self.machine.line(text, today=world.clock().date(), by_invitation=by_invitation)
        return self._carry_out(steps)

    def _carry_out(self, steps: list[login.Step]) -> Work | None:
        """Do each step in order; the core's work (at most one, last) is returned to run."""
        client = self.client
        for step in steps:
            match step:
                case login.Tell(text, style):
                    client.tell(text, style)
                case login.Prompt(text):
                    client.prompt(text)
                case login.HideInput(hidden):
                    client.machine.hide_input(hidden)
                case login.Refuse(error):
                    self._refuse(error)
                case login.ShowWho():
                    self._who()
                case login.Quit():
                    client.close("Goodbye.")
                case login.LogIn(name, password):
                    return self.log_in(name, password)
                case login.CreateAccount():
                    return self._create(step)
                case _:
                    assert_never(step)
        return None

    async def _create(self, wanted: login.CreateAccount) -> None:
        """Make the account, then enter the world as it. While the new account waits its turn
        in the core's login queue (with the logins) and its password is hashed, the login
        timeout waits, and the person is told where they stand."""
        client = self.client
        client.hold_login_timer()
        try:
            account = await client.server.world.accounts.register(
                wanted.name,
                wanted.password,
                wanted.born,
                attest=wanted.attest,
                address=client.address,
                invitation=wanted.invitation,
                told=client.signup_waiting,
            )
        except BoudoirError as error:
            client.restart_login_timer()
            self._carry_out([*self.machine.reset(), login.Refuse(error)])
            return
        except BaseException:
            client.restart_login_timer()
            raise
        client.tell(login.account_made(account.name, awaiting_approval=account.awaiting_approval))
        if account.awaiting_approval:
            client.restart_login_timer()  # made, but not to log in with yet
            client.prompt(login.PROMPT)
            return
        await enter_world(client, account, account.name)

    def _refuse(self, error: BoudoirError) -> None:
        """No account is made: say why, and back to the login screen."""
        self.client.tell(f"No account made: {error_text(error)}", Style.ERROR)
        self._carry_out(self.machine.refused())

    async def log_in(self, name: str, password: str) -> None:
        client = self.client
        try:
            account = await authenticate(client, name, password)
        except BoudoirError as error:
            client.tell(error_text(error), Style.ERROR)
            client.prompt(login.PROMPT)
            return
        await enter_world(client, account, name)

    def _who(self) -> None:
        """Who is online, as anyone may see before logging in: only characters whose owner
        shows their presence to everyone."""
        names = self.client.server.world.presence.public_names()
        online = f"Online ({len(names)}): " + ", ".join(names)
        self.client.tell(online if names else "Nobody you can see is online.")
        self.client.prompt(login.PROMPT)


async def authenticate(client: TelnetClient, name: str, password: str) -> Account:
    """Check a login by account name or by one of the account's character names. While it
    waits its turn in the core's login queue and is verified, the login timeout does not run
    and the person is told where they stand."""
    world = client.server.world
    client.hold_login_timer()
    try:
        return await sign_in.authenticate(
            world.accounts,
            world.characters,
            name,
            password,
            address=client.address,
            told=client.login_waiting,
        )
    except BaseException:
        client.restart_login_timer()
        raise


async def enter_world(client: TelnetClient, account: Account, wanted: str) -> None:
    """Connect ``client`` as the character named ``wanted`` if the account has it, else its
    first; put it in its home room and show where it is. The login timeout waits while the
    store answers (during a login storm it may take a while): someone whose password was
    right is not cut for the server's slowness."""
    client.hold_login_timer()
    try:
        await _enter_world(client, account, wanted)
    finally:
        client.restart_login_timer()  # nothing once connected; else the whole timeout again


async def _enter_world(client: TelnetClient, account: Account, wanted: str) -> None:
    world = client.server.world
    chosen, owned = await sign_in.character_to_enter(world.characters, account, wanted)
    if client.closing:
        return
    conn = await world.connect(
        client,
        account,
        character=chosen.name,
        address=client.address,
        shows=client.presence_shows(),
    )
    if client.closing:
        # Hung up while the store answered: ``connection_lost`` had nobody to log out.
        world.disconnect(conn, client.quit_reason or "Connection closed")
        return
    client.conn = conn
    client.logged_in()
    others = [c.name for c in owned if c.id != chosen.id]
    client.tell(login.entered(chosen.name, others))
    friends = await world.relations.friends(conn)
    # frozenset() without an argument is the one shared empty set; from an empty generator
    # it would be a new one, held by every connection without friends.
    client.watching = frozenset(name_key(name) for name in friends) if friends else frozenset()
    client.refresh_view()
    if client.machine.gmcp_enabled:
        client.machine.send_gmcp("Char.Login.Result", {"success": True})
        client.machine.send_gmcp(*char_name(chosen.name))
    waiting = login.pages_waiting([r.sender.name for r in world.messages.requests(conn)])
    if waiting is not None:
        client.tell(waiting)
    from boudoir.gateways.telnet.commands import run_intent
    from boudoir.gateways.telnet.world import arrive

    await arrive(client)
    if client.conn is not None:
        await run_intent(client, CountUnread())  # how many letters wait unread, if any


def gmcp_received(client: TelnetClient, package: str, data: object) -> Work | None:
    """GMCP from the client: Core.Supports names what it wants; Char.Login.Credentials logs
    in (``wire.telnet.gmcp_events``)."""
    lowered = package.lower()
    enabled = supports(lowered, data, client.gmcp_packages)
    if enabled is not None:
        client.gmcp_packages = enabled
        client.declare_presence()
        return None
    if lowered != "char.login.credentials" or client.conn is not None or client.login is None:
        return None
    if not isinstance(data, dict):
        return None
    given = credentials(data)
    if given is None:
        client.machine.send_gmcp(
            "Char.Login.Result", {"success": False, "message": "account and password needed"}
        )
        return None
    return _gmcp_login(client, *given)


async def _gmcp_login(client: TelnetClient, name: str, password: str) -> None:
    try:
        account = await authenticate(client, name, password)
    except BoudoirError as error:
        message = error_text(error)
        client.machine.send_gmcp("Char.Login.Result", {"success": False, "message": message})
        client.tell(message, Style.ERROR)
        return
    if client.conn is None:
        await enter_world(client, account, name)
