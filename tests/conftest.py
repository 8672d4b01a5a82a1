import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against ORM calls from async code would otherwise refuse the test's own queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def password():
    from tests.factories import PASSWORD

    return PASSWORD
