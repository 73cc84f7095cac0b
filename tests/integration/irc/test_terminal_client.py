"""A real terminal IRC client, WeeChat, against the server: SASL, JOIN and messages both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Clients, ServerFactory
from .harness import PASSWORD, Person
from .terminal import sasl_session, weechat, weechat_or_skip

pytestmark = pytest.mark.slow


async def test_weechat_logs_in_with_sasl_joins_and_talks(
    start_server: ServerFactory, clients: Clients, tmp_path: Path
) -> None:
    binary = weechat_or_skip()
    server = await start_server(people=[Person("wendy"), Person("xavier")])
    xavier = await clients.library(server.port, "xavier", sasl=("xavier", PASSWORD))
    await xavier.enter("#porch")

    commands = sasl_session(
        server.port,
        "wendy",
        PASSWORD,
        "#porch",
        say="Hello from WeeChat",
        reply="Thank you!",
    )
    async with weechat(binary, tmp_path / "weechat", commands):
        await xavier.inbox.expect("JOIN", "#porch", sender="wendy")
        hello = await xavier.inbox.expect("PRIVMSG", "#porch", "Hello from WeeChat")
        assert hello.source == "wendy!rp@cloaked"
        assert hello.tags["account"] == "wendy"  # logged in: the account-tag says so
        # WeeChat reads what the server relays to it, and answers.
        await xavier.message("#porch", "Welcome, wendy")
        await xavier.inbox.expect("PRIVMSG", "#porch", "Thank you!", sender="wendy")
