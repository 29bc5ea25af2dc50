import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The test tree's nine personas are hashed with Argon2 otherwise: slow on a busy machine, and beside the point."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The tests post many forms from one address; test_rate_limits.py turns the limits back on."""
    settings.RATELIMIT_ENABLED = False
