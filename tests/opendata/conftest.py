import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories set a real password for every person; Argon2 costs ~0.5 s each. Tests here do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test starts with empty rate-limit windows and generous limits (tests/opendata/test_api_limits.py
    sets its own)."""
    from django.core.cache import cache

    cache.clear()
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "api_rate_limit_anonymous": 100_000,
                              "api_rate_limit_token": 100_000}
    yield
    cache.clear()
