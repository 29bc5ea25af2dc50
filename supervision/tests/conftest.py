import pytest

from bankid.testing import bankid_certificates, bankid_server  # noqa: F401 (fixtures)
from supervision.testing import Authority, build_authority


@pytest.fixture
def ivo(db) -> Authority:
    return build_authority()
