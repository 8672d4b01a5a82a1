"""What a supplier is told about its orders, and when (through the outbox, katalog.notices).

The table is data: a transition's target status (and, for cancellations, how it came about) says which
notice goes out. The order runner (services/_engine.py) calls `on_transition` inside the transition's
transaction, so the notice exists exactly when the change does. `queue_reminders` (from `katalog tick`
and the worker's schedule) warns the supplier one working day before the automatic cancellation
(e-Katalog v6: 3 working days to answer, KATALOG_RULES["supplier_response_working_days"]).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.calendar import is_working_day
from katalog.core.money import format_rupiah

from .documents import HARI, waktu
from .states import OrderStatus

S = OrderStatus


def _deadline_words(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{HARI[local.weekday()]}, {waktu(moment)}"


def reminder_moment(deadline: datetime) -> datetime:
    """One working day before `deadline`, at the same clock time (WIB): the previous working day."""
    local = timezone.localtime(deadline)
    day = local.date() - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return local.replace(year=day.year, month=day.month, day=day.day)


def _link(order) -> str:
    return reverse("purchasing:order_detail", args=[order.number])


def _queue(order, *, kind: str, subject: str, body: str, now: datetime, key: str | None = None) -> None:
    from katalog.notices.services import queue_supplier_notice
    from katalog.suppliers.models import Notification

    note = None
    if key is None or not Notification.objects.filter(supplier=order.supplier_id, title=subject, link=_link(order)).exists():
        note = Notification.objects.create(supplier_id=order.supplier_id, title=subject, body=body, link=_link(order),
                                           created_at=now)
    queue_supplier_notice(supplier=order.supplier, kind=kind, subject=subject, body=body, link_path=_link(order),
                          notification=note, key=key, now=now)


def on_transition(order, *, source: str, action: str, now: datetime) -> None:
    """Queue the notice this change calls for, if any (called by the order runner)."""
    if order.status == S.SUPPLIER_CONFIRMATION and source != S.SUPPLIER_CONFIRMATION:
        _queue(order, kind="order_new", subject=_("Pesanan baru %(n)s") % {"n": order.number}, body=_(
            "%(opd)s memesan senilai %(total)s. Jawab (terima atau tolak) paling lambat %(due)s; bila tidak "
            "dijawab, pesanan batal otomatis.") % {"opd": order.agency.name, "total": format_rupiah(order.total),
                                                   "due": _deadline_words(order.response_due_at)}, now=now)
    elif order.status == S.CANCELLED and source != S.CANCELLED:
        if action == "expire":
            body = _("Pesanan dibatalkan otomatis karena tidak dijawab dalam batas waktu.")
        else:
            body = _("Pesanan dihentikan: %(why)s.") % {"why": order.get_cancel_kind_display()}
        _queue(order, kind="order_cancelled", subject=_("Pesanan %(n)s dibatalkan") % {"n": order.number}, body=body, now=now)
    elif order.status in (S.PAID, S.PAID_OUTSIDE) and source not in (S.PAID, S.PAID_OUTSIDE):
        _queue(order, kind="payment_recorded", subject=_("Pembayaran pesanan %(n)s dicatat") % {"n": order.number},
               body=_("Bendahara mencatat pembayaran %(total)s.") % {"total": format_rupiah(order.total)}, now=now)


def queue_reminders(*, now: datetime | None = None) -> int:
    """Remind suppliers of orders whose automatic cancellation is one working day away (once per deadline)."""
    from .models import Order

    now = now or timezone.now()
    count = 0
    waiting = Order.objects.filter(status=S.SUPPLIER_CONFIRMATION, response_due_at__gt=now).select_related(
        "supplier", "agency")
    for order in waiting:
        if now < reminder_moment(order.response_due_at):
            continue
        key = f"reminder:{order.pk}:{order.response_due_at.isoformat()}"
        from katalog.notices.models import Delivery

        if Delivery.objects.filter(key__startswith=key).exists():
            continue
        _queue(order, kind="order_reminder", key=key, now=now,
               subject=_("Pengingat: pesanan %(n)s belum dijawab") % {"n": order.number},
               body=_("Pesanan dari %(opd)s batal otomatis pada %(due)s bila belum dijawab. Buka pesanan untuk "
                      "menerima atau menolaknya.") % {"opd": order.agency.name,
                                                      "due": _deadline_words(order.response_due_at)})
        count += 1
    return count
