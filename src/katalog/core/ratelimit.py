"""Fixed-window request counters in Django's cache: how many requests one identity (a token, an address, a
hashed e-mail address) made in the current window, and whether this one is still within the limit.

Used by the API gateway (per token or address) and the password-reset form (per address and per e-mail
address). The counter lives in the cache: with several server processes configure a shared cache (the
database cache of settings.py, or Redis), or each process counts on its own.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache


def take(identity: str, limit: int, window: int, now: float | None = None) -> tuple[bool, int, int]:
    """Count one request of `identity`; returns (allowed, remaining, seconds until the window resets)."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    key = f"katalog-rate:{identity}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    reset = max(1, math.ceil(start + window - now))
    return count <= limit, max(0, limit - count), reset
