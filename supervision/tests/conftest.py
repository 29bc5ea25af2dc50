import pytest
from django.utils import translation

from bankid.testing import bankid_certificates, bankid_server  # noqa: F401 (fixtures)
from supervision.testing import Authority, build_authority


@pytest.fixture
def ivo(db) -> Authority:
    return build_authority()


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing deactivates):
    put the default back, so that later tests read Swedish as they expect."""
    yield
    translation.deactivate()
