"""A password verified on one node is forgotten there when the account's password changes on
another, even with nobody of that account logged in on the first."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.errors import AuthenticationFailed
from boudoir.testing.harness import PASSWORD

from .nodes import Nodes

NEW_PASSWORD = "a quite different passphrase"


async def test_a_password_change_on_one_node_drops_the_verified_password_on_the_other(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    account = await a.world.accounts.register("juniper", PASSWORD, dt.date(1990, 5, 17))
    await b.world.accounts.authenticate("juniper", PASSWORD)
    assert len(b.world.accounts.verified) == 1
    await a.world.accounts.change_password(account.id, NEW_PASSWORD)
    await nodes.settle()
    assert len(b.world.accounts.verified) == 0
    with pytest.raises(AuthenticationFailed):
        await b.world.accounts.authenticate("juniper", PASSWORD)
    await b.world.accounts.authenticate("juniper", NEW_PASSWORD)
