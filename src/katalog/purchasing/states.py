"""Order statuses and the allowed transitions, as data (no database access here).

Statuses follow the national e-Katalog v6 (docs/domain-notes.md, "Order statuses seen in v6").
A transition is (from-status, action) → (to-status, roles allowed to take it).
Services run a move through services/_engine.transition (core.transitions with `MACHINE`); anything not in
the table is refused.
Self-loops (to == from) are actions that change an order without moving it on:
a negotiation offer, a second partial delivery, the first of two signatures.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from katalog.core import transitions
from katalog.core.roles import Role
from katalog.core.transitions import Machine, Transition

from .errors import PurchasingError


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
SYSTEM = transitions.SYSTEM  # deadlines enforced by `katalog tick`


_BUYER_SIDE = frozenset({Role.PP, Role.PPK})
_CONTRACT_PARTIES = frozenset({Role.PPK, Role.SUPPLIER})
# After both have signed the Surat Pesanan and before the goods are checked, the contract can be
# amended (adendum) or ended: penghentian (keadaan kahar, either party) or pemutusan (by the PPK).
_UNDER_CONTRACT = (S.SIGNING, S.PROCESSING, S.IN_DELIVERY, S.ARRIVED)
_AMENDABLE = (S.PROCESSING, S.IN_DELIVERY, S.ARRIVED)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    # Negotiation: offers both ways, then the PP places the order (within the PP limit) or sends it up.
    (S.NEGOTIATION, "propose"): Transition(S.NEGOTIATION, _BUYER_SIDE | {Role.SUPPLIER}),
    (S.NEGOTIATION, "respond"): Transition(S.NEGOTIATION, _BUYER_SIDE | {Role.SUPPLIER}),
    (S.NEGOTIATION, "place"): Transition(S.SUPPLIER_CONFIRMATION, frozenset({Role.PP})),
    (S.NEGOTIATION, "send_to_ppk"): Transition(S.PPK_REVIEW, frozenset({Role.PP})),
    (S.NEGOTIATION, "cancel"): Transition(S.CANCELLED, frozenset({Role.PP, Role.PPK})),
    (S.NEGOTIATION, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    (S.PPK_REVIEW, "approve"): Transition(S.SUPPLIER_CONFIRMATION, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "return"): Transition(S.NEGOTIATION, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "cancel"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.PPK_REVIEW, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    (S.SUPPLIER_CONFIRMATION, "accept"): Transition(S.SIGNING, frozenset({Role.SUPPLIER})),
    (S.SUPPLIER_CONFIRMATION, "reject"): Transition(S.CANCELLED, frozenset({Role.SUPPLIER})),
    (S.SUPPLIER_CONFIRMATION, "cancel"): Transition(S.CANCELLED, frozenset({Role.PP, Role.PPK})),
    (S.SUPPLIER_CONFIRMATION, "expire"): Transition(S.CANCELLED, frozenset({SYSTEM})),
    # Surat Pesanan: the first signature keeps the order in SIGNING, the second moves it on.
    (S.SIGNING, "sign_first"): Transition(S.SIGNING, _CONTRACT_PARTIES),
    (S.SIGNING, "sign"): Transition(S.PROCESSING, _CONTRACT_PARTIES),
    (S.PROCESSING, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    (S.PROCESSING, "terminate"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.IN_DELIVERY, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    # A delivery received while another is still on the road keeps the order in delivery.
    (S.IN_DELIVERY, "receive"): Transition(S.IN_DELIVERY, _BUYER_SIDE),
    (S.IN_DELIVERY, "arrive"): Transition(S.ARRIVED, _BUYER_SIDE),
    (S.IN_DELIVERY, "terminate"): Transition(S.CANCELLED, frozenset({Role.PPK})),
    (S.ARRIVED, "check_goods"): Transition(S.BAST_CONFIRMATION, frozenset({Role.PPK})),
    (S.ARRIVED, "ship"): Transition(S.IN_DELIVERY, frozenset({Role.SUPPLIER})),
    (S.BAST_CONFIRMATION, "sign_bast_first"): Transition(S.BAST_CONFIRMATION, _CONTRACT_PARTIES),
    (S.BAST_CONFIRMATION, "sign_bast"): Transition(S.COMPLETED, _CONTRACT_PARTIES),
    (S.COMPLETED, "record_payment"): Transition(S.PAID, frozenset({Role.TREASURER})),
    (S.COMPLETED, "record_outside_payment"): Transition(S.PAID_OUTSIDE, frozenset({Role.TREASURER})),
}
for _status in _UNDER_CONTRACT:
    TRANSITIONS[(_status, "halt")] = Transition(S.CANCELLED, _CONTRACT_PARTIES)
    TRANSITIONS.setdefault((_status, "terminate"), Transition(S.CANCELLED, frozenset({Role.PPK})))
for _status in _AMENDABLE:
    TRANSITIONS[(_status, "propose_amendment")] = Transition(_status, _CONTRACT_PARTIES)
    TRANSITIONS[(_status, "decide_amendment")] = Transition(_status, _CONTRACT_PARTIES)
del _status

# How an order came to be cancelled, by the status it left and the action taken.
CANCEL_KINDS: dict[tuple[str, str], str] = {
    (S.NEGOTIATION, "cancel"): CancelKind.BY_REQUEST,
    (S.NEGOTIATION, "expire"): CancelKind.ON_NEGOTIATION,
    (S.PPK_REVIEW, "cancel"): CancelKind.BY_REQUEST,
    (S.PPK_REVIEW, "expire"): CancelKind.ON_REVIEW,
    (S.SUPPLIER_CONFIRMATION, "cancel"): CancelKind.BY_REQUEST,
    (S.SUPPLIER_CONFIRMATION, "reject"): CancelKind.REJECTED,
    (S.SUPPLIER_CONFIRMATION, "expire"): CancelKind.EXPIRED,
    **{(s, "halt"): CancelKind.PENGHENTIAN for s in _UNDER_CONTRACT},
    **{(s, "terminate"): CancelKind.PEMUTUSAN for s in _UNDER_CONTRACT},
}

# Statuses in which somebody must act within a number of working days (e-Katalog v6),
# mapped to the KATALOG_RULES key that holds the number. `katalog tick` cancels the rest.
DEADLINE_RULES: dict[str, str] = {
    S.NEGOTIATION: "ppk_negotiation_working_days",
    S.PPK_REVIEW: "ppk_negotiation_working_days",
    S.SUPPLIER_CONFIRMATION: "supplier_response_working_days",
}

# Statuses whose money counts as spent (realisation) in the monitoring figures.
COMMITTED_STATUSES = frozenset(
    {S.SIGNING, S.PROCESSING, S.IN_DELIVERY, S.ARRIVED, S.BAST_CONFIRMATION, S.COMPLETED, S.PAID, S.PAID_OUTSIDE}
)
FINAL_STATUSES = frozenset({S.PAID, S.PAID_OUTSIDE, S.CANCELLED})
# Stock is held for the order from the supplier's acceptance until delivery or cancellation.
STOCK_HELD_STATUSES = frozenset({S.SIGNING, S.PROCESSING, S.IN_DELIVERY, S.ARRIVED})
# The buyer may rate the supplier once the goods are handed over.
RATABLE_STATUSES = frozenset({S.COMPLETED, S.PAID, S.PAID_OUTSIDE})


class IllegalTransition(PurchasingError):
    """The action is not allowed from this status, or not for this role."""


def _not_from_status(status: str) -> str:
    return (_("Tindakan ini tidak dapat dilakukan pada pesanan berstatus “%(status)s”.")
            % {"status": OrderStatus(status).label})


# The table as the shared runner (core.transitions) applies it; services/_engine.py runs every order change.
MACHINE = Machine(table=TRANSITIONS, not_from_status=lambda order, action: _not_from_status(order.status),
                  error=IllegalTransition)


def next_status(status: str, action: str, role: str) -> str:
    return transitions.apply(TRANSITIONS, status, action, role, error=IllegalTransition,
                             not_from_status=lambda: _not_from_status(status))


def actions_from(status: str, role: str) -> list[str]:
    return transitions.actions_from(TRANSITIONS, status, role)
