"""Which peers are trusted to name the client: the ``trusted_proxies`` networks, whether a
peer's address comes as IPv4 or as the IPv6 address that maps it; and how the web port counts
a trusted balancer's connections (against the server's ceiling only)."""

from __future__ import annotations

from uvicorn.middleware.proxy_headers import _TrustedHosts

from boudoir.gateways.admission import SERVER_FULL, TOO_MANY, ConnectionCeiling
from boudoir.gateways.proxied import TrustedProxies
from boudoir.gateways.web.guard import WebAdmission


def test_addresses_in_the_listed_networks_are_trusted_and_no_others() -> None:
    proxies = TrustedProxies(["10.0.0.2/32", "192.0.2.0/24", "2001:db8::/64"])
    assert "10.0.0.2" in proxies
    assert "192.0.2.200" in proxies
    assert "2001:db8::7" in proxies
    assert "::ffff:10.0.0.2" in proxies  # a dual-stack socket's view of 10.0.0.2
    assert "10.0.0.3" not in proxies
    assert "2001:db8:1::7" not in proxies
    assert "local" not in proxies  # a UNIX socket's peer
    assert "" not in proxies


def test_with_none_listed_nothing_is_trusted() -> None:
    proxies = TrustedProxies()
    assert not proxies
    assert "127.0.0.1" not in proxies


def test_uvicorn_is_told_of_the_same_peers_ipv4_mapped_included() -> None:
    """uvicorn's proxy-headers middleware (its trust check is not public API: pinned with
    uvicorn's minor version) believes X-Forwarded-For from the same peers."""
    proxies = TrustedProxies(["10.0.0.0/24", "2001:db8::/64"])
    assert proxies.as_strings() == ["10.0.0.0/24", "2001:db8::/64", "::ffff:a00:0/120"]
    trusted_by_uvicorn = _TrustedHosts(proxies.as_strings())
    for address in ("10.0.0.9", "::ffff:10.0.0.9", "2001:db8::1", "10.0.1.9", "::1"):
        assert (address in trusted_by_uvicorn) == (address in proxies), address


def test_a_trusted_balancers_web_connections_count_against_the_ceiling_only() -> None:
    ceiling = ConnectionCeiling(3)
    admission = WebAdmission(1, 10.0, ceiling, TrustedProxies(["10.0.0.2/32"]))
    # The balancer carries many people's connections: the per-address limit of 1 is not its.
    assert [admission.admit("10.0.0.2", 0.0) for _ in range(2)] == [None, None]
    assert admission.admit("198.51.100.7", 0.0) is None
    assert admission.admit("198.51.100.7", 0.0) == TOO_MANY
    assert admission.admit("10.0.0.2", 0.0) == SERVER_FULL
    admission.release("10.0.0.2")
    assert ceiling.open == 2
    assert admission.admit("10.0.0.2", 0.0) is None
