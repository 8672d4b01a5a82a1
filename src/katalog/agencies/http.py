"""Request helpers for the account views: the visitor's address and the session keys we use."""

import ipaddress
import time

from django.conf import settings
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme

# Session keys (all prefixed, none holds personal data).
SESSION_LAST_SEEN = "_katalog_last_seen"  # unix time of the last request, for the idle timeout
SESSION_LOGIN_AT = "_katalog_login_at"  # unix time of the login, for the absolute lifetime
SESSION_2FA = "_katalog_2fa"  # how this session passed the second factor: "totp" / "recovery" / "enrolled"
SESSION_PENDING = "_katalog_2fa_pending"  # password accepted, waiting for the code: {user, backend, at, next}
SESSION_ENROL_SECRET = "_katalog_2fa_enrol_secret"  # a secret shown for enrolment, until confirmed


def client_ip(request) -> str:
    """The visitor's IP address: REMOTE_ADDR, or the proxy's header named in KATALOG_CLIENT_IP_HEADER.

    For X-Forwarded-For the last entry is taken: the one our own proxy appended, which the
    visitor cannot forge.
    """
    raw = ""
    header = settings.KATALOG_CLIENT_IP_HEADER
    if header:
        raw = (request.META.get(header) or "").split(",")[-1].strip()
    if not raw:
        raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return "unknown"


def safe_next(request, url: str | None, default: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default


# --- The step between password and second factor ---------------------------------------------
# The person is NOT logged in until the code is accepted: the session only remembers who gave
# the right password, for a few minutes and a few tries.

PENDING_SECONDS = 300
PENDING_MAX_TRIES = 5


def pending_start(request, *, user, backend: str, next_url: str = "") -> None:
    request.session[SESSION_PENDING] = {
        "user": user.pk, "backend": backend, "at": int(time.time()), "next": next_url, "tries": 0,
    }


def pending_get(request) -> dict | None:
    pending = request.session.get(SESSION_PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        return None
    return pending


def pending_count_try(request) -> int:
    pending = request.session.get(SESSION_PENDING) or {}
    pending["tries"] = pending.get("tries", 0) + 1
    request.session[SESSION_PENDING] = pending
    return pending["tries"]


def pending_clear(request) -> None:
    request.session.pop(SESSION_PENDING, None)


# --- The known-device cookie -------------------------------------------------------------------
# Set at every completed login: a signed list of the accounts that logged in from this browser. The
# account-wide login wait (agencies.selectors.active_lock) is skipped there, so guesses at an account
# from elsewhere never keep its owner out at their usual browser. It grants nothing else.

DEVICE_COOKIE = "katalog_device"
_DEVICE_SALT = "katalog.agencies.known-device"
_DEVICE_MAX_ACCOUNTS = 5


def _device_accounts(request) -> list[int]:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=settings.KATALOG_KNOWN_DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return []
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def device_known(request, user) -> bool:
    return user is not None and user.pk in _device_accounts(request)


def device_remember(request, response, user) -> None:
    accounts = [user.pk] + [pk for pk in _device_accounts(request) if pk != user.pk]
    response.set_cookie(
        DEVICE_COOKIE, signing.dumps(accounts[:_DEVICE_MAX_ACCOUNTS], salt=_DEVICE_SALT),
        max_age=settings.KATALOG_KNOWN_DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
