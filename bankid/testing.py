"""The project's own BankID test server for the tests: started in threads, the settings pointed at it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bankid.certificates import CertificateSet, certificates_ensure
from bankid.testserver import BankIDTestServer


@pytest.fixture(scope="session")
def bankid_certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateSet:
    return certificates_ensure(Path(tmp_path_factory.mktemp("bankid")))


@pytest.fixture
def bankid_server(bankid_certificates: CertificateSet, settings: object) -> Iterator[BankIDTestServer]:
    """A real BankID test server (mutual TLS), and Synpunkt's settings pointed at it with the client certificate
    its CA signed."""
    server = BankIDTestServer(certificates=bankid_certificates)
    server.start()
    settings.BANKID_URL = server.api_url  # type: ignore[attr-defined]
    settings.BANKID_CERT = str(bankid_certificates.client_cert)  # type: ignore[attr-defined]
    settings.BANKID_KEY = str(bankid_certificates.client_key)  # type: ignore[attr-defined]
    settings.BANKID_CA = str(bankid_certificates.ca)  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()
