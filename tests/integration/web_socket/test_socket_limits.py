"""How many sockets one account and one address may hold open (docs/websocket.md, close 4029)."""

from __future__ import annotations

from boudoir.gateways.web.options import WebOptions

from .harness import Browser, serve_site

ANOTHER_ADDRESS = ("127.0.0.2", 0)
"""Linux routes all of 127.0.0.0/8 to loopback: a browser at a second address."""


async def refused_with(socket: Browser) -> str:
    """The reason of a socket refused past a limit: one ``too_many_connections`` error, then
    close 4029."""
    error = await socket.expect("error")
    assert error["code"] == "too_many_connections"
    assert await socket.closed_with() == 4029
    assert socket.socket.close_reason == error["message"]
    return str(error["message"])


async def test_one_account_holds_a_bounded_number_of_sockets() -> None:
    async with serve_site(WebOptions(max_sockets_per_account=2)) as site:
        tabs = [await site.browser("Ada"), await site.browser("Ada")]
        third = await site.open_socket("Ada", local_addr=ANOTHER_ADDRESS)
        reason = await refused_with(third)
        assert reason == "Too many open connections for your account; close a tab first"
        # Another account at the same address is not held back.
        bea = await site.browser("Bea")
        for browser in (*tabs, bea):
            await browser.socket.close()


async def test_one_address_holds_a_bounded_number_of_sockets() -> None:
    async with serve_site(WebOptions(max_sockets_per_address=2)) as site:
        held = [await site.browser("Ada"), await site.browser("Bea")]
        carl = await site.open_socket("Carl")
        assert await refused_with(carl) == "Too many open connections from your address"
        # The same account from another address gets in.
        elsewhere = await site.browser("Carl", local_addr=ANOTHER_ADDRESS)
        for browser in (*held, elsewhere):
            await browser.socket.close()
