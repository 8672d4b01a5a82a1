"""Domain errors of purchasing: each is something a user can cause, with a message that says what to do.

Views turn them into a message on the page; nothing is half-saved, because every
service runs in one transaction that the error rolls back.
"""

from django.utils.translation import gettext_lazy as _

from katalog.core.errors import DomainError, WriteConflict


class PurchasingError(DomainError):
    """Base class of purchasing's errors: `str(error)` is the Indonesian message shown to the user."""


class NotAllowed(PurchasingError):
    """The person may not do this to this order (wrong OPD, wrong supplier, separation of duties)."""

    default_message = _("Anda tidak berwenang melakukan tindakan ini pada pesanan ini.")


class ChangedBySomeoneElse(PurchasingError):
    """Optimistic version check failed: the record changed since the page was loaded."""

    http_status = 409

    default_message = _(
        "Pesanan ini baru saja diubah oleh orang lain. Perubahan Anda tidak disimpan: "
        "muat ulang halaman untuk melihat keadaan terbaru, lalu ulangi tindakan Anda bila masih perlu."
    )


class Busy(ChangedBySomeoneElse, WriteConflict):
    """Two transactions collided twice in a row (a deadlock or serialisation failure, core/conflicts.py);
    nothing was saved. A conflict, like a stale version: HTTP 409 in the API."""

    default_message = _(
        "Banyak permintaan mengubah data yang sama pada saat bersamaan, sehingga perubahan Anda belum disimpan. "
        "Kirim ulang sebentar lagi."
    )


class KeyReused(PurchasingError):
    """An idempotency key sent again with another request (another cart or other fields): refused, never
    answered with the order the key first made. HTTP 422 in the API."""

    default_message = _(
        "Formulir ini sudah pernah dikirim dengan isian yang berbeda. Pesanan baru tidak dibuat: "
        "muat ulang halaman checkout, periksa isiannya, lalu kirim kembali."
    )


class InsufficientStock(PurchasingError):
    default_message = _("Stok tidak mencukupi.")


class InvalidInput(PurchasingError):
    """Input that breaks a rule (a price above the catalogue price, a date in the past...)."""


class JustificationRequired(PurchasingError):
    """Perpres 46/2025 Pasal 66 / Perpres 12/2021 Pasal 65: choosing otherwise needs a written reason.

    `lines` holds the product ids that need a domestic-product justification;
    `umk` is True when choosing a non-UMK supplier needs one.
    """

    default_message = _("Tuliskan alasan pemilihan untuk setiap barang yang ditandai sebelum melanjutkan.")

    def __init__(self, message=None, *, lines=(), umk=False):
        super().__init__(message)
        self.lines = tuple(lines)
        self.umk = umk
