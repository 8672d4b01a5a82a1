"""Personal data (UU 27/2022): NIK, NPWP and bank account numbers are shown masked."""
from functools import wraps
from django.utils.cache import add_never_cache_headers


def mask(value: str | None, visible: int = 4) -> str:
    """'3201234567890001' → '************0001'. Empty stays empty."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]


def no_store(view):
    """View decorator: `Cache-Control: no-store` (and private, no-cache) for a page showing unmasked personal data.

    Browsers and proxies then keep no copy on disk or in history caches: the back button
    after logout shows nothing. Use it on the one screen that shows NIK/NPWP/bank numbers
    in full, and on downloads of personal data.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response.headers["Pragma"] = "no-cache"
        return response

    return wrapped
