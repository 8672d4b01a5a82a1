"""From negotiation to a signed Surat Pesanan: place or send up, PPK review, supplier answer, signatures,
cancellation, and the deadlines `katalog tick` enforces."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from katalog.core.conflicts import retry_on_conflict
from katalog.core.money import format_rupiah

from .. import order_page, rules
from ..errors import Busy, InvalidInput, PurchasingError
from ..models import Order, OrderDocument
from ..states import DEADLINE_RULES, OrderStatus
from ._engine import issue_document, reserve_stock, require_text, sign_letter, transition


def _no_open_offer(order: Order) -> None:
    if order_page.open_offer(order) is not None:
        raise InvalidInput(_("Masih ada tawaran negosiasi yang belum dijawab; selesaikan dulu negosiasinya."))


@retry_on_conflict(Busy)
def order_place(*, order: Order, user, expected_version: int, now: datetime | None = None) -> Order:
    """The PP places the order with the supplier directly, within the PP limit (Perpres 46/2025:
    up to Rp200 juta by default). Above the limit, or once sent to the PPK, the PPK must review."""
    with transition(order=order, user=user, action="place", expected_version=expected_version, now=now) as step:
        o = step.order
        _no_open_offer(o)
        if not order_page.pp_may_place(o):
            raise InvalidInput(
                _("Nilai pesanan %(total)s melebihi batas kewenangan PP (%(limit)s) atau pesanan sudah diajukan ke "
                  "PPK. Kirim pesanan ke PPK untuk direviu.")
                % {"total": format_rupiah(o.total), "limit": format_rupiah(rules.rule("pp_checkout_limit"))}
            )
        if o.ppk_id is None:
            raise InvalidInput(_("Pilih PPK yang akan menandatangani Surat Pesanan."))
    return step.order


@retry_on_conflict(Busy)
def order_send_to_ppk(*, order: Order, user, expected_version: int, note: str = "",
                      now: datetime | None = None) -> Order:
    """The PP sends the negotiated order to the chosen PPK for review (always allowed, required above the limit)."""
    with transition(order=order, user=user, action="send_to_ppk", expected_version=expected_version, now=now) as step:
        _no_open_offer(step.order)
        if step.order.ppk_id is None:
            raise InvalidInput(_("Pilih PPK yang akan mereviu pesanan."))
        step.order.needs_ppk_review = step.order.sent_to_ppk = True
        step.detail["note"] = (note or "").strip()
    return step.order


@retry_on_conflict(Busy)
def order_approve(*, order: Order, user, expected_version: int, now: datetime | None = None) -> Order:
    """The chosen PPK approves the order; it goes to the supplier for confirmation."""
    with transition(order=order, user=user, action="approve", expected_version=expected_version, now=now) as step:
        if step.order.ppk_id is None:
            step.order.ppk = user
    return step.order


@retry_on_conflict(Busy)
def order_return(*, order: Order, user, expected_version: int, note: str, now: datetime | None = None) -> Order:
    """The PPK sends the order back to negotiation with a note saying what to change."""
    note = require_text(note, _("Tuliskan catatan untuk PP: apa yang perlu diubah."))
    with transition(order=order, user=user, action="return", expected_version=expected_version, now=now) as step:
        step.detail["note"] = note
    return step.order


@retry_on_conflict(Busy)
def order_cancel(*, order: Order, user, expected_version: int, reason: str, now: datetime | None = None) -> Order:
    """The buyer side withdraws the order before the supplier has accepted it (dibatalkan atas permintaan)."""
    reason = require_text(reason, _("Tuliskan alasan pembatalan."))
    with transition(order=order, user=user, action="cancel", expected_version=expected_version, now=now) as step:
        step.order.cancel_reason = reason
    return step.order


@retry_on_conflict(Busy)
def order_accept(*, order: Order, user, expected_version: int, now: datetime | None = None) -> Order:
    """The supplier accepts: the stock is reserved now (never below zero) and the Surat Pesanan issued.

    e-Katalog v6: the supplier answers within 3 working days (see `expire_overdue_orders`).
    """
    with transition(order=order, user=user, action="accept", expected_version=expected_version, now=now) as step:
        o = step.order
        reserve_stock(o, step.now)
        number = issue_document(o, OrderDocument.Kind.SURAT_PESANAN, step.now).number
        step.detail["sp_number"] = number
    return step.order


@retry_on_conflict(Busy)
def order_reject(*, order: Order, user, expected_version: int, reason: str, now: datetime | None = None) -> Order:
    """The supplier declines the order, with a reason the buyer sees."""
    reason = require_text(reason, _("Tuliskan alasan penolakan."))
    with transition(order=order, user=user, action="reject", expected_version=expected_version, now=now) as step:
        step.order.cancel_reason = reason
    return step.order


@retry_on_conflict(Busy)
def order_sign_surat_pesanan(*, order: Order, user, expected_version: int, now: datetime | None = None) -> Order:
    """The PPK and the supplier each sign the Surat Pesanan; with both signatures the supplier starts work."""
    return sign_letter(order=order, user=user, kind=OrderDocument.Kind.SURAT_PESANAN, first="sign_first",
                       second="sign", expected_version=expected_version, now=now)


# --- deadlines -------------------------------------------------------------------------

_EXPIRY_REASONS = {
    OrderStatus.NEGOTIATION: gettext_lazy("Negosiasi tidak ditindaklanjuti dalam %(n)s hari kerja (batas %(due)s)."),
    OrderStatus.PPK_REVIEW: gettext_lazy("PPK tidak mereviu dalam %(n)s hari kerja (batas %(due)s)."),
    OrderStatus.SUPPLIER_CONFIRMATION: gettext_lazy("Penyedia tidak menanggapi dalam %(n)s hari kerja (batas %(due)s)."),
}


@retry_on_conflict(Busy)
def order_expire(*, order: Order | int, now: datetime | None = None) -> Order | None:
    """Cancel an order nobody answered in time (e-Katalog v6: 3 working days). Re-checks the
    deadline under the row lock, so an answer that came in meanwhile wins. None when not due."""
    now = now or timezone.now()
    try:
        with transition(order=order, user=None, action="expire", expected_version=None, now=now) as step:
            o = step.order
            if o.response_due_at is None or o.response_due_at > now:
                raise _NotDue()
            due = timezone.localtime(o.response_due_at)
            o.cancel_reason = str(_EXPIRY_REASONS[o.status]) % {
                "n": rules.rule(DEADLINE_RULES[o.status]), "due": due.strftime("%d-%m-%Y %H:%M")}
    except _NotDue:
        return None
    return step.order


class _NotDue(PurchasingError):
    pass


def expire_overdue_orders(*, now: datetime | None = None) -> list[str]:
    """Cancel every order past its answer deadline; safe to run every minute and twice at once
    (each order is re-checked under its lock; a second run finds nothing left to do)."""
    now = now or timezone.now()
    due = (
        Order.objects.filter(status__in=list(DEADLINE_RULES), response_due_at__lte=now)
        .order_by("response_due_at", "pk").values_list("pk", flat=True)
    )
    expired = []
    for pk in list(due):
        try:
            order = order_expire(order=pk, now=now)
        except PurchasingError:
            continue  # someone acted on it meanwhile: the table refused the expiry
        if order is not None:
            expired.append(order.number)
    return expired
