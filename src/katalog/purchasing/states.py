"""Order statuses and the allowed transitions, as data (no database access here).

Statuses follow the national e-Katalog v6 (DOMAIN.md, "Order statuses seen in v6").
A transition is (from-status, action) → (to-status, roles allowed to take it).
Services look the pair up with `next_status`; anything not in the table is refused.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from katalog.core.roles import Role


class OrderStatus(models.TextChoices):
    NEGOTIATION = "negotiation", _("Dalam negosiasi")
    PPK_REVIEW = "ppk_review", _("Menunggu reviu PPK")
    SUPPLIER_CONFIRMATION = "supplier_confirmation", _("Menunggu konfirmasi penyedia")
    SIGNING = "signing", _("Proses tanda tangan elektronik")
    PROCESSING = "processing", _("Diproses penyedia")
    IN_DELIVERY = "in_delivery", _("Dalam pengiriman")
    ARRIVED = "arrived", _("Pesanan tiba")
    BAST_CONFIRMATION = "bast_confirmation", _("Menunggu konfirmasi BAST")
    COMPLETED = "completed", _("Selesai, menunggu pembayaran")
    PAID = "paid", _("Lunas")
    PAID_OUTSIDE = "paid_outside", _("Pembayaran di luar sistem")
    CANCELLED = "cancelled", _("Dibatalkan")


class CancelKind(models.TextChoices):
    ON_NEGOTIATION = "on_negotiation", _("Dibatalkan saat negosiasi")
    ON_REVIEW = "on_review", _("Dibatalkan saat reviu")
    BY_REQUEST = "by_request", _("Dibatalkan atas permintaan")
    EXPIRED = "expired", _("Kedaluwarsa (tidak ditanggapi 3 hari kerja)")
    REJECTED = "rejected", _("Ditolak penyedia")
    PENGHENTIAN = "penghentian", _("Penghentian (keadaan kahar)")
    PEMUTUSAN = "pemutusan", _("Pemutusan")


S = OrderStatus
SYSTEM = "system"  # deadlines enforced by `katalog tick`


@dataclass(frozen=True)
class Transition:
    to: str
    roles: frozenset[str]


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.NEGOTIATION, "send_to_ppk"): Transition(S.PPK_REVIEW, frozenset({Role.PP})),
    (S.NEGOTIATION, "cancel"): Transition(S.CANCELLED, frozenset({Role.PP, Role.PPK})),
    (S.NEGOTIATION, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    (S.PPK_REVIEW, "approve"): Transition(S.SUPPLIER_CONFIRMATION, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "return"): Transition(S.NEGOTIATION, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "cancel"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    (S.SUPPLIER_CONFIRMATION, "accept"): Transition(S.SIGNING, frozenset({Role.SUPPLIER})),
    (S.SUPPLIER_CONFIRMATION, "reject"): Transition(S.CANCELLED, frozenset({Role.SUPPLIER})),
    (S.SUPPLIER_CONFIRMATION, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    (S.SIGNING, "sign"): Transition(S.PROCESSING, frozenset({Role.PPK, Role.SUPPLIER})),
    (S.PROCESSING, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    (S.PROCESSING, "terminate"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.IN_DELIVERY, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    (S.IN_DELIVERY, "arrive"): Transition(S.ARRIVED, frozenset({Role.PPK, Role.PP})),
    (S.IN_DELIVERY, "terminate"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.ARRIVED, "check_goods"): Transition(S.BAST_CONFIRMATION, frozenset({Role.PPK})),
    (S.ARRIVED, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    (S.BAST_CONFIRMATION, "sign_bast"): Transition(S.COMPLETED, frozenset({Role.PPK, Role.SUPPLIER})),
    (S.COMPLETED, "record_payment"): Transition(S.PAID, frozenset({Role.TREASURER})),
    (S.COMPLETED, "record_outside_payment"): Transition(S.PAID_OUTSIDE, frozenset({Role.TREASURER})),
}

# Statuses whose money counts as spent (realisation) in the monitoring figures.
COMMITTED_STATUSES = frozenset(
    {S.SIGNING, S.PROCESSING, S.IN_DELIVERY, S.ARRIVED, S.BAST_CONFIRMATION, S.COMPLETED, S.PAID, S.PAID_OUTSIDE}
)
FINAL_STATUSES = frozenset({S.PAID, S.PAID_OUTSIDE, S.CANCELLED})


class IllegalTransition(Exception):
    """The action is not allowed from this status, or not for this role."""


def next_status(status: str, action: str, role: str) -> str:
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        raise IllegalTransition(
            _("Tindakan ini tidak dapat dilakukan pada pesanan berstatus “%(status)s”.")
            % {"status": OrderStatus(status).label}
        )
    if role not in transition.roles:
        raise IllegalTransition(_("Peran Anda tidak berwenang melakukan tindakan ini."))
    return transition.to


def actions_from(status: str, role: str) -> list[str]:
    return [action for (source, action), t in TRANSITIONS.items() if source == status and role in t.roles]
