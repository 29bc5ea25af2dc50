import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The test tree makes nine staff users; a slow password hash is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
