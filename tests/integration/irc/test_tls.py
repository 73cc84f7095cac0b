"""The TLS listener, with the certificate the server generated for itself."""

from __future__ import annotations

import ssl

import pytest

from .conftest import Clients, ServerFactory
from .harness import PASSWORD, Person

pytestmark = pytest.mark.slow


async def test_log_in_over_tls_verifying_the_generated_certificate(
    start_server: ServerFactory, clients: Clients
) -> None:
    server = await start_server(people=[Person("tilda"), Person("ugo")], tls=True)
    # Verified as a careful user would: trust exactly this certificate, check the host name.
    trusted = ssl.create_default_context(cafile=server.certificate)
    tilda = await clients.raw(server.tls_port, "tilda", tls=trusted)
    assert tilda.inbox.seen("900", "tilda")
    tilda.send("JOIN #vault")
    await tilda.expect("366", "tilda", "#vault")

    # A library client over TLS (without verification) meets her there.
    ugo = await clients.library(server.tls_port, "ugo", sasl=("ugo", PASSWORD), tls=True)
    await ugo.enter("#vault")
    tilda.send("PRIVMSG #vault :Encrypted, end to server.")
    await ugo.inbox.expect("PRIVMSG", "#vault", "Encrypted, end to server.", sender="tilda")
