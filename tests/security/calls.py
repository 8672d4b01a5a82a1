"""One request that changes nothing: for tests that call many routes over the same data."""

import copy

from django.core.cache import cache
from django.db import transaction


def request_rolled_back(client, method: str, url: str, **extra):
    """Send one request inside a transaction that is then rolled back, so the next request sees the same
    data; the client's cookies (session, language) are restored and rate-limit windows emptied too.
    Exceptions from the view propagate (the test client raises them)."""
    saved_cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(url, **extra)
            transaction.set_rollback(True)
        return response
    finally:
        client.cookies = saved_cookies
        cache.clear()
