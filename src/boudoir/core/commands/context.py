"""The context a command runs in: the world, and who acts.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.core.login_queue import Told
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId


@dataclass(frozen=True, slots=True)
class Context:
    """Who gives a command, and the world it acts on.

    A live connection (IRC, telnet, the WebSocket) acts as its account and its current
    character; an HTTP request acts as an account only (``connection`` None), so a handler
    that needs a character asks for ``conn`` and is refused over HTTP."""

    world: World
    account_id: AccountId
    connection: Connection | None = None
    login_id: str | None = None
    """The browser log-in session an HTTP request is made with."""
    address: str = ""
    """The peer's address (log-in checks are throttled by it)."""
    people_shown: int | None = None
    """How many of a room's people a look names at most (``RoomView.others`` counts the rest);
    None: all of them. A gateway whose readers cannot skim thousands of names sets it."""
    told: Told | None = None
    """Told how many are ahead while a command's password work (a password change) waits its
    turn in the login queue; a gateway that can say so sets it for that command."""

    @classmethod
    def of(
        cls, world: World, connection: Connection, *, people_shown: int | None = None
    ) -> Context:
        """The context of a live connection: made once and kept on it, since the account and
        the address of a connection do not change (its character may: ``conn`` reads it)."""
        context = connection.context
        if (
            isinstance(context, Context)
            and context.world is world
            and context.people_shown == people_shown
        ):
            return context
        context = cls(
            world,
            connection.account.id,
            connection,
            address=connection.address,
            people_shown=people_shown,
        )
        connection.context = context
        return context

    @classmethod
    def of_account(
        cls, world: World, account_id: AccountId, login_id: str | None = None, address: str = ""
    ) -> Context:
        """The context of an HTTP request made with an account's login session."""
        return cls(world, account_id, login_id=login_id, address=address)

    @property
    def conn(self) -> Connection:
        """The live connection; a command that acts as a character needs one."""
        if self.connection is None:
            raise InvalidInput("That needs a character: connect over the WebSocket, IRC or telnet.")
        return self.connection
