import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(generous_rate_limits):
    """Every API test starts with empty rate-limit windows and generous limits (tests/conftest.py)."""
