import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories set a real password for every person; Argon2 costs ~0.5 s each. Tests here do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
