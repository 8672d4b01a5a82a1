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
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from katalog.core.calendar import is_working_day
from katalog.core.money import format_rupiah
from katalog.core.texts import in_default_language, label, text

from .documents import HARI, waktu
from .states import DEADLINE_RULES, CancelKind, OrderStatus
from katalog.agencies.models import User
from katalog.core.roles import Role
from katalog.notices.services import queue_staff_notice, queue_supplier_notice
from katalog.suppliers.models import Notification
from katalog.suppliers.services.notifications import create_notification
from katalog.notices.models import Delivery
from .models import Order

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


def _queue(order, *, kind: str, subject: dict, body: dict, now: datetime, key: str | None = None) -> None:
    """`subject` and `body` are stored sentences (core.texts): each reader sees them in the language chosen."""

    subject_words, body_words = in_default_language(subject), in_default_language(body)
    note = None
    if key is None or not Notification.objects.filter(supplier=order.supplier_id, title=subject_words,
                                                      link=_link(order)).exists():
        note = create_notification(supplier_id=order.supplier_id, title=subject, body=body, link=_link(order),
                                   created_at=now)
    queue_supplier_notice(supplier=order.supplier, kind=kind, subject=subject_words, body=body_words,
                          link_path=_link(order), notification=note, key=key, now=now)


# Staff who must act next, by the status an order enters (data, not scattered ifs): who, and what to tell them.
# PPK: reviews an order a PP sent up and signs the Surat Pesanan once the supplier accepted; Bendahara:
# records the payment of a completed order (e-Katalog v6 purchase flow, docs/glossary.md).
STAFF_TO_ACT: dict[str, tuple[str, str, str]] = {
    S.PPK_REVIEW: ("ppk", "staff_review",
                   _lazy("Pesanan %(n)s menunggu reviu Anda")),
    S.SIGNING: ("ppk", "staff_sign",
                _lazy("Surat Pesanan %(n)s menunggu tanda tangan Anda")),
    S.COMPLETED: ("treasurer", "staff_payment",
                  _lazy("Pesanan %(n)s selesai dan menunggu pencatatan pembayaran")),
}


def _staff_for(order, who: str) -> list:
    if who == "ppk" and order.ppk_id:
        return [order.ppk]
    role = Role.PPK if who == "ppk" else Role.TREASURER
    return list(User.objects.filter(role=role, agency_id=order.agency_id, is_active=True))


def _queue_staff(order, *, now: datetime) -> None:
    """Tell the staff who must act next that the order waits for them (approval, signature, payment)."""
    who, kind, subject = STAFF_TO_ACT[order.status]
    body = _("%(opd)s: pesanan %(n)s dari %(supplier)s senilai %(total)s.") % {
        "opd": order.agency.name, "n": order.number, "supplier": order.supplier.name,
        "total": format_rupiah(order.total)}
    if order.status in DEADLINE_RULES and order.response_due_at:
        body += " " + _("Tindak lanjuti paling lambat %(due)s; bila tidak, pesanan batal otomatis.") % {
            "due": _deadline_words(order.response_due_at)}
    for person in _staff_for(order, who):
        queue_staff_notice(user=person, kind=kind, subject=str(subject) % {"n": order.number}, body=body,
                           link_path=_link(order), key=f"{kind}:{order.pk}:{person.pk}", now=now)


def on_transition(order, *, source: str, action: str, now: datetime) -> None:
    """Queue the notices this change calls for, if any (called by the order runner)."""
    if order.status in STAFF_TO_ACT and source != order.status:
        _queue_staff(order, now=now)
    if order.status == S.SUPPLIER_CONFIRMATION and source != S.SUPPLIER_CONFIRMATION:
        _queue(order, kind="order_new", subject=text(gettext_noop("Pesanan baru %(n)s"), n=order.number), body=text(
            gettext_noop("%(opd)s memesan senilai %(total)s. Jawab (terima atau tolak) paling lambat %(due)s; bila "
                         "tidak dijawab, pesanan batal otomatis."),
            opd=order.agency.name, total=format_rupiah(order.total), due=_deadline_words(order.response_due_at)),
            now=now)
    elif order.status == S.CANCELLED and source != S.CANCELLED:
        if action == "expire":
            body = text(gettext_noop("Pesanan dibatalkan otomatis karena tidak dijawab dalam batas waktu."))
        else:
            body = text(gettext_noop("Pesanan dihentikan: %(why)s."),
                        why=label(CancelKind(order.cancel_kind).label) if order.cancel_kind else "")
        _queue(order, kind="order_cancelled", subject=text(gettext_noop("Pesanan %(n)s dibatalkan"), n=order.number),
               body=body, now=now)
    elif order.status in (S.PAID, S.PAID_OUTSIDE) and source not in (S.PAID, S.PAID_OUTSIDE):
        _queue(order, kind="payment_recorded",
               subject=text(gettext_noop("Pembayaran pesanan %(n)s dicatat"), n=order.number),
               body=text(gettext_noop("Bendahara mencatat pembayaran %(total)s."), total=format_rupiah(order.total)),
               now=now)


def queue_reminders(*, now: datetime | None = None) -> int:
    """Remind suppliers of orders whose automatic cancellation is one working day away (once per deadline)."""
    now = now or timezone.now()
    count = 0
    waiting = Order.objects.filter(status=S.SUPPLIER_CONFIRMATION, response_due_at__gt=now).select_related(
        "supplier", "agency")
    for order in waiting:
        if now < reminder_moment(order.response_due_at):
            continue
        key = f"reminder:{order.pk}:{order.response_due_at.isoformat()}"

        if Delivery.objects.filter(key__startswith=key).exists():
            continue
        _queue(order, kind="order_reminder", key=key, now=now,
               subject=text(gettext_noop("Pengingat: pesanan %(n)s belum dijawab"), n=order.number),
               body=text(gettext_noop("Pesanan dari %(opd)s batal otomatis pada %(due)s bila belum dijawab. Buka "
                                      "pesanan untuk menerima atau menolaknya."),
                         opd=order.agency.name, due=_deadline_words(order.response_due_at)))
        count += 1
    return count
