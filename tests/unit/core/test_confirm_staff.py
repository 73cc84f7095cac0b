"""IRC's OPER asks the core to confirm a staff role: one's own account, by its password,
checked and throttled as a login is."""

from __future__ import annotations

import pytest

from boudoir.domain.entities import Role
from boudoir.domain.errors import AuthenticationFailed, NotAllowed, Throttled
from boudoir.testing.harness import PASSWORD, TestPerson, TestWorld


async def staff(test: TestWorld, name: str, role: Role) -> TestPerson:
    account = await test.register(name)
    await test.world.accounts.set_role(account.id, role)
    return await test.login(name)


async def test_staff_confirm_their_role_by_account_or_character_name() -> None:
    test = await TestWorld.start()
    mona = await staff(test, "Mona", Role.MODERATOR)
    await test.world.characters.create(mona.account.id, "Moonlight")
    world = test.world
    assert await world.confirm_staff(mona.connection, "mona", PASSWORD) is Role.MODERATOR
    assert await world.confirm_staff(mona.connection, "Moonlight", PASSWORD) is Role.MODERATOR
    with pytest.raises(AuthenticationFailed):
        await world.confirm_staff(mona.connection, "Mona", "not-the-password")


async def test_no_one_takes_a_role_that_is_not_their_own() -> None:
    test = await TestWorld.start()
    await staff(test, "Olga", Role.OPERATOR)
    piet = await test.person("Piet")
    with pytest.raises(NotAllowed):
        await test.world.confirm_staff(piet.connection, "Piet", PASSWORD)
    for name in ("Olga", "nobody"):  # the password is right for Olga: still refused
        with pytest.raises(AuthenticationFailed):
            await test.world.confirm_staff(piet.connection, name, PASSWORD)


async def test_guessing_the_password_is_throttled_as_a_login_is() -> None:
    test = await TestWorld.start()
    mona = await staff(test, "Mona", Role.MODERATOR)
    with pytest.raises(Throttled):  # noqa: PT012
        for _ in range(10):
            with pytest.raises(AuthenticationFailed):
                await test.world.confirm_staff(mona.connection, "Mona", "a guess")
