"""The base of every app's domain errors: something a user can cause, with a message that says what to do.

Each app keeps its own subclass (catalogue.errors.CatalogueError, purchasing.errors.PurchasingError,
suppliers' SupplierError, monitoring's MonitoringError, ...) so that its views catch only their own errors; the
message handling lives here once, and so does the answer to an error no view caught: a page with the message
(core.middleware.DomainErrorMiddleware) or the API's error shape (opendata.api.errors), both with `http_status`.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """`str(error)` is the Indonesian message shown to the user; without one, the class's `default_message`."""

    default_message = _("Tindakan ini tidak dapat dilakukan.")
    # The HTTP status of a response to this error when no view caught it: 400 a request the rules refuse,
    # 409 a conflict with the record's current state (someone else changed it meanwhile).
    http_status = 400

    def __init__(self, message=None, *args):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message, *args)

    def __str__(self) -> str:
        return str(self.message)


class WriteConflict(DomainError):
    """Two transactions collided twice in a row (a deadlock, a serialisation failure, a busy SQLite database:
    core/conflicts.py) and nothing was saved. Each app's `Busy` error is one of these besides its own base
    class, so its views catch it with their other errors; uncaught, it is a 409 (page and API)."""

    http_status = 409
    default_message = _(
        "Banyak permintaan mengubah data yang sama pada saat bersamaan, sehingga perubahan Anda belum disimpan. "
        "Kirim ulang sebentar lagi."
    )
