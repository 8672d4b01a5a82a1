"""No personal identifier in any log line the application writes while the suite runs (UU 27/2022).

Every test gets a scanner on the loggers that write the installation's logs. The scanner sees each record
as the configured handler would write it (the handler's own filters, which mask, then its formatter), so
what is checked is the real log line. After the test, the lines are searched for

  - every NIK, NPWP and bank account number saved in a supplier record during the test, as stored and in
    its usual printed forms (NPWP with dots, digits only), and
  - anything shaped like a NIK (16 digits on their own), whoever typed it.

A test whose log lines hold one fails at teardown, naming the line with the identifier blanked out.
"""

from __future__ import annotations

import logging
import re

NIK_SHAPE = re.compile(r"(?<![\d*])\d{16}(?![\d*])")
# Which logger writes through which configured handler (settings.LOGGING).
WATCHED = {"": "console", "django.server": "django.server"}
MIN_LENGTH = 8  # shorter values (a test's "123") would match prices and ids, not identify anyone


def printed_forms(value: str) -> set[str]:
    """The ways an identifier appears in text: as stored, digits only, and an NPWP with its dots."""
    digits = re.sub(r"\D", "", value)
    forms = {value, digits}
    if len(digits) == 15:
        forms.add(f"{digits[0:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:15]}")
    return {form for form in forms if len(form) >= MIN_LENGTH}


class LineCollector(logging.Handler):
    """Keeps the text the configured handler `writer` would write for each record it accepts."""

    def __init__(self, writer: logging.Handler):
        super().__init__(level=logging.NOTSET)
        self.writer = writer
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= self.writer.level and self.writer.filter(record):
            self.lines.append(self.writer.format(record))


class LogPrivacyScanner:
    def __init__(self):
        self.collectors: list[tuple[logging.Logger, LineCollector]] = []
        self.identifiers: set[str] = set()

    def start(self) -> None:
        from django.db.models.signals import post_save

        from katalog.suppliers.models import Supplier

        for logger_name, handler_name in WATCHED.items():
            logger = logging.getLogger(logger_name)
            writer = next((h for h in logger.handlers if h.get_name() == handler_name), None)
            if writer is None:
                raise RuntimeError(f"Logger {logger_name or 'root'!r} has no handler {handler_name!r}: "
                                   "settings.LOGGING changed, update tests/log_privacy.py")
            collector = LineCollector(writer)
            logger.addHandler(collector)
            self.collectors.append((logger, collector))
        post_save.connect(self._remember, sender=Supplier, dispatch_uid="log-privacy-scanner")

    def stop(self) -> None:
        from django.db.models.signals import post_save

        from katalog.suppliers.models import Supplier

        post_save.disconnect(sender=Supplier, dispatch_uid="log-privacy-scanner")
        for logger, collector in self.collectors:
            logger.removeHandler(collector)

    def _remember(self, sender, instance, **kwargs) -> None:
        for field in ("owner_nik", "npwp", "bank_account_number"):
            value = getattr(instance, field, None)
            if value:
                self.identifiers |= printed_forms(value)

    def findings(self) -> list[str]:
        """Each offending line, with the identifier blanked so the report does not repeat it."""
        found = []
        for _logger, collector in self.collectors:
            for line in collector.lines:
                hits = [form for form in self.identifiers if form in line] + NIK_SHAPE.findall(line)
                if hits:
                    for hit in hits:
                        line = line.replace(hit, "<identitas>")
                    found.append(line[:300])
        return found
