"""Content-Security-Policy header (Django 5.2 has none built in), the default language, and the page for a
domain error no view caught."""

import logging

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from .conflicts import is_write_conflict
from .errors import DomainError, WriteConflict

conflict_log = logging.getLogger("katalog.conflicts")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.KATALOG_CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DefaultLanguageMiddleware:
    """Bahasa Indonesia unless the person chose otherwise with the language button.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many
    phones in Indonesia are set to English; the brief is an Indonesian
    interface by default, with English on request (the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware:
    """A DomainError that no view caught becomes a page with its message and `http_status` (never a 500):
    the one mapping of domain errors to HTTP for pages; the API has its own in opendata.api.errors.

    The safety net of core/conflicts.py too: a write conflict (deadlock, serialisation failure, busy SQLite
    database) that escaped every service's retry is answered like `WriteConflict`, a 409 saying to send again,
    and logged as a warning, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "core/domain_error.html", {"message": str(exception)}, status=exception.http_status)
        if is_write_conflict(exception):
            conflict_log.warning("write conflict escaped to the page %s %s: %s", request.method, request.path,
                                 exception)
            return render(request, "core/domain_error.html", {"message": str(WriteConflict.default_message)},
                          status=WriteConflict.http_status)
        return None
