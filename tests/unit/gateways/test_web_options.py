"""The one Origin check of the web gateway: a page of another site is refused, the site's own
pages pass, whether the origin is configured or taken from the request."""

from __future__ import annotations

import pytest

from boudoir.gateways.web.options import WebOptions, expected_origin, host_allowed, origin_allowed

LOCAL = WebOptions()
PROXIED = WebOptions(origin="https://chat.example.org")


def test_without_a_configured_origin_the_request_own_host_is_the_site() -> None:
    headers = {"host": "127.0.0.1:8080", "origin": "http://127.0.0.1:8080"}
    assert origin_allowed(LOCAL, "http", headers)
    assert origin_allowed(LOCAL, "ws", headers)


def test_another_site_is_refused() -> None:
    headers = {"host": "127.0.0.1:8080", "origin": "https://evil.example"}
    assert not origin_allowed(LOCAL, "http", headers)
    assert not origin_allowed(PROXIED, "https", headers)


def test_the_scheme_counts_http_page_to_https_site_is_foreign() -> None:
    headers = {"host": "chat.example.org", "origin": "http://chat.example.org"}
    assert not origin_allowed(LOCAL, "wss", headers)
    assert origin_allowed(LOCAL, "ws", headers)


def test_a_configured_origin_wins_over_the_host_header() -> None:
    # Behind a proxy the Host may be the backend's; only the public origin is the site.
    headers = {"host": "127.0.0.1:8080", "origin": "https://chat.example.org"}
    assert origin_allowed(PROXIED, "http", headers)
    assert not origin_allowed(PROXIED, "http", {**headers, "origin": "http://127.0.0.1:8080"})


def test_origin_comparison_ignores_case_and_a_trailing_slash() -> None:
    assert origin_allowed(PROXIED, "http", {"origin": "HTTPS://Chat.Example.org/"})


def test_no_origin_header_is_not_a_browser_page_and_passes() -> None:
    assert origin_allowed(LOCAL, "http", {"host": "127.0.0.1:8080"})


def test_no_host_means_no_expected_origin() -> None:
    assert expected_origin(LOCAL, "http", {}) is None
    assert not origin_allowed(LOCAL, "http", {"origin": "http://127.0.0.1:8080"})
    assert PROXIED.secure_cookies
    assert not LOCAL.secure_cookies


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:8080",
        "192.168.1.5",
        "[::1]:8080",
        "[fe80::1]",
        "localhost:8080",
        "LocalHost.",
        "boudoir.localhost",
        "chat.lan:8080",
        "",
    ],
)
def test_without_a_configured_origin_addresses_local_names_and_web_hosts_are_served(
    host: str,
) -> None:
    assert host_allowed(WebOptions(hosts=frozenset({"chat.lan"})), {"host": host})


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8080",
        "chat.lan.evil.example",
        "localhost.evil.example",
        "[::1]evil",
        "[evil.example]:80",
    ],
)
def test_without_a_configured_origin_other_names_are_refused(host: str) -> None:
    """A rebound page sends its own name: refused, whatever address it resolved to."""
    assert not host_allowed(WebOptions(hosts=frozenset({"chat.lan"})), {"host": host})


def test_with_a_configured_origin_the_proxy_decides_the_names() -> None:
    assert host_allowed(PROXIED, {"host": "evil.example"})
