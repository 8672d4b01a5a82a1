"""Logs that never carry personal data (UU 27/2022), optionally as JSON lines.

Installed through `settings.LOGGING`:

- `PersonalDataFilter` sits first on every handler and rewrites each record in place:
  NIK (16 digits), NPWP (15/16 digits, also `99.999.999.9-999.999`), bank-account-like
  digit runs (10 digits or more, also grouped with dots or dashes) keep only their last
  four digits; `password=…`-style pairs lose their value. It covers the message, its
  arguments, the traceback text and the extra fields. Because it changes the record
  itself, every handler after it (and a test's `caplog`) sees the masked text.
- `JsonLinesFormatter` writes one JSON object per line (`LOG_FORMAT=json`).
- `MaskingAdminEmailHandler` masks the subject and body of Django's error e-mails.
- `KatalogExceptionReporterFilter` (`DEFAULT_EXCEPTION_REPORTER_FILTER`) hides POST
  fields, settings and local variables named like personal data or secrets, and masks
  identifiers in the rest.
"""

import json
import logging
import re
from datetime import UTC, datetime

from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter

VISIBLE_DIGITS = 4

# What counts as an identifier. Neighbouring digits are excluded so that a number is taken whole;
# anything with fewer than 10 digits (dates, times, IP addresses, order numbers) is left alone.
IDENTIFIER_PATTERNS = (
    # NPWP in its printed form, 15 digits: 99.999.999.9-999.999
    re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d[.-]\d{3}\.\d{3}(?!\d)"),
    # Digit groups joined by dashes, as bank accounts are printed: 0123-01-000123-30-1
    re.compile(r"(?<![\d-])\d{2,6}(?:-\d{1,6}){2,5}(?![\d])"),
    # Groups of four separated by spaces: 3201 2345 6789 0001
    re.compile(r"(?<!\d)\d{4}(?: \d{4}){2,3}(?!\d)"),
    # A plain run of 10 or more digits: NIK (16), NPWP (15/16), bank account, NIB, telephone.
    re.compile(r"(?<!\d)\d{10,}(?!\d)"),
)

# Names of fields whose value is personal data or a secret wherever it appears.
SENSITIVE_NAME_RE = re.compile(
    r"pass|pwd|secret|token|otp|totp|code|nik|npwp|bank|rekening|account_number|signature|"
    r"api|key|auth|cookie|session|csrf",
    re.IGNORECASE,
)
# `name=value` / `name: value` pairs in free text whose value must go.
_PAIR_RE = re.compile(
    r"(?P<name>\b(?:password|passwd|kata_sandi|secret|token|otp|totp|kode|code|sessionid|csrftoken)\b)"
    r"(?P<sep>\s*[=:]\s*)(?P<value>[^\s&,;'\"]+)",
    re.IGNORECASE,
)
SUBSTITUTE = "********"


def _mask_digits(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 10:  # a date or a short reference number, not an identifier
        return text
    keep_from = digits - VISIBLE_DIGITS
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            out.append(ch if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def mask_text(text: str) -> str:
    """Mask identifiers and secret pairs in free text. Idempotent."""
    if not text:
        return text
    for pattern in IDENTIFIER_PATTERNS:
        text = pattern.sub(_mask_digits, text)
    return _PAIR_RE.sub(lambda m: f"{m.group('name')}{m.group('sep')}{SUBSTITUTE}", text)


def mask_value(value):
    """Mask a value of any type for a log or an error report (strings, numbers, containers)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {k: (SUBSTITUTE if isinstance(k, str) and SENSITIVE_NAME_RE.search(k) else mask_value(v))
                for k, v in value.items()}
    if type(value) in (list, tuple, set, frozenset):
        return type(value)(mask_value(v) for v in value)
    return value


# LogRecord attributes that are not "extra" fields.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Extras whose objects are kept as they are (formatters of Django's own handlers read them).
_KEEP_EXTRAS = frozenset({"request", "status_code", "server_time"})


class PersonalDataFilter(logging.Filter):
    """Rewrite a record so no identifier or secret reaches any handler. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_katalog_masked", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the pieces, masked
            message = f"{record.msg} {record.args!r}"
        masked = mask_text(message)
        if masked != message or not isinstance(record.msg, str):
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        for name, value in list(vars(record).items()):
            if name in _STANDARD_ATTRS or name in _KEEP_EXTRAS or name.startswith("_"):
                continue
            setattr(record, name, SUBSTITUTE if SENSITIVE_NAME_RE.search(name) else mask_value(value))
        record._katalog_masked = True
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            # The path only: query strings may carry search terms typed by people.
            entry["method"] = request.method
            entry["path"] = mask_text(getattr(request, "path", ""))
            user = getattr(request, "user", None)
            if getattr(user, "is_authenticated", False):
                entry["user_id"] = user.pk
        for name, value in vars(record).items():
            if name in _STANDARD_ATTRS or name in _KEEP_EXTRAS or name.startswith("_") or name in entry:
                continue
            entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class MaskingAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mail, with identifiers masked in the subject and in both bodies."""

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = mask_text(kwargs["html_message"])
        super().send_mail(mask_text(subject), mask_text(message), *args, **kwargs)


class KatalogExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (e-mails, the DEBUG page) without personal data or secrets.

    Beyond Django's own rules (settings named like keys or passwords, fields marked with
    `sensitive_post_parameters`), every POST field and local variable whose name looks
    like personal data or a secret is replaced, and identifiers in the others are masked.
    """

    hidden_settings = SENSITIVE_NAME_RE

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = super().get_post_parameters(request).copy()
        for name in list(cleansed.keys()):
            if SENSITIVE_NAME_RE.search(name):
                cleansed[name] = self.cleansed_substitute
            else:
                cleansed.setlist(name, [mask_text(v) for v in cleansed.getlist(name)])
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        cleansed = []
        for name, value in variables:
            if SENSITIVE_NAME_RE.search(str(name)) and value != self.cleansed_substitute:
                value = self.cleansed_substitute
            elif isinstance(value, (str, int, dict, list, tuple)):
                value = mask_value(value)
            cleansed.append((name, value))
        return cleansed
