"""One JSON error shape for every API error (validation, 401, 403, 404, 405, 409, 422, 429, 500):

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": []}}

`message` is in Indonesian (the interface language) and says what to do; `details` lists field problems
for validation errors ([{"location": ["query", "page"], "message": "…", "type": "…"}]).
"""

from __future__ import annotations

import json
import logging

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from katalog.core.conflicts import is_write_conflict
from katalog.core.errors import DomainError, WriteConflict

log = logging.getLogger("katalog.opendata.api")

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error",
    429: "rate_limited", 500: "server_error",
}


def default_message(status: int) -> str:
    return {
        400: _("Permintaan tidak dapat dibaca. Periksa format JSON dan parameter."),
        401: _("Perlu token API yang sah: kirim header “Authorization: Bearer <token>”."),
        403: _("Token ini tidak berwenang untuk tindakan ini."),
        404: _("Tidak ditemukan."),
        405: _("Metode HTTP ini tidak tersedia untuk alamat ini."),
        409: _("Data berubah atau tidak dalam keadaan yang memungkinkan tindakan ini."),
        422: _("Ada isian yang tidak sah."),
        429: _("Terlalu banyak permintaan. Coba lagi setelah waktu di header Retry-After."),
        500: _("Terjadi kesalahan pada server. Coba lagi nanti; bila berulang, hubungi pengelola."),
    }.get(status, _("Permintaan tidak dapat diproses."))


class ApiError(Exception):
    """Raised by API operations: becomes the error shape with this status."""

    def __init__(self, status: int, message: str | None = None, *, code: str | None = None, details=None,
                 headers: dict | None = None):
        self.status = status
        self.message = message or default_message(status)
        self.code = code or CODES.get(status, "error")
        self.details = details or []
        self.headers = headers or {}
        super().__init__(self.message)


def error_body(status: int, message: str | None = None, *, code: str | None = None, details=None) -> dict:
    return {"error": {"status": status, "code": code or CODES.get(status, "error"),
                      "message": str(message or default_message(status)), "details": details or []}}


def error_response(status: int, message: str | None = None, *, code: str | None = None, details=None,
                   headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(error_body(status, message, code=code, details=details), ensure_ascii=False),
                            status=status, content_type="application/json; charset=utf-8")
    for key, value in (headers or {}).items():
        response[key] = value
    if status == 401:
        response.setdefault("WWW-Authenticate", 'Bearer realm="katalog-api"')
    return response


def _validation_details(errors) -> list[dict]:
    details = []
    for error in errors or []:
        if isinstance(error, dict):
            details.append({
                "location": [str(part) for part in error.get("loc", [])],
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            })
        else:
            details.append({"location": [], "message": str(error), "type": ""})
    return details


def install(api) -> None:
    """Replace django-ninja's default handlers so that every error has the one shape."""

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return error_response(exc.status, exc.message, code=exc.code, details=exc.details, headers=exc.headers)

    @api.exception_handler(DomainError)
    def _domain_error(request, exc: DomainError):
        # The one mapping of domain errors to the API: the message the pages show, with the error's status.
        return error_response(exc.http_status, str(exc))

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return error_response(422, _("Ada isian yang tidak sah; lihat `details`."),
                              details=_validation_details(exc.errors))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return error_response(401)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        message = default_message(exc.status_code) if exc.status_code >= 500 else None
        if exc.status_code == 400:
            message = _("Isi permintaan tidak dapat dibaca: kirim JSON yang sah.")
        return error_response(exc.status_code, message)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error_response(404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return error_response(403)

    @api.exception_handler(OperationalError)
    def _database_error(request, exc: OperationalError):
        # The safety net of core/conflicts.py: a write conflict no service retried away is a 409, logged as a
        # warning; any other database error is a server error.
        if is_write_conflict(exc):
            log.warning("write conflict escaped to the API %s %s: %s", request.method, request.path, exc)
            return error_response(WriteConflict.http_status, WriteConflict.default_message)
        return _server_error(request, exc)

    @api.exception_handler(Exception)
    def _server_error(request, exc):
        log.exception("API error on %s %s", request.method, request.path)
        return error_response(500)
