"""Logging in over the WebSocket while other connections of the same account come and go."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.core.registry import Connection
from boudoir.testing.harness import HeldCall

from .harness import Site


async def test_a_login_survives_the_accounts_last_socket_closing_meanwhile(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice's phone logs in while the store is slow; meanwhile her laptop logs in and
    closes, the account's last socket. The phone still gets its welcome and can talk."""
    await site.person("Alice")
    relations = site.world.store.relations
    held = HeldCall(relations.contacts_of)
    monkeypatch.setattr(relations, "contacts_of", held)
    gone = asyncio.Event()
    disconnect = site.world.disconnect

    def disconnect_and_tell(connection: Connection, reason: str = "") -> None:
        disconnect(connection, reason)
        gone.set()

    monkeypatch.setattr(site.world, "disconnect", disconnect_and_tell)
    phone = asyncio.create_task(site.browser("Alice"))
    await held.waiting.wait()
    laptop = await site.browser("Alice")
    await laptop.socket.close()
    await gone.wait()
    held.release()
    alice = await phone
    assert (await alice.call("join", room="lobby", create=True))["type"] == "ok"
