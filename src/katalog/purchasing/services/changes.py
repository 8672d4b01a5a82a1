"""Changes to a signed order: adendum (agreed by both parties, versioned) and ending the contract
early: penghentian (keadaan kahar) or pemutusan, each with its reason."""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from katalog.core.conflicts import retry_on_conflict
from katalog.core.money import format_rupiah, line_tax_with

from .. import rules
from ..errors import Busy, InvalidInput, NotAllowed
from ..models import Amendment, Order, StockReservation
from ..states import OrderStatus
from ..order_page import shipped_quantities
from ._engine import (
    give_back_stock, lines_snapshot, lock_products, local_date, parse_line_terms, recompute_totals, require_text,
    set_line_terms, side_of, take_stock, transition,
)


@retry_on_conflict(Busy)
def amendment_propose(
    *, order: Order, user, expected_version: int, lines: dict[int, tuple[int, int]], reason: str,
    requested_date: date | None = None, now: datetime | None = None,
) -> Amendment:
    """The PPK or the supplier proposes an adendum: new quantities, prices and/or arrival date.

    A quantity never goes below what was already shipped; added value obeys Perpres 16/2018 Pasal 54
    (`check_added_value`: catalogue price, 10% in total, budget). It takes effect only when the other
    party agrees (`amendment_decide`), which checks again.
    """
    reason = require_text(reason, _("Tuliskan alasan adendum."))
    with transition(order=order, user=user, action="propose_amendment", expected_version=expected_version,
                    now=now) as step:
        o = step.order
        if o.amendments.filter(status=Amendment.Status.PROPOSED).exists():
            raise InvalidInput(_("Masih ada usulan adendum yang belum diputuskan."))
        terms = parse_line_terms(o, lines, what=_("Usulan adendum"))
        shipped = shipped_quantities(o)
        for line, quantity, _price in terms:
            if quantity < shipped.get(line.pk, 0):
                raise InvalidInput(_("Jumlah “%(name)s” tidak boleh kurang dari yang sudah dikirim (%(n)s).")
                                   % {"name": line.name, "n": shipped.get(line.pk, 0)})
        if requested_date is not None and requested_date < local_date(step.now):
            raise InvalidInput(_("Tanggal diminta tiba tidak boleh sebelum hari ini."))
        check_added_value(o, [(line, q, p) for line, q, p in terms])
        unchanged = all(q == l.quantity and p == l.unit_price for l, q, p in terms) and (
            requested_date is None or requested_date == o.requested_date)
        if unchanged:
            raise InvalidInput(_("Usulan adendum tidak mengubah apa pun."))
        number = (o.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
        amendment = Amendment.objects.create(
            order=o, number=number, side=side_of(step.role), proposed_by=user, proposed_at=step.now, reason=reason,
            changes={
                "lines": [{"line": l.pk, "name": l.name, "quantity": q, "unit_price": p} for l, q, p in terms],
                "requested_date": requested_date.isoformat() if requested_date else None,
            },
        )
        step.detail["amendment"] = number
    return amendment


@retry_on_conflict(Busy)
def amendment_decide(
    *, order: Order, user, expected_version: int, amendment: Amendment, agree: bool, note: str = "",
    now: datetime | None = None,
) -> Amendment:
    """The other contract party agrees to or rejects a proposed adendum. Agreeing applies it: lines,
    totals and reserved stock follow the new quantities (more stock is taken, or given back), and the
    order's state before and after is kept on the adendum as its version record."""
    with transition(order=order, user=user, action="decide_amendment", expected_version=expected_version,
                    now=now) as step:
        o = step.order
        a = Amendment.objects.select_for_update().get(pk=amendment.pk, order=o)
        if a.status != Amendment.Status.PROPOSED:
            raise InvalidInput(_("Usulan adendum ini sudah diputuskan."))
        if a.side == side_of(step.role):
            raise NotAllowed(_("Adendum harus disetujui pihak lain, bukan pengusulnya."))
        a.decided_by, a.decided_at, a.decision_note = user, step.now, (note or "").strip()
        if agree:
            lines = {l.pk: l for l in o.lines.all()}
            check_added_value(o, [(lines[r["line"]], r["quantity"], r["unit_price"]) for r in a.changes["lines"]])
            a.before = lines_snapshot(o)
            _apply(o, a.changes)
            recompute_totals(o)
            a.after = lines_snapshot(o)
            a.status = Amendment.Status.AGREED
        else:
            a.status = Amendment.Status.REJECTED
        a.save()
        step.detail.update({"amendment": a.number, "agreed": bool(agree), "total": o.total})
    return a


def original_total(order: Order) -> int:
    """The contract value before any adendum: the total recorded before the first agreed adendum, or the
    order's total while none has been agreed."""
    first = order.amendments.filter(status=Amendment.Status.AGREED).order_by("number").first()
    return first.before["total"] if first is not None and first.before else order.total


def check_added_value(order: Order, terms) -> None:
    """Perpres 16/2018 Pasal 54 ayat (2) for an adendum given as (line, quantity, unit price) terms:

    - no unit price above the catalogue price the line was bought at (`list_price`; the quoted price of a
      mini-kompetisi), so an adendum cannot reprice a Rp10 juta item at Rp30 juta;
    - huruf a: the total may exceed the original contract value by at most 10% in all
      (KATALOG_RULES amendment_max_added_percent; rules.amendment_ceiling);
    - huruf b: added value needs budget: the RUP package's pagu (monitoring's SiRUP import) must cover
      this order's new total plus the other live orders charged to the same RUP code and year.
    """
    new_subtotal = new_ppn = 0
    for line, quantity, unit_price in terms:
        ceiling = line.list_price if line.list_price is not None else line.product.price
        if unit_price > ceiling:
            raise InvalidInput(_("Harga satuan “%(name)s” tidak boleh melebihi harga katalog %(price)s.")
                               % {"name": line.name, "price": format_rupiah(ceiling)})
        subtotal = quantity * unit_price
        new_subtotal += subtotal
        new_ppn += line_tax_with(subtotal, line.ppn_percent, line.dpp_numerator, line.dpp_denominator).ppn
    new_total = new_subtotal + new_ppn + order.shipping_cost
    if new_total <= order.total:
        return
    base = original_total(order)
    ceiling = rules.amendment_ceiling(base)
    if new_total > ceiling:
        raise InvalidInput(
            _("Adendum menambah nilai menjadi %(new)s, melebihi batas 10%% dari nilai kontrak awal %(base)s "
              "(paling tinggi %(ceiling)s; Perpres 16/2018 Pasal 54).")
            % {"new": format_rupiah(new_total), "base": format_rupiah(base), "ceiling": format_rupiah(ceiling)})
    _require_budget(order, new_total)


def _require_budget(order: Order, new_total: int) -> None:
    rup_package = apps.get_model("monitoring", "RupPackage") if apps.is_installed("katalog.monitoring") else None
    package = None
    if rup_package is not None and order.rup_code:
        package = rup_package.objects.filter(year=order.fiscal_year, rup_code=order.rup_code).first()
    if package is None:
        raise InvalidInput(
            _("Ketersediaan anggaran untuk tambahan nilai tidak dapat diperiksa: paket RUP %(code)s tahun %(year)s "
              "belum tercatat. Impor data RUP (SiRUP) terlebih dahulu (Perpres 16/2018 Pasal 54).")
            % {"code": order.rup_code or "-", "year": order.fiscal_year})
    others = (Order.objects.filter(fiscal_year=order.fiscal_year, rup_code=order.rup_code)
              .exclude(pk=order.pk).exclude(status=OrderStatus.CANCELLED).aggregate(n=Sum("total"))["n"] or 0)
    if others + new_total > package.pagu:
        raise InvalidInput(
            _("Anggaran tidak cukup: pagu paket RUP %(code)s %(pagu)s, sudah terpakai pesanan lain %(used)s, "
              "pesanan ini setelah adendum %(new)s.")
            % {"code": order.rup_code, "pagu": format_rupiah(package.pagu), "used": format_rupiah(others),
               "new": format_rupiah(new_total)})


def _apply(order: Order, changes: dict) -> None:
    lines = {l.pk: l for l in order.lines.all()}
    lock_products(l.product_id for l in lines.values())
    # One query for the whole order; iterating newest first leaves each line's earliest reservation.
    held = StockReservation.objects.filter(order_line__order=order).order_by("-pk")
    reservations = {r.order_line_id: r for r in held}
    for row in sorted(changes["lines"], key=lambda r: (lines[r["line"]].product_id, r["line"])):
        line = lines[row["line"]]
        delta = row["quantity"] - line.quantity
        reservation = reservations.get(line.pk)
        if reservation is not None and delta:
            if delta > 0:
                take_stock(product_id=line.product_id, quantity=delta, name=line.name, unit=line.unit)
            else:
                give_back_stock(product_id=line.product_id, quantity=-delta)
            reservation.quantity += delta
            reservation.save(update_fields=["quantity"])
        set_line_terms(line, row["quantity"], row["unit_price"])
    if changes.get("requested_date"):
        order.requested_date = date.fromisoformat(changes["requested_date"])


@retry_on_conflict(Busy)
def order_halt(*, order: Order, user, expected_version: int, reason: str, now: datetime | None = None) -> Order:
    """Penghentian: the contract stops because of keadaan kahar (force majeure); either party may
    declare it, with the reason. Unshipped reserved stock goes back to the catalogue."""
    reason = require_text(reason, _("Jelaskan keadaan kahar yang menyebabkan penghentian."))
    with transition(order=order, user=user, action="halt", expected_version=expected_version, now=now) as step:
        step.order.cancel_reason = reason
    return step.order


@retry_on_conflict(Busy)
def order_terminate(*, order: Order, user, expected_version: int, reason: str, now: datetime | None = None) -> Order:
    """Pemutusan: the PPK ends the contract (e.g. the supplier fails to deliver), with the reason.
    Unshipped reserved stock goes back to the catalogue."""
    reason = require_text(reason, _("Tuliskan alasan pemutusan."))
    with transition(order=order, user=user, action="terminate", expected_version=expected_version, now=now) as step:
        step.order.cancel_reason = reason
    return step.order
