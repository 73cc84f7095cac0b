"""Signing in by name and password on a live connection (IRC, telnet): the name may be the
account's or any of its characters', so people can use the name they know.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.accounts import AccountService
from boudoir.core.characters import CharacterService
from boudoir.core.login_queue import Told
from boudoir.domain.entities import Account, Character
from boudoir.domain.errors import AuthenticationFailed, BoudoirError
from boudoir.domain.names import name_key


async def authenticate(
    accounts: AccountService,
    characters: CharacterService,
    name: str,
    password: str,
    *,
    address: str = "",
    told: Told | None = None,
) -> Account:
    """The account ``name`` names (directly, or through one of its characters) if
    ``password`` is its password; ``AuthenticationFailed`` otherwise, the same for an unknown
    name as for a wrong password. Guesses are throttled by ``AccountService``, and
    verifications wait their turn in its queue (``told`` hears how many are ahead)."""
    try:
        return await accounts.authenticate(name, password, address=address, told=told)
    except AuthenticationFailed:
        try:
            character = await characters.find(name)
        except BoudoirError:
            raise AuthenticationFailed() from None
        account = await accounts.get(character.account_id)
        if name_key(account.name) == name_key(name):
            raise
        return await accounts.authenticate(account.name, password, address=address, told=told)


async def character_to_enter(
    characters: CharacterService, account: Account, wanted: str
) -> tuple[Character, list[Character]]:
    """The character a sign-in enters as: the account's one named ``wanted`` if it has it,
    else its first (a first one, named as the account, is made for an account with none);
    and all the account's characters."""
    owned = await characters.of_account(account.id)
    if not owned:
        owned = [await characters.create(account.id, account.name)]
    chosen = next((c for c in owned if name_key(c.name) == name_key(wanted)), owned[0])
    return chosen, owned
