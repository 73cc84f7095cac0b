"""TLS certificates: generated on first start, the operator's never touched, reloaded on change.

Handshakes are real TLS between two ``ssl`` objects joined by memory buffers: what a client
would see, without sockets.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import os
import ssl
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from boudoir.settings import Settings
from boudoir.tls import (
    CertificateError,
    Certificates,
    certificate_paths,
    ensure_certificate,
    generate_self_signed,
)

SERVER_NAME = "chat.example.org"


# --- Helpers ------------------------------------------------------------------------------


def handshake(
    server: ssl.SSLContext,
    *,
    trust: Path | None = None,
    server_hostname: str | None = None,
    maximum_version: ssl.TLSVersion | None = None,
) -> tuple[x509.Certificate, str]:
    """Run a TLS handshake against ``server``; the certificate the client was shown and the
    protocol version. With ``trust``, the client verifies the server against that file (and
    ``server_hostname``); without, it accepts any certificate, as a client pinning would."""
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, and checks the host name
    if trust is None:
        client.check_hostname = False
        client.verify_mode = ssl.CERT_NONE
    else:
        client.load_verify_locations(trust)
        client.verify_flags |= ssl.VERIFY_X509_STRICT  # Python 3.13's default
    if maximum_version is not None:
        client.maximum_version = maximum_version
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    server_in, server_out = ssl.MemoryBIO(), ssl.MemoryBIO()
    client_side = client.wrap_bio(to_client, to_server, server_hostname=server_hostname)
    server_side = server.wrap_bio(server_in, server_out, server_side=True)
    pending = [client_side, server_side]
    for _ in range(10):  # a TLS 1.3 handshake takes two round trips; TLS 1.2 three
        for side in list(pending):
            try:
                side.do_handshake()
                pending.remove(side)
            except ssl.SSLWantReadError:
                pass
        server_in.write(to_server.read())
        to_client.write(server_out.read())
        if not pending:
            break
    assert not pending, "the handshake did not finish"
    der = client_side.getpeercert(binary_form=True)
    assert der is not None
    version = client_side.version()
    assert version is not None
    return x509.load_der_x509_certificate(der), version


def serial_served(certificates: Certificates) -> int:
    return handshake(certificates.context)[0].serial_number


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def write_certificate(
    certificate: Path,
    private_key: Path,
    *,
    organization: str = "Example operator",
    expires_in: dt.timedelta = dt.timedelta(days=90),
    rsa_key: bool = False,
) -> x509.Certificate:
    """An operator's own certificate (not one Boudoir generated), written in place."""
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, SERVER_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    built = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + expires_in)
        .sign(key, hashes.SHA256())
    )
    certificate.parent.mkdir(parents=True, exist_ok=True)
    private_key.parent.mkdir(parents=True, exist_ok=True)
    private_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    certificate.write_bytes(built.public_bytes(serialization.Encoding.PEM))
    return built


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", server_name=SERVER_NAME)


@pytest.fixture
def generated(settings: Settings) -> tuple[Path, Path]:
    paths = ensure_certificate(settings)
    assert paths is not None
    return paths


# --- Generating -----------------------------------------------------------------------------


def test_a_fresh_data_directory_gets_a_private_self_signed_certificate(
    settings: Settings,
) -> None:
    paths = ensure_certificate(settings)
    tls_directory = settings.data_dir / "tls"
    assert paths == (tls_directory / "certificate.pem", tls_directory / "private-key.pem")
    certificate, private_key = paths
    assert stat.S_IMODE(private_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(tls_directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700, "holds password hashes too"

    names = load(certificate).extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert set(names.value.get_values_for_type(x509.DNSName)) == {SERVER_NAME, "localhost"}
    assert set(names.value.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    }


@pytest.mark.parametrize("server_hostname", [SERVER_NAME, "localhost", "127.0.0.1", "::1"])
def test_a_client_that_trusts_the_generated_certificate_verifies_it(
    generated: tuple[Path, Path], server_hostname: str
) -> None:
    certificates = Certificates(*generated)
    shown, _ = handshake(certificates.context, trust=generated[0], server_hostname=server_hostname)
    assert shown == load(generated[0])


def test_the_certificate_is_generated_once(
    settings: Settings, generated: tuple[Path, Path]
) -> None:
    before = [path.read_bytes() for path in generated]
    assert ensure_certificate(settings) == generated
    assert [path.read_bytes() for path in generated] == before


def test_nothing_is_generated_when_every_tls_listener_is_off(settings: Settings) -> None:
    off = replace(settings, irc_tls_port=0, telnet_tls_port=0)
    assert ensure_certificate(off) is None
    assert not settings.data_dir.exists()
    assert ensure_certificate(replace(off, telnet_tls_port="auto")) is not None


def test_a_generated_certificate_is_renewed_before_it_expires(settings: Settings) -> None:
    certificate, private_key = certificate_paths(settings)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=810)
    generate_self_signed(SERVER_NAME, certificate, private_key, now=long_ago)
    os.utime(certificate, (long_ago.timestamp(), long_ago.timestamp()))
    old = load(certificate)

    assert ensure_certificate(settings) == (certificate, private_key)
    renewed = load(certificate)
    assert renewed.serial_number != old.serial_number
    assert renewed.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=365)


def test_an_operator_certificate_in_the_default_place_is_never_replaced(
    settings: Settings,
) -> None:
    certificate, private_key = certificate_paths(settings)
    mine = write_certificate(certificate, private_key, expires_in=dt.timedelta(days=2))
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1000)).timestamp()
    os.utime(certificate, (long_ago, long_ago))

    assert ensure_certificate(settings) == (certificate, private_key)
    assert load(certificate) == mine


def test_configured_files_are_served_as_they_are(settings: Settings, tmp_path: Path) -> None:
    certificate, key = tmp_path / "live" / "fullchain.pem", tmp_path / "live" / "privkey.pem"
    mine = write_certificate(certificate, key)
    configured = replace(settings, tls_certificate=certificate, tls_private_key=key)
    assert ensure_certificate(configured) == (certificate, key)
    assert not settings.data_dir.exists()
    assert serial_served(Certificates(certificate, key)) == mine.serial_number


def test_configured_files_that_are_missing_are_an_error_naming_the_file(
    settings: Settings, tmp_path: Path
) -> None:
    missing = tmp_path / "letsencrypt" / "fullchain.pem"
    key = tmp_path / "letsencrypt" / "privkey.pem"
    configured = Settings(data_dir=settings.data_dir, tls_certificate=missing, tls_private_key=key)
    with pytest.raises(CertificateError) as raised:
        ensure_certificate(configured)
    assert str(missing) in raised.value.message
    assert not missing.exists()
    assert not settings.data_dir.exists(), "nothing is generated in place of the operator's"


def test_a_key_left_without_its_certificate_is_reported_not_overwritten(
    settings: Settings, generated: tuple[Path, Path]
) -> None:
    certificate, private_key = generated
    certificate.unlink()
    key = private_key.read_bytes()
    with pytest.raises(CertificateError) as raised:
        ensure_certificate(settings)
    assert str(certificate) in raised.value.message
    assert f"remove {private_key}" in raised.value.message
    assert private_key.read_bytes() == key


def test_one_configured_file_without_the_other_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CertificateError, match="must be set together"):
        certificate_paths(Settings(tls_certificate=tmp_path / "certificate.pem"))


# --- Serving and reloading ------------------------------------------------------------------


def test_the_context_accepts_tls_1_2_and_newer(generated: tuple[Path, Path]) -> None:
    certificates = Certificates(*generated)
    assert certificates.context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert handshake(certificates.context)[1] == "TLSv1.3"
    assert handshake(certificates.context, maximum_version=ssl.TLSVersion.TLSv1_2)[1] == "TLSv1.2"


def test_a_replaced_certificate_is_served_to_new_connections(
    generated: tuple[Path, Path],
) -> None:
    certificates = Certificates(*generated)
    context = certificates.context
    first = serial_served(certificates)
    assert first == load(generated[0]).serial_number
    assert certificates.reload_if_changed() is False, "nothing changed yet"

    generate_self_signed(SERVER_NAME, *generated)  # replaces both files, as a renewal would
    assert certificates.reload_if_changed() is True
    second = serial_served(certificates)
    assert second == load(generated[0]).serial_number != first
    assert certificates.context is context, "the listeners keep the same context"
    assert certificates.reload_if_changed() is False


def test_a_garbage_certificate_keeps_the_old_one_and_says_why(
    generated: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    certificates = Certificates(*generated)
    served = serial_served(certificates)
    generated[0].write_text("-----BEGIN CERTIFICATE-----\nnot base64\n", encoding="ascii")

    with caplog.at_level(logging.WARNING, logger="boudoir.tls"):
        assert certificates.reload_if_changed() is False
    assert serial_served(certificates) == served
    assert f"{generated[0]} is not a PEM certificate" in caplog.text
    assert "Keeping the certificate loaded before" in caplog.text

    caplog.clear()
    assert certificates.reload_if_changed() is False
    assert caplog.text == "", "a bad file is reported once, not on every connection"


def test_a_key_that_does_not_match_keeps_the_old_certificate(
    generated: tuple[Path, Path], tmp_path: Path
) -> None:
    certificates = Certificates(*generated)
    served = serial_served(certificates)
    # A renewal caught half-way: the new certificate is in place, its key not yet.
    write_certificate(generated[0], tmp_path / "new-key.pem")
    assert certificates.reload() is False
    assert serial_served(certificates) == served

    os.replace(tmp_path / "new-key.pem", generated[1])
    assert certificates.reload_if_changed() is True
    assert serial_served(certificates) == load(generated[0]).serial_number != served


def test_a_switch_from_an_ec_to_an_rsa_certificate_leaves_no_trace_of_the_old_one(
    generated: tuple[Path, Path],
) -> None:
    certificates = Certificates(*generated)
    rsa_certificate = write_certificate(*generated, rsa_key=True)
    assert certificates.reload() is True
    # The client offers ECDSA and RSA alike: the old EC certificate must not be chosen.
    assert serial_served(certificates) == rsa_certificate.serial_number


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing_certificate", "Cannot read the TLS file {certificate}"),
        ("garbage_certificate", "The TLS certificate {certificate} is not a PEM certificate"),
        ("garbage_key", "The TLS private key {private_key} is not a PEM private key"),
        ("encrypted_key", "The TLS private key {private_key} is encrypted with a passphrase"),
        ("other_key", "The TLS private key {private_key} does not belong to the certificate"),
    ],
)
def test_a_certificate_that_cannot_be_used_is_refused_at_start(
    generated: tuple[Path, Path], damage: str, message: str
) -> None:
    certificate, private_key = generated
    if damage == "missing_certificate":
        certificate.unlink()
    elif damage == "garbage_certificate":
        certificate.write_text("hello\n", encoding="ascii")
    elif damage == "garbage_key":
        private_key.write_text("hello\n", encoding="ascii")
    elif damage == "encrypted_key":
        key = serialization.load_pem_private_key(private_key.read_bytes(), password=None)
        private_key.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"secret"),
            )
        )
    else:
        private_key.write_bytes(
            ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    with pytest.raises(CertificateError) as raised:
        Certificates(certificate, private_key)
    assert message.format(certificate=certificate, private_key=private_key) in (
        raised.value.message
    )
    assert "\n" not in raised.value.message
