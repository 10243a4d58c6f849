import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every persona is a user with a password; the real hasher would make each test take a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
