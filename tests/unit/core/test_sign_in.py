"""Signing in by the account's name or any of its characters' names."""

from __future__ import annotations

import pytest

from boudoir.core.sign_in import authenticate, character_to_enter
from boudoir.domain.errors import AuthenticationFailed
from boudoir.testing.harness import PASSWORD, TestWorld


async def test_an_account_signs_in_by_its_own_name_or_a_characters_in_any_case() -> None:
    world = await TestWorld.start()
    account = await world.register("ada")
    await world.world.characters.create(account.id, "Wren")
    accounts, characters = world.world.accounts, world.world.characters
    for name in ("ada", "ADA", "wren", "Wren"):
        signed = await authenticate(accounts, characters, name, PASSWORD)
        assert signed.id == account.id
    for name, password in (("wren", "wrong password"), ("nobody", PASSWORD)):
        with pytest.raises(AuthenticationFailed):
            await authenticate(accounts, characters, name, password)


async def test_a_sign_in_enters_as_the_character_asked_for_or_the_first() -> None:
    world = await TestWorld.start()
    account = await world.register("ada")
    characters = world.world.characters
    chosen, owned = await character_to_enter(characters, account, "anyone")
    assert [c.name for c in owned] == [chosen.name] == ["ada"]  # made for an account with none
    await characters.create(account.id, "Wren")
    chosen, owned = await character_to_enter(characters, account, "WREN")
    assert chosen.name == "Wren"
    assert [c.name for c in owned] == ["ada", "Wren"]
    chosen, _ = await character_to_enter(characters, account, "nobody")
    assert chosen.name == "ada"
