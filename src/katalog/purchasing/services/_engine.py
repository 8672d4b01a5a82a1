"""The one road every order change takes: the shared runner (core.transitions: lock, transition table, save,
audit event, notices) with what only an order has: the version check, the parties and separation of duties,
the deadline clock and the version bump, all in one transaction.

Service modules use `transition(...)` as a context manager:

    with transition(order=order, user=user, action="approve", expected_version=v) as step:
        ...  # change step.order; raise a PurchasingError to refuse (everything rolls back)

Rules enforced here come from states.py (the table), KATALOG_RULES (the deadlines) and
docs/domain-notes.md (separation of duties).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.catalogue.models import Product
from katalog.core import rules as core_rules
from katalog.core import transitions
from katalog.core.calendar import add_working_days
from katalog.core.pagecache import content_changed
from katalog.core.roles import Role

from .. import notices, rules
from ..offers import rup_line
from ..order_page import shipped_quantities, signed_by_side
from ..selectors import party_problem
from ..errors import ChangedBySomeoneElse, InsufficientStock, InvalidInput, NotAllowed
from ..models import (
    Amendment, Counter, NegotiationRound, Order, OrderDocument, OrderLine, Side, StockReservation,
)
from ..states import CANCEL_KINDS, DEADLINE_RULES, MACHINE, SYSTEM, OrderStatus
from .. import documents

_RUP_CODE = re.compile(r"^[0-9]{5,20}$")


def now_or(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def local_date(now: datetime) -> date:
    return timezone.localtime(now).date()


def role_of(user) -> str:
    return SYSTEM if user is None else user.role


def side_of(role: str) -> str:
    return Side.SUPPLIER if role == Role.SUPPLIER else Side.BUYER


def deadline_after(now: datetime, status: str) -> datetime:
    """The moment N working days after `now` (local time, weekends and holidays skipped)."""
    days = rules.rule(DEADLINE_RULES[status])
    return add_working_days(timezone.localtime(now), days)


def require_rup_code(value: str) -> str:
    """The SiRUP package code the order or mini-kompetisi belongs to, stripped; 5-20 digits."""
    value = (value or "").strip()
    if not _RUP_CODE.match(value):
        raise InvalidInput(_("Kode RUP harus berupa 5–20 angka, sesuai paket di SiRUP."))
    return value


def charged_year(*, user, rup_code: str, budget_year: int | None, today):
    """(fiscal year, RUP package or None) of an order charged to `rup_code`, or InvalidInput.

    Where the plan is imported, the package must belong to the buyer's OPD and its year is the fiscal year;
    a stated year that differs is refused rather than silently replaced. The year must be one that may be
    charged today (core.rules.budget_years: this year, and next year in December)."""
    package = rup_line(rup_code, year=budget_year)
    if package is not None and package.agency_id != user.agency_id:
        raise InvalidInput(_("Paket RUP %(code)s tercatat milik OPD lain; periksa kode RUP.") % {"code": rup_code})
    if package is not None and budget_year and package.year != budget_year:
        raise InvalidInput(_("Paket RUP %(code)s tercatat pada tahun anggaran %(year)s; pilih tahun anggaran itu.")
                           % {"code": rup_code, "year": package.year})
    year = core_rules.checkout_fiscal_year(stated_year=budget_year, package_year=getattr(package, "year", None),
                                           today=today)
    if year is None:
        allowed = " atau ".join(str(y) for y in core_rules.budget_years(today))
        raise InvalidInput(_("Pesanan hari ini hanya dapat dibebankan pada tahun anggaran %(allowed)s "
                             "(paket RUP %(code)s: tahun %(year)s).")
                           % {"allowed": allowed, "code": rup_code,
                              "year": getattr(package, "year", None) or budget_year})
    return year, package


def require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message)
    return value


# --- who may act on an order ----------------------------------------------------------


def check_party(order: Order, user, role: str) -> None:
    """Object-level authority (selectors.party_problem); refuses with the reason."""
    if user is None:
        return
    problem = party_problem(order, user, role)
    if problem:
        raise NotAllowed(problem)


# --- the transition -----------------------------------------------------------------------


@dataclass
class Step:
    order: Order
    action: str
    role: str
    to: str
    now: datetime
    before: dict
    detail: dict = field(default_factory=dict)


def lock_order(pk: int) -> Order:
    # PostgreSQL: row lock until commit, taken first (lock order: core/conflicts.py); NO KEY, because the
    # order is updated, never deleted, and rows that merely refer to it need not wait. SQLite: the
    # IMMEDIATE transaction already holds the write lock.
    return Order.objects.select_for_update(no_key=True).get(pk=pk)


@contextmanager
def transition(
    *, order: Order | int, user, action: str | Callable[[Order], str], expected_version: int | None,
    now: datetime | None = None,
) -> Iterator[Step]:
    """Run one order transition through the shared runner (core.transitions: lock, table, save, audit,
    follow-ups). `action` may be a function of the locked order when the action depends on its state (first or
    second signature). `expected_version` is the version the person saw; None only for the system and for
    internal follow-ups."""
    now = now_or(now)
    role = role_of(user)

    def unchanged_since_seen(locked: Order) -> None:
        if expected_version is not None and locked.version != expected_version:
            raise ChangedBySomeoneElse()

    rows = Order.objects.filter(pk=order if isinstance(order, int) else order.pk)
    with transitions.transition(rows=rows, machine=MACHINE, action=action, actor=user, role=role,
                                guard=unchanged_since_seen, audit_action=lambda name: f"order.{name}",
                                whole_row=True, now=now) as run:
        locked = run.obj
        check_party(locked, user, role)
        step = Step(order=locked, action=run.action, role=role, to=run.to, now=now,
                    before={"status": locked.status, "version": locked.version})
        yield step
        _finish(step, run)


def _finish(step: Step, run: transitions.Step) -> None:
    """What every order change ends with, before the runner saves the order and records the audit event."""
    order, now = step.order, step.now
    source = step.before["status"]
    if step.to != source:
        order.status = step.to
        order.status_changed_at = now
    if step.to == OrderStatus.CANCELLED:
        order.cancel_kind = CANCEL_KINDS[(source, step.action)]
        release_stock(order, now)
        NegotiationRound.objects.filter(order=order, status=NegotiationRound.Status.OPEN).update(
            status=NegotiationRound.Status.LAPSED)
        Amendment.objects.filter(order=order, status=Amendment.Status.PROPOSED).update(
            status=Amendment.Status.REJECTED, decided_at=now, decision_note=_("Gugur: pesanan dihentikan."))
    # Any action in a status with a deadline restarts the clock; other statuses have none.
    order.response_due_at = deadline_after(now, step.to) if step.to in DEADLINE_RULES else None
    order.version += 1
    run.before["version"] = step.before["version"]
    run.after.update({"version": order.version, **step.detail})
    if order.response_due_at:
        run.after["due"] = order.response_due_at.isoformat()
    # The notice this change calls for goes into the outbox in the same transaction (purchasing/notices.py).
    run.then(lambda: notices.on_transition(order, source=source, action=step.action, now=now))


# --- signatures ----------------------------------------------------------------------


def issue_document(order: Order, kind: str, now: datetime) -> OrderDocument:
    """Number, date and freeze a letter for the order (Surat Pesanan at acceptance, BAST at the goods check).
    Numbers follow the configured scheme, per OPD and year (KATALOG_RULES sp_/bast_number_format)."""
    issued_on = local_date(now)
    number = new_number(
        fmt_rule=f"{kind}_number_format", scope=f"{kind}:{order.agency_id}", on=issued_on,
        opd=order.agency.short_name, agency_code=order.agency.code,
        exists=lambda n: OrderDocument.objects.filter(number=n).exists(),
    )
    build = documents.surat_pesanan_data if kind == OrderDocument.Kind.SURAT_PESANAN else documents.bast_data
    return OrderDocument.objects.create(order=order, kind=kind, number=number, issued_on=issued_on,
                                        data=build(order, number, issued_on))


def sign_letter(*, order: Order | int, user, kind: str, first: str, second: str, expected_version: int,
                now: datetime | None = None) -> Order:
    """The PPK or the supplier signs the letter of `kind`: the order takes the `first` action for the
    first signature and the `second` once the other side has signed too."""
    def action(locked):
        return second if other_side_signed(locked, kind, user.role) else first

    with transition(order=order, user=user, action=action, expected_version=expected_version, now=now) as step:
        sign_document(document_to_sign(step.order, kind, step.now), user, step.now)
    return step.order


def document_to_sign(order: Order, kind: str, now: datetime) -> OrderDocument:
    # Orders recorded before the letters existed (imports, demo data) get theirs when first signed.
    return order.documents.filter(kind=kind).first() or issue_document(order, kind, now)


def sign_document(document: OrderDocument, user, now) -> None:
    if user.role == Role.PPK:
        if document.ppk_signed_at:
            raise NotAllowed(_("Anda sudah menandatangani dokumen ini."))
        document.ppk_signed_at, document.ppk_signed_by = now, user
    else:
        if document.supplier_signed_at:
            raise NotAllowed(_("Anda sudah menandatangani dokumen ini."))
        document.supplier_signed_at, document.supplier_signed_by = now, user
    document.save()


def other_side_signed(order: Order, kind: str, role: str) -> bool:
    other = "supplier" if role == Role.PPK else "buyer"
    return signed_by_side(order.documents.filter(kind=kind).first(), other)


# --- totals -----------------------------------------------------------------------------


def recompute_totals(order: Order) -> None:
    """Order totals from its lines (integer rupiah, each line's stored DPP and PPN), and whether the PPK
    must review it: whenever the total changes the PP limit is applied again (Perpres 46/2025, KATALOG_RULES
    pp_checkout_limit), so a negotiation that brings the order under it lets the PP place it, unless the PP
    has already sent it to the PPK."""
    t = rules.totals(((line.subtotal, line) for line in order.lines.all()), order.shipping_cost)
    order.subtotal, order.ppn, order.total = t.subtotal, t.ppn, t.total
    order.needs_ppk_review = order.sent_to_ppk or not rules.pp_may_place(order.total)


def set_line_terms(line: OrderLine, quantity: int, unit_price: int) -> None:
    """Agreed new terms for a line (an accepted offer or adendum); its subtotal follows, and its DPP and PPN
    with the rate and factor the line was first computed with (a later change of law leaves it alone)."""
    line.quantity, line.unit_price = quantity, unit_price
    line.subtotal = rules.line_subtotal(quantity, unit_price)
    line.recompute_tax()
    line.save(update_fields=["quantity", "unit_price", "subtotal", "dpp", "ppn", "ppn_percent", "dpp_numerator",
                             "dpp_denominator"])


def lines_snapshot(order: Order) -> dict:
    return {
        "lines": [{"line": l.pk, "name": l.name, "quantity": l.quantity, "unit_price": l.unit_price}
                  for l in order.lines.all()],
        "requested_date": order.requested_date.isoformat() if order.requested_date else None,
        "shipping_cost": order.shipping_cost, "subtotal": order.subtotal, "ppn": order.ppn, "total": order.total,
    }


# --- numbering --------------------------------------------------------------------------


def next_in_sequence(scope: str, year: int) -> int:
    """The next number of a sequence; the UPDATE holds the row until commit, so no two share one."""
    counter, _created = Counter.objects.get_or_create(scope=scope, year=year)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(pk=counter.pk)


def new_number(*, fmt_rule: str, scope: str, on: date, exists: Callable[[str], bool], opd: str = "",
               agency_code: str = "") -> str:
    """A number from a configurable scheme; skips numbers already used (e.g. by imported records)."""
    fmt = rules.rule(fmt_rule)
    while True:
        number = rules.letter_number(fmt, seq=next_in_sequence(scope, on.year), on=on, opd=opd,
                                     agency_code=agency_code)
        if not exists(number):
            return number


# --- stock ----------------------------------------------------------------------------


def lock_products(product_ids) -> None:
    """PostgreSQL: lock the products in id order, so two acceptances never deadlock (lock order:
    core/conflicts.py). NO KEY: a cart line or order line that refers to the product need not wait."""
    if connection.vendor == "postgresql":
        list(Product.objects.select_for_update(no_key=True).filter(pk__in=sorted(set(product_ids))).order_by("pk")
             .values_list("pk", flat=True))


def take_stock(*, product_id: int, quantity: int, name: str, unit: str) -> None:
    """Take `quantity` off the product's stock, or refuse: the conditional UPDATE never goes below zero
    (and the database's stock >= 0 check backs it up)."""
    taken = Product.objects.filter(pk=product_id, stock__gte=quantity).update(stock=F("stock") - quantity)
    content_changed()  # an UPDATE sends no post_save: cached pages showing the stock must go (core/pagecache.py)
    if not taken:
        left = Product.objects.values_list("stock", flat=True).get(pk=product_id)
        raise InsufficientStock(
            _("Stok “%(name)s” tinggal %(left)s %(unit)s, sedangkan pesanan memerlukan %(need)s %(unit)s. "
              "Tolak pesanan dengan alasan stok habis, atau tambah stok di katalog lalu terima kembali.")
            % {"name": name, "left": left, "need": quantity, "unit": unit}
        )


def give_back_stock(*, product_id: int, quantity: int) -> None:
    if quantity > 0:
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        content_changed()


def reserve_stock(order: Order, now: datetime) -> None:
    """Hold every line's quantity for this order (at the supplier's acceptance)."""
    lines = sorted(order.lines.all(), key=lambda l: (l.product_id, l.pk))
    lock_products(l.product_id for l in lines)
    for line in lines:
        take_stock(product_id=line.product_id, quantity=line.quantity, name=line.name, unit=line.unit)
        StockReservation.objects.create(order_line=line, product_id=line.product_id, quantity=line.quantity,
                                        reserved_at=now)


def release_stock(order: Order, now: datetime) -> None:
    """Give back what is held and not yet shipped (cancellation, penghentian, pemutusan)."""
    shipped = shipped_quantities(order)
    reservations = StockReservation.objects.filter(order_line__order=order).order_by("product_id", "pk")
    lock_products(r.product_id for r in reservations)
    for reservation in reservations:
        remaining = reservation.quantity - reservation.released_quantity - shipped.get(reservation.order_line_id, 0)
        if remaining > 0:
            give_back_stock(product_id=reservation.product_id, quantity=remaining)
            reservation.released_quantity += remaining
            reservation.released_at = now
            reservation.save(update_fields=["released_quantity", "released_at"])


def parse_line_terms(order: Order, terms: dict, *, what: str) -> list[tuple[OrderLine, int, int]]:
    """Check a full set of (quantity, unit price) proposals, one per line of the order."""
    lines = list(order.lines.all())
    if set(terms) != {l.pk for l in lines}:
        raise InvalidInput(_("%(what)s harus memuat setiap baris pesanan.") % {"what": what})
    result = []
    for line in lines:
        quantity, unit_price = terms[line.pk]
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise InvalidInput(_("Jumlah “%(name)s” harus bilangan bulat paling sedikit 1.") % {"name": line.name})
        if isinstance(unit_price, bool) or not isinstance(unit_price, int) or unit_price < 1:
            raise InvalidInput(_("Harga satuan “%(name)s” harus rupiah bulat lebih dari nol.") % {"name": line.name})
        result.append((line, quantity, unit_price))
    return result
