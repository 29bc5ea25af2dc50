import pytest


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The tests post many forms from one address; test_rate_limits.py turns the limits back on."""
    settings.RATELIMIT_ENABLED = False
