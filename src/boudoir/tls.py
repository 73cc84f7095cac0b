"""TLS for the IRC and telnet listeners: the certificate files, a generated self-signed default,
and one server ``SSLContext`` whose certificate can be replaced while the server runs.

- ``certificate_paths(settings)``: the configured PEM files, or ``<data_dir>/tls/...``.
- ``ensure_certificate(settings)``: the files to serve; generates a self-signed certificate at
  the default paths when none is configured and none is there yet (``boudoir init`` and
  ``boudoir serve`` call it, and ``app`` again before loading: it is cheap and idempotent).
- ``Certificates``: loads the files and hands every TLS listener the same ``context``;
  ``reload_if_changed()`` (cheap: two ``stat`` calls) picks up renewed files, so a Let's Encrypt
  renewal needs no restart and no signal. A bad new file is logged and the old certificate kept.

Imports the standard library, ``boudoir.settings``, and ``cryptography`` (lazily: only to
generate a certificate or to explain why one does not load, so that start-up does not pay for
it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from boudoir.settings import Settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
    from cryptography.x509 import Certificate

logger = logging.getLogger(__name__)

TLS_DIRECTORY_NAME: Final = "tls"
CERTIFICATE_FILE_NAME: Final = "certificate.pem"
PRIVATE_KEY_FILE_NAME: Final = "private-key.pem"

GENERATED_VALIDITY: Final = dt.timedelta(days=825)
"""Life of a generated certificate. Nobody can verify a self-signed certificate against a CA:
users who check it pin its fingerprint, so a longer life means fewer "the certificate changed"
alarms. 825 days is the longest Apple's platforms accept for any TLS server certificate
(Apple, "Requirements for trusted certificates in iOS 13 and macOS 10.15"); the 398-day limit
binds only certificates from public CAs."""

RENEW_BEFORE: Final = dt.timedelta(days=30)
"""A generated certificate this close to expiry is replaced by ``ensure_certificate``."""

CLOCK_SKEW: Final = dt.timedelta(hours=1)
"""A generated certificate is valid from this long ago, for clients whose clock runs behind."""

GENERATED_ORGANIZATION: Final = "Boudoir self-signed"
"""The subject's organisation in a generated certificate: how ``ensure_certificate`` tells its
own certificates (which it may renew) from an operator's (which it never touches)."""

LOCAL_NAMES: Final = ("localhost", "127.0.0.1", "::1")
"""Names a generated certificate holds besides ``server_name``, for clients on the same host."""


class CertificateError(Exception):
    """The certificate or key cannot be used. ``message`` says which file and what is wrong, in
    words for the operator (one line, safe to show)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Where the files are ------------------------------------------------------------------


def certificate_paths(settings: Settings) -> tuple[Path, Path]:
    """The (certificate, private key) PEM files to serve: the configured pair, or
    ``<data_dir>/tls/certificate.pem`` and ``<data_dir>/tls/private-key.pem``.

    Raises ``CertificateError`` when only one of the two is configured (``load_settings``
    refuses that already; this guards a ``Settings`` built by hand).
    """
    certificate, private_key = settings.tls_certificate, settings.tls_private_key
    if certificate is not None and private_key is not None:
        return certificate, private_key
    if certificate is not None or private_key is not None:
        raise CertificateError(
            "tls_certificate and tls_private_key must be set together, or neither to use a "
            "generated self-signed certificate"
        )
    directory = settings.data_dir / TLS_DIRECTORY_NAME
    return directory / CERTIFICATE_FILE_NAME, directory / PRIVATE_KEY_FILE_NAME


def uses_tls(settings: Settings) -> bool:
    """Whether any TLS listener is on (``irc_tls_port`` or ``telnet_tls_port`` is not 0)."""
    return settings.irc_tls_port != 0 or settings.telnet_tls_port != 0


def ensure_certificate(settings: Settings) -> tuple[Path, Path] | None:
    """The (certificate, private key) files to serve, generated first if need be; None when
    every TLS listener is off (``uses_tls``), and then nothing is checked or written.

    With ``tls_certificate`` and ``tls_private_key`` configured, only checks that both files
    exist (``CertificateError`` naming the missing one otherwise): never writes over an
    operator's configuration. Otherwise, when the default files are missing, generates a
    self-signed certificate for ``server_name``, ``localhost``, 127.0.0.1 and ::1 (see
    ``generate_self_signed``, which logs where and the fingerprint); one that it generated
    earlier is replaced when it is within ``RENEW_BEFORE`` of expiry. Cheap when the files are
    there: a few ``stat`` calls. Loading them is ``Certificates``' job.
    """
    if not uses_tls(settings):
        return None
    certificate, private_key = certificate_paths(settings)
    certificate_there, key_there = certificate.exists(), private_key.exists()
    if settings.tls_certificate is not None:
        for path, there, name in (
            (certificate, certificate_there, "tls_certificate"),
            (private_key, key_there, "tls_private_key"),
        ):
            if not there:
                raise CertificateError(f"The TLS file {path} ({name}) does not exist.")
        return certificate, private_key
    if certificate_there and key_there:
        if not _generated_and_expiring(certificate):
            return certificate, private_key
        logger.warning("the generated TLS certificate %s expires soon: replacing it", certificate)
    elif certificate_there or key_there:
        present, absent = (
            (certificate, private_key) if certificate_there else (private_key, certificate)
        )
        raise CertificateError(
            f"{present} exists but {absent} does not: restore it, or remove {present} to have "
            "a new self-signed certificate generated."
        )
    generate_self_signed(settings.server_name, certificate, private_key)
    return certificate, private_key


def _generated_and_expiring(certificate: Path) -> bool:
    # The file's age rules out almost every start without importing cryptography (~100 ms).
    try:
        age = dt.datetime.now(dt.UTC).timestamp() - certificate.stat().st_mtime
    except OSError:
        return False
    if dt.timedelta(seconds=age) < GENERATED_VALIDITY - RENEW_BEFORE:
        return False
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        loaded = x509.load_pem_x509_certificate(certificate.read_bytes())
    except (OSError, ValueError):
        return False  # not ours to judge: loading it will report the problem
    organizations = loaded.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    ours = [a.value for a in organizations] == [GENERATED_ORGANIZATION]
    return ours and loaded.not_valid_after_utc - dt.datetime.now(dt.UTC) < RENEW_BEFORE


# --- Generating -----------------------------------------------------------------------------


def generate_self_signed(
    server_name: str, certificate: Path, private_key: Path, *, now: dt.datetime | None = None
) -> None:
    """Write a new self-signed certificate and its key, replacing any files there.

    EC P-256 with ECDSA-SHA256: every TLS 1.2 and 1.3 client supports it, and generating the key
    takes a millisecond where RSA takes a tenth of a second or more. Valid for
    ``GENERATED_VALIDITY``; subject alternative names ``server_name`` and ``LOCAL_NAMES``; a
    leaf certificate (not a CA) for server authentication, so that a client may trust it as
    is. The directory is created readable by its owner only (0700); the key file is 0600.
    ``now`` (default: the current time) dates it. Raises ``CertificateError`` when a file cannot
    be written.
    """
    key, built = _build_self_signed(server_name, now or dt.datetime.now(dt.UTC))
    from cryptography.hazmat.primitives import serialization

    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    certificate_pem = built.public_bytes(serialization.Encoding.PEM)
    try:
        for directory in {certificate.parent, private_key.parent}:
            _make_private_directories(directory)
        # The key first: a crash in between leaves a key without a certificate, which
        # ensure_certificate reports, rather than a certificate whose key is lost.
        _write_atomically(private_key, key_pem, 0o600)
        _write_atomically(certificate, certificate_pem, 0o644)
    except OSError as error:
        raise CertificateError(
            f"Cannot write the TLS certificate to {error.filename or certificate.parent}: "
            f"{error.strerror}"
        ) from error
    logger.info(
        "generated a self-signed TLS certificate for %s in %s (SHA-256 fingerprint %s)",
        server_name,
        certificate,
        fingerprint(certificate_pem),
    )


def _build_self_signed(
    server_name: str, now: dt.datetime
) -> tuple[EllipticCurvePrivateKey, Certificate]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    public_key = key.public_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, server_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, GENERATED_ORGANIZATION),
        ]
    )
    alternative_names: list[x509.GeneralName] = []
    for each in dict.fromkeys((server_name, *LOCAL_NAMES)):
        try:
            alternative_names.append(x509.IPAddress(ipaddress.ip_address(each)))
        except ValueError:
            alternative_names.append(x509.DNSName(each))
    built = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(now + GENERATED_VALIDITY)
        .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        # Key identifiers: strict verifiers (Python 3.13's default VERIFY_X509_STRICT) want them.
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return key, built


def _make_private_directories(directory: Path) -> None:
    # Every directory created here is 0700, the data directory too (it holds password hashes);
    # Path.mkdir(parents=True) would give the parents the default mode.
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with open(descriptor, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fingerprint(certificate_pem: bytes) -> str:
    """SHA-256 fingerprint of the first certificate in a PEM text, as colon-separated hex: what
    users of a self-signed certificate compare (and pin) in their IRC client."""
    der = ssl.PEM_cert_to_DER_cert(_first_pem_certificate(certificate_pem))
    digits = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def _first_pem_certificate(pem: bytes) -> str:
    text = pem.decode("ascii", errors="replace")
    begin = text.find(ssl.PEM_HEADER)
    end = text.find(ssl.PEM_FOOTER, begin)
    if begin < 0 or end < 0:
        raise ValueError("no PEM certificate")
    return text[begin : end + len(ssl.PEM_FOOTER)]


# --- Serving ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FileStamp:
    """What ``stat`` says of a file; any difference means it was replaced or rewritten."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int


def _stamp(path: Path) -> _FileStamp | None:
    try:
        found = path.stat()  # follows symlinks: certbot's live/ links point at new files
    except OSError:
        return None
    return _FileStamp(
        found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns
    )


class _NoPassphrase(Exception):
    pass


def _refuse_passphrase() -> bytes:
    # Without a callback OpenSSL would prompt on the terminal, and a reload would hang the loop.
    raise _NoPassphrase


class Certificates:
    """The server's certificate, shared by every TLS listener, reloadable while serving.

    ``context`` is one ``ssl.SSLContext`` for the life of the process: every handshake uses it
    (``loop.connect_accepted_socket(ssl=...)``). Each reload loads the files into a fresh
    context, and the shared one switches every new handshake to the latest good one from its
    ``sni_callback`` (called for every ClientHello, with or without SNI). So a half-written or
    mismatched file never reaches a handshake, and a change of key type (RSA to EC) leaves no
    stale certificate behind, which loading into the shared context itself would (OpenSSL
    keeps one certificate per key type). Connections already open keep their session.

    ``certificate`` and ``private_key`` are the paths; ``fingerprint`` is the SHA-256
    fingerprint of the certificate being served, for logs and for users to pin.
    """

    def __init__(self, certificate: Path, private_key: Path) -> None:
        """Load the pair now; ``CertificateError`` if a file is unreadable, not PEM, encrypted,
        or the key does not belong to the certificate."""
        self.certificate = certificate
        self.private_key = private_key
        self._stamps = (_stamp(certificate), _stamp(private_key))
        self._current, self.fingerprint = self._load()
        # No certificate of its own: every handshake takes the current one from the callback.
        self._context = _server_context()
        self._context.sni_callback = self._select_context
        logger.info("TLS certificate %s, SHA-256 fingerprint %s", certificate, self.fingerprint)

    @property
    def context(self) -> ssl.SSLContext:
        """The server context: TLS 1.2 or newer, the same object for the process's lifetime."""
        return self._context

    def reload(self) -> bool:
        """Read the files again; new handshakes use them from now on. Returns True if they
        loaded; otherwise logs a warning and keeps serving the certificate loaded before."""
        self._stamps = (_stamp(self.certificate), _stamp(self.private_key))
        try:
            self._current, self.fingerprint = self._load()
        except CertificateError as error:
            logger.warning(
                "%s Keeping the certificate loaded before (SHA-256 fingerprint %s).",
                error.message,
                self.fingerprint,
            )
            return False
        logger.info(
            "reloaded the TLS certificate %s, SHA-256 fingerprint %s",
            self.certificate,
            self.fingerprint,
        )
        return True

    def reload_if_changed(self) -> bool:
        """Reload when either file's size, times or inode changed since the last load or
        attempt (two ``stat`` calls otherwise). Returns True if a new certificate was loaded.
        A file that fails to load is not tried again until it changes again."""
        if (_stamp(self.certificate), _stamp(self.private_key)) == self._stamps:
            return False
        return self.reload()

    def _select_context(
        self, connection: ssl.SSLObject | ssl.SSLSocket, server_name: str | None, _: object
    ) -> None:
        # Python's ssl docs (SSLContext.sni_callback): assigning ``context`` here switches the
        # connection to that context's certificate. Versions and ciphers stay those of the
        # shared context, which OpenSSL already applied to the connection.
        connection.context = self._current

    def _load(self) -> tuple[ssl.SSLContext, str]:
        context = _server_context()
        try:
            pem = self.certificate.read_bytes()
            self.private_key.read_bytes()  # to report an unreadable key by its own name
        except OSError as error:
            raise CertificateError(
                f"Cannot read the TLS file {error.filename}: {error.strerror}."
            ) from None
        try:
            context.load_cert_chain(self.certificate, self.private_key, password=_refuse_passphrase)
            return context, fingerprint(pem)
        except (_NoPassphrase, ssl.SSLError, ValueError, OSError):
            pass
        raise CertificateError(self._diagnose())

    def _diagnose(self) -> str:
        """Why the pair did not load, naming the file at fault (reads them with cryptography,
        which says more than OpenSSL's "PEM lib")."""
        from cryptography import x509
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization

        try:
            chain = x509.load_pem_x509_certificates(self.certificate.read_bytes())
        except OSError as error:
            return f"Cannot read the TLS certificate {self.certificate}: {error.strerror}."
        except ValueError:
            return f"The TLS certificate {self.certificate} is not a PEM certificate."
        try:
            key = serialization.load_pem_private_key(self.private_key.read_bytes(), password=None)
        except OSError as error:
            return f"Cannot read the TLS private key {self.private_key}: {error.strerror}."
        except TypeError:
            return (
                f"The TLS private key {self.private_key} is encrypted with a passphrase: "
                "Boudoir needs it unencrypted (and readable by its own user only)."
            )
        except (ValueError, UnsupportedAlgorithm):
            return f"The TLS private key {self.private_key} is not a PEM private key."
        if chain[0].public_key() != key.public_key():
            return (
                f"The TLS private key {self.private_key} does not belong to the certificate "
                f"{self.certificate} (the first certificate in the file must be the server's)."
            )
        return f"Cannot use the TLS certificate {self.certificate} with the key {self.private_key}."


def _server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # RFC 8996 deprecates TLS 1.0 and 1.1; RFC 9325 (BCP 195) section 3.1.1 requires 1.2 or newer.
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # RFC 9325 section 3.5: no TLS-level compression (CRIME); no client-initiated renegotiation,
    # a cheap way for a client to make the server do expensive work (TLS 1.2 only).
    context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION
    return context
