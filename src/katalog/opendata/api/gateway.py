"""What every API request passes through before and after django-ninja: the token, the rate limit and the
error shape for responses ninja produces on its own (405, an unknown address).

- **Token**: "Authorization: Bearer <token>". A request with a header that is not a usable token (unknown,
  revoked, expired, owner deactivated, another scheme) gets 401 at once, also on public operations: a
  script should learn that its token is wrong instead of silently reading as the public. Without the header
  the request is anonymous. The API never uses the session cookie, so a logged-in browser gains nothing and
  no CSRF token is involved.
- **Rate limit**: a fixed window in the cache (core/ratelimit.py; KATALOG_RULES api_rate_limit_anonymous /
  api_rate_limit_token per api_rate_window_seconds), counted per token, or per client address without one. Over the limit: 429
  with Retry-After (seconds to the next window). The counter lives in Django's cache: with several server
  processes configure a shared cache (database or Redis), or each process counts on its own.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _

from katalog.agencies.selectors import token_refusal
from katalog.core.ratelimit import take

from .. import services
from .errors import error_response, log

_RESPONSE_IS_JSON = "application/json"


def limits() -> tuple[int, int, int]:
    rules = settings.KATALOG_RULES
    return (int(rules["api_rate_limit_anonymous"]), int(rules["api_rate_limit_token"]),
            max(1, int(rules["api_rate_window_seconds"])))


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged by the client. Behind a proxy, have it set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "unknown"


def resolve_token(request):
    """(token, problem): the usable token, None without a header, or a problem message for a bad header."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None, None
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None, _("Header Authorization harus berbentuk “Bearer <token>”.")
    token = services.token_authenticate(raw.strip())
    if token is None:
        return None, _("Token API tidak dikenal, sudah dicabut, sudah kedaluwarsa, atau pemiliknya nonaktif.")
    refusal = token_refusal(token)
    if refusal:
        return None, refusal
    return token, None


def gateway(view):
    """Wrap one API URL callback (every ninja route, the docs and the catch-all)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return _guarded(request, *args, **kwargs)
        except Exception:  # anything outside ninja's own handlers still answers in the one shape
            log.exception("API error on %s %s", request.method, request.path)
            return error_response(500)

    def _guarded(request, *args, **kwargs):
        token, problem = resolve_token(request)
        if problem:
            return error_response(401, problem)
        request.api_token = token
        request.api_user = token.user if token else AnonymousUser()
        anonymous_limit, token_limit, window = limits()
        identity, limit = (f"t{token.pk}", token_limit) if token else (f"a{client_address(request)}", anonymous_limit)
        allowed, remaining, reset = take(identity, limit, window)
        if not allowed:
            return error_response(429, headers={"Retry-After": str(reset), "X-RateLimit-Limit": str(limit),
                                                "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})
        try:
            if _carries_nul(request):
                return error_response(400, _("Permintaan memuat karakter NUL (\\u0000), yang tidak dapat disimpan."))
        except RequestDataTooBig:
            return error_response(413, _("Isi permintaan terlalu besar."))
        response = view(request, *args, **kwargs)
        response = _shaped(response)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        response["X-RateLimit-Reset"] = str(reset)
        response["Cache-Control"] = response.get("Cache-Control") or "no-store"
        return response

    guarded.csrf_exempt = True  # token-only: the API ignores the session cookie
    guarded.katalog_permission = "api.call"
    return guarded


def _carries_nul(request) -> bool:
    """NUL cannot be stored in PostgreSQL text: refuse it up front rather than fail in the database."""
    if "\x00" in request.path:
        return True
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        body = request.body[:1_000_000]
        return b"\x00" in body or b"\\u0000" in body
    return False


def _shaped(response):
    """Responses ninja builds itself without our handlers (405) get the one error shape too."""
    if response.status_code >= 400 and _RESPONSE_IS_JSON not in response.get("Content-Type", ""):
        headers = {}
        if response.status_code == 405 and response.has_header("Allow"):
            headers["Allow"] = response["Allow"]
        return error_response(response.status_code, headers=headers)
    return response
