"""Cached public pages: whole pages for anonymous visitors, fragments (product cards) for everyone.

What a public page shows is the same for every anonymous visitor, except the CSRF token in its forms; the page
is rendered once per (address, language, host, htmx or not) and stored with a placeholder where the token was,
which each visitor's own token replaces on the way out. A signed-in person never gets a cached page (their cart,
their menu and the buy box are theirs), only cached card fragments that hold nothing personal and no stock.

Freshness: every key carries the content version (`ContentVersion`, one row in the database, so all worker
processes and servers see a change at once whichever cache backend is configured). Any save or delete of a model
in KATALOG_PAGE_CACHE["watched_apps"] raises it once its transaction commits; writers that bypass model signals
(queryset.update() on stock, bulk_create) call `content_changed()` themselves. `seconds` bounds everything else.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from .models import ContentVersion

VERSION_NAME = "pages"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_PLACEHOLDER = b"\x00csrf\x00"


def _config() -> dict:
    return settings.KATALOG_PAGE_CACHE


def enabled() -> bool:
    return bool(_config()["enabled"])


def content_version() -> int:
    """The current content version: one indexed read of one row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM core_contentversion WHERE name = %s", [VERSION_NAME])
        row = cursor.fetchone()
    return row[0] if row else 0


def request_version(request) -> int:
    """The content version as this request first read it: one query per request, however many fragments ask."""
    version = getattr(request, "_content_version", None)
    if version is None:
        version = content_version()
        if request is not None:
            request._content_version = version
    return version


def _raise_version() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_contentversion SET value = value + 1 WHERE name = %s", [VERSION_NAME])
        if cursor.rowcount == 0:
            ContentVersion.objects.get_or_create(name=VERSION_NAME, defaults={"value": 1})


def content_changed() -> None:
    """Raise the content version once the current transaction commits (at once outside one).

    After the commit, so readers never cache the old content under the new number and a writer holds no lock on
    the version row for the length of its transaction; once per transaction however many rows it changes.
    """
    if connection.in_atomic_block and any(entry[1] is _raise_version for entry in connection.run_on_commit):
        return
    transaction.on_commit(_raise_version)


def on_model_change(sender, **kwargs) -> None:
    """post_save / post_delete receiver: a change in a watched app makes cached pages stale."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in _config()["watched_apps"]:
        return
    if meta.label_lower in _config()["quiet_models"]:
        return
    content_changed()


def fragment_key(*parts) -> str:
    """A cache key for a fragment: the parts, the content version and the active language."""
    raw = ":".join(str(p) for p in (*parts, translation.get_language()))
    return "frag:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _page_key(request, version: int) -> str:
    raw = "|".join((
        request.get_full_path(), translation.get_language() or "", request.get_host(), request.scheme,
        "hx" if request.headers.get("HX-Request") else "", str(version), datetime.date.today().isoformat(),
    ))
    return "page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _cacheable(request) -> bool:
    return (enabled() and request.method == "GET" and not request.user.is_authenticated
            and not len(get_messages(request)))


def anonymous_page(view):
    """Serve the view's page from the cache to anonymous visitors; render and store it on a miss."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        version = request_version(request)
        key = _page_key(request, version)
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            body = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (response["Content-Type"], body), _config()["seconds"])
            return response
        content_type, body = stored
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        return HttpResponse(body, content_type=content_type)

    return wrapper


def shared_fragment(request, parts, render, *, version: int | None = None) -> str:
    """A fragment that is the same for everyone asking the same thing but may hold a CSRF token (a buy box's
    form): rendered once per (parts, content version, language) and stored with the placeholder where the token
    was; each visitor gets it back with their own token, as `anonymous_page` does for whole pages.

    `render()` gives the fragment's HTML; it runs only on a miss (the caller makes its inputs lazy, so a hit
    reads nothing else). Never pass anything personal in a fragment kept this way (a name, a cart): vary on it
    in `parts`, or keep it out of the fragment.
    """
    if not enabled():
        return render()
    key = fragment_key("shared", *parts, request_version(request) if version is None else version)
    stored = cache.get(key)
    if stored is None:
        html = str(render())
        body = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", html.encode())
        cache.set(key, body, _config()["seconds"])
        return html
    if CSRF_PLACEHOLDER in stored:
        stored = stored.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return stored.decode()


# Small values many pages share (kecamatan figures, the category list, card faces), kept in this process's own
# memory under the content version. The shared cache churns through hundreds of pages and fragments and culls a
# third of itself when full, which took these with it; here nothing but newer entries evicts them, and a read is
# a dict lookup, not an unpickle.
_SHARED: OrderedDict = OrderedDict()
_SHARED_LOCK = threading.Lock()
SHARED_LIMIT = 4096


def shared(request, key: tuple, compute):
    """`compute()`, remembered in this process for every request under the same content version, language and
    day (at most `seconds`); computed every time while the page cache is off."""
    if not enabled():
        return compute()
    version = request_version(request)
    full_key = (*key, translation.get_language())
    stamp = (version, datetime.date.today())
    now = time.monotonic()
    with _SHARED_LOCK:
        entry = _SHARED.get(full_key)
        if entry is not None and entry[0] == stamp and now - entry[1] < _config()["seconds"]:
            _SHARED.move_to_end(full_key)
            return entry[2]
    value = compute()
    with _SHARED_LOCK:
        _SHARED[full_key] = (stamp, now, value)
        _SHARED.move_to_end(full_key)
        while len(_SHARED) > SHARED_LIMIT:
            _SHARED.popitem(last=False)
    return value


def forget_shared() -> None:
    """Empty this process's shared values (tests that start from an empty cache)."""
    with _SHARED_LOCK:
        _SHARED.clear()
