"""TURN credentials as coturn's shared-secret scheme (``use-auth-secret``) checks them."""

from __future__ import annotations

import base64

from boudoir.domain.turn import mint_ice_server, turn_password


def test_the_password_is_base64_of_hmac_sha1_rfc_2202_vector() -> None:
    # RFC 2202, test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?").
    expected = bytes.fromhex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    assert turn_password("Jefe", "what do ya want for nothing?") == (
        base64.b64encode(expected).decode()
    )


def test_a_username_is_the_expiry_and_an_opaque_id_never_a_name() -> None:
    server = mint_ice_server(
        ("turn:127.0.0.1:3478?transport=udp",),
        "s3cret",
        now=1_800_000_000.7,
        ttl_seconds=3600,
        opaque="k2x9",
    )
    assert server.username == "1800003600:k2x9"
    assert server.credential == turn_password("s3cret", "1800003600:k2x9")
    assert server.urls == ("turn:127.0.0.1:3478?transport=udp",)
