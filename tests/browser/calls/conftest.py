"""Fixtures of the calls and cams browser tests: a real coturn relay on 127.0.0.1 (relay.py)
and, in place of the browser tests' usual server, one pointed at it: calls and cams are on
(test_calls_rules.py, beside this directory, checks a server without one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from integration.server import Servers, boudoir_environment

from ..conftest import LOOPBACK_LIMITS, _require_chromium
from ..people import BrowserServer
from .relay import Relay, running_relay


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relay]:
    with running_relay(tmp_path_factory.mktemp("relay")) as running:
        yield running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, relay: Relay) -> Iterator[BrowserServer]:
    """This module's server, pointed at the relay: calls and cams are on."""
    _require_chromium()
    scratch = tmp_path_factory.mktemp("browser-calls")
    servers = Servers(scratch)
    try:
        environment = boudoir_environment(**LOOPBACK_LIMITS, **relay.environment())
        yield BrowserServer(
            servers.start(scratch / "data", environment=environment), scratch / "data"
        )
    finally:
        servers.close_all()
