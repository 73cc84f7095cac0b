"""The one Origin check of the web gateway: a page of another site is refused, the site's own
pages pass, whether the origin is configured or taken from the request."""

from __future__ import annotations

from boudoir.gateways.web.options import WebOptions, expected_origin, origin_allowed

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
