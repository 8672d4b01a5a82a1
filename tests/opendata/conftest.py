import pytest


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
