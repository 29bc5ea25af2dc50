import pytest

from supervision.testing import Authority, build_authority


@pytest.fixture
def ivo(db) -> Authority:
    return build_authority()
