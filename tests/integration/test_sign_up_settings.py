"""The operator's sign-up limits reach the core a server runs: past them a gateway's sign-up is
refused, an operator's ``boudoir account create`` is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from boudoir.app import open_core
from boudoir.domain.errors import Throttled
from boudoir.settings import Settings

PASSWORD = "correct horse battery"
BORN = dt.date(1990, 5, 17)


async def test_the_per_address_limit_is_the_operators(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", signups_per_address_per_hour=2)
    async with open_core(settings, migrate=True) as core:
        accounts = core.world.accounts
        for name in ("ann", "bea"):
            await accounts.register(name, PASSWORD, BORN, address="192.0.2.1")
        with pytest.raises(Throttled):
            await accounts.register("cat", PASSWORD, BORN, address="192.0.2.1")
        assert (await accounts.register("cat", PASSWORD, BORN)).name == "cat"  # an operator
