"""Certificates for the project's own BankID test server, made on the machine that runs it (never committed).

One CA signs both the test server's certificate (for 127.0.0.1 and localhost) and the client certificate that
Synpunkt presents; the server trusts only that CA, and Synpunkt trusts only it as the server's. That is the shape
of the real service: BankID's own root signs their server, and the organisation's certificate is issued by BankID.
`stranger` makes a client certificate from another CA, which the test server refuses (the tests of a certificate
the server does not trust).
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 825


@dataclass(frozen=True)
class CertificateSet:
    """Paths of PEM files: the CA, the server's certificate and key, the client's certificate and key."""

    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def server_cert(self) -> Path:
        return self.directory / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.directory / "server-key.pem"

    @property
    def client_cert(self) -> Path:
        return self.directory / "client.pem"

    @property
    def client_key(self) -> Path:
        return self.directory / "client-key.pem"

    def exists(self) -> bool:
        paths = (self.ca, self.server_cert, self.server_key, self.client_cert, self.client_key)
        return all(path.exists() for path in paths)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Synpunkt BankID test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    path.chmod(0o600)


def _write_cert(cert: x509.Certificate, path: Path) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _make_ca(common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _issue(
    *,
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    common_name: str,
    server: bool,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return builder.sign(ca_key, hashes.SHA256()), key


def certificates_ensure(directory: Path) -> CertificateSet:
    """The certificate set in `directory`, made there first if it is not complete."""
    certificates = CertificateSet(directory)
    if certificates.exists():
        return certificates
    directory.mkdir(parents=True, exist_ok=True)
    ca, ca_key = _make_ca("Synpunkt BankID test CA")
    server, server_key = _issue(ca=ca, ca_key=ca_key, common_name="127.0.0.1", server=True)
    client, client_key = _issue(ca=ca, ca_key=ca_key, common_name="Synpunkt relying party", server=False)
    _write_cert(ca, certificates.ca)
    _write_cert(server, certificates.server_cert)
    _write_key(server_key, certificates.server_key)
    _write_cert(client, certificates.client_cert)
    _write_key(client_key, certificates.client_key)
    return certificates


def stranger(directory: Path) -> tuple[Path, Path]:
    """A client certificate and key from a CA of its own, which the test server does not trust."""
    directory.mkdir(parents=True, exist_ok=True)
    ca, ca_key = _make_ca("Somebody else's CA")
    cert, key = _issue(ca=ca, ca_key=ca_key, common_name="Not our relying party", server=False)
    cert_path, key_path = directory / "stranger.pem", directory / "stranger-key.pem"
    _write_cert(cert, cert_path)
    _write_key(key, key_path)
    return cert_path, key_path
