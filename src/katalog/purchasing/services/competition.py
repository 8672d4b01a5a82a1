"""Mini-kompetisi: invite at least three suppliers of a category, collect quotes until the deadline,
award the lowest evaluated price (with the domestic-product price preference), turn it into an order."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.agencies.models import User
from katalog.catalogue.models import Category, Product
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier

from .. import offers, rules, selectors
from ..errors import Busy, InvalidInput, JustificationRequired, NotAllowed
from ..models import (
    Competition, CompetitionItem, Invitation, Justification, Method, Order, OrderLine, Quote, QuoteLine,
)
from ..states import OrderStatus
from ._engine import charged_year, deadline_after, local_date, new_number, now_or, require_rup_code, require_text


@retry_on_conflict(Busy)
def competition_create(
    *, user: User, category: Category, title: str, items: list[dict], supplier_ids: list[int], deadline: datetime,
    rup_code: str, funding_source: str, delivery_address: str, requested_date: date, ppk: User,
    description: str = "", idempotency_key: str | None = None, budget_year: int | None = None,
    now: datetime | None = None,
) -> Competition:
    """The PP opens a mini-kompetisi. At least `mini_competition_min_suppliers` (3) verified suppliers
    offering in the category are invited; none may be a supplier the PP belongs to."""
    now = now_or(now)
    if idempotency_key:
        existing = Competition.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.buyer_id != user.pk:
                raise NotAllowed()
            return existing
    try:
        with transaction.atomic():
            return _create(user=user, category=category, title=title, items=items, supplier_ids=supplier_ids,
                           deadline=deadline, rup_code=rup_code, funding_source=funding_source,
                           delivery_address=delivery_address, requested_date=requested_date, ppk=ppk,
                           description=description, idempotency_key=idempotency_key or None,
                           budget_year=budget_year, now=now)
    except IntegrityError:
        existing = Competition.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing


def _create(*, user, category, title, items, supplier_ids, deadline, rup_code, funding_source, delivery_address,
            requested_date, ppk, description, idempotency_key, budget_year, now) -> Competition:
    if user is None or not user.is_active or user.role != Role.PP or not user.agency_id:
        raise NotAllowed(_("Hanya Pejabat Pengadaan (PP) sebuah OPD yang dapat mengadakan mini-kompetisi."))
    title = require_text(title, _("Isi nama paket."))
    rup_code = require_rup_code(rup_code)
    funding_source = require_text(funding_source, _("Isi sumber dana / kode rekening belanja."))
    delivery_address = require_text(delivery_address, _("Isi alamat pengiriman."))
    if deadline is None or deadline <= now:
        raise InvalidInput(_("Batas akhir penawaran harus di masa depan."))
    if requested_date is None or requested_date < timezone.localtime(deadline).date():
        raise InvalidInput(_("Tanggal diminta tiba tidak boleh sebelum batas akhir penawaran."))
    if ppk is None or ppk.role != Role.PPK or ppk.agency_id != user.agency_id or not ppk.is_active or ppk.pk == user.pk:
        raise InvalidInput(_("Pilih PPK dari OPD Anda."))
    # The order the winner becomes is charged to this RUP line: its budget year is fixed now.
    fiscal_year = charged_year(user=user, rup_code=rup_code, budget_year=budget_year, today=local_date(now))[0]
    clean_items = []
    for item in items:
        name = (item.get("name") or "").strip()
        quantity = item.get("quantity")
        if not name:
            continue
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise InvalidInput(_("Jumlah “%(name)s” harus bilangan bulat paling sedikit 1.") % {"name": name})
        clean_items.append({"name": name[:250], "unit": (item.get("unit") or "unit").strip()[:30],
                            "quantity": quantity, "specification": (item.get("specification") or "").strip()})
    if not clean_items:
        raise InvalidInput(_("Isi paling sedikit satu barang yang dibutuhkan."))

    minimum = rules.rule("mini_competition_min_suppliers")
    offering = offers.suppliers_offering(category)
    suppliers = list(offering.filter(pk__in=set(supplier_ids)))
    if len(suppliers) != len(set(supplier_ids)):
        raise InvalidInput(_("Undang hanya penyedia terverifikasi yang menawarkan produk di kategori ini."))
    if len(suppliers) < minimum:
        raise InvalidInput(_("Undang paling sedikit %(n)s penyedia.") % {"n": minimum})
    for supplier in suppliers:
        if selectors.buyer_conflicts_with_supplier(user, supplier):
            raise NotAllowed(_("Benturan kepentingan: Anda terhubung dengan penyedia “%(name)s”.")
                             % {"name": supplier.name})

    today = local_date(now)
    number = new_number(fmt_rule="competition_number_format", scope="competition", on=today,
                        exists=lambda n: Competition.objects.filter(number=n).exists())
    competition = Competition.objects.create(
        number=number, agency_id=user.agency_id, buyer=user, ppk=ppk, category=category, title=title,
        description=(description or "").strip(), rup_code=rup_code, fiscal_year=fiscal_year,
        funding_source=funding_source,
        delivery_address=delivery_address, requested_date=requested_date, deadline=deadline, created_at=now,
        idempotency_key=idempotency_key,
    )
    for item in clean_items:
        CompetitionItem.objects.create(competition=competition, **item)
    for supplier in suppliers:
        Invitation.objects.create(competition=competition, supplier=supplier, invited_at=now)
    record_event(actor=user, action="competition.create", obj=competition,
                 after={"number": number, "invited": sorted(s.pk for s in suppliers), "deadline": deadline.isoformat()})
    return competition


@retry_on_conflict(Busy)
@transaction.atomic
def competition_submit_quote(
    *, user: User, competition: Competition, lines: dict[int, tuple[int, int]], note: str = "",
    now: datetime | None = None,
) -> Quote:
    """An invited supplier quotes (product and unit price per item) before the deadline. A new
    quote replaces the supplier's current one; every earlier revision is kept."""
    now = now_or(now)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if user.role != Role.SUPPLIER or not user.supplier_id:
        raise NotAllowed()
    if not competition.invitations.filter(supplier_id=user.supplier_id).exists():
        raise NotAllowed(_("Penyedia Anda tidak diundang ke mini-kompetisi ini."))
    if competition.status != Competition.Status.OPEN or now >= competition.deadline:
        raise InvalidInput(_("Batas akhir penawaran sudah lewat; penawaran tidak dapat dikirim lagi."))
    items = list(competition.items.all())
    if set(lines) != {i.pk for i in items}:
        raise InvalidInput(_("Isi produk dan harga untuk setiap barang yang diminta."))
    allowed = set(offers.category_and_descendants(competition.category))
    quotable = Product.objects.filter(
        pk__in={product_id for product_id, _price in lines.values()}, supplier_id=user.supplier_id,
        status=Product.Status.ACTIVE, category_id__in=allowed,
    ).in_bulk()
    rows = []
    for item in items:
        product_id, unit_price = lines[item.pk]
        product = quotable.get(product_id)
        if product is None:
            raise InvalidInput(_("Pilih produk aktif Anda di kategori ini untuk “%(name)s”.") % {"name": item.name})
        if isinstance(unit_price, bool) or not isinstance(unit_price, int) or not 0 < unit_price <= product.price:
            raise InvalidInput(_("Harga “%(name)s” harus lebih dari nol dan tidak melebihi harga katalog.")
                               % {"name": item.name})
        rows.append((item, product, unit_price, item.quantity * unit_price))
    today = local_date(now)
    taxes = [p.tax_for(sub, today) for _i, p, _u, sub in rows]
    t = rules.totals((row[3], tax) for row, tax in zip(rows, taxes))
    previous = Quote.objects.filter(competition=competition, supplier_id=user.supplier_id)
    revision = (previous.aggregate(n=Max("revision"))["n"] or 0) + 1
    previous.filter(is_current=True).update(is_current=False)
    quote = Quote.objects.create(
        competition=competition, supplier_id=user.supplier_id, revision=revision, submitted_by=user,
        submitted_at=now, note=(note or "").strip(), subtotal=t.subtotal, ppn=t.ppn, total=t.subtotal + t.ppn,
        tkdn=rules.weighted_tkdn((sub, p.tkdn) for _i, p, _u, sub in rows),
    )
    for (item, product, unit_price, subtotal), tax in zip(rows, taxes):
        QuoteLine.objects.create(quote=quote, item=item, product=product, quantity=item.quantity,
                                 unit_price=unit_price, subtotal=subtotal, ppn_percent=tax.rate_percent,
                                 dpp_numerator=tax.dpp_numerator, dpp_denominator=tax.dpp_denominator,
                                 dpp=tax.dpp, ppn=tax.ppn, tkdn=product.tkdn, bmp=product.bmp, origin=product.origin,
                                 siinas_registered=product.siinas_registered)
    record_event(actor=user, action="competition.quote", obj=competition,
                 after={"supplier": user.supplier_id, "revision": revision, "total": quote.total})
    return quote


@retry_on_conflict(Busy)
@transaction.atomic
def competition_award(*, user: User, competition: Competition, justification: str = "",
                      now: datetime | None = None) -> Competition:
    """After the deadline the PP evaluates and the award becomes an order in negotiation, with the quoted
    prices as ceilings; every quote stays on record with its evaluated price and rank.

    Perpres 16/2018 Pasal 67 as amended by Perpres 12/2021: the lowest harga evaluasi akhir wins; for a
    package above KATALOG_RULES price_preference_min_package (ayat 2: above Rp1 miliar) offers with TKDN
    >= 25% get the price preference, HEA = (1 − KP) × HP with KP = TKDN × the highest preference (at most
    25%, ayat 3 huruf b and e); on equal HEA the higher TKDN wins (huruf f), then the lower price, then the
    earlier quote. Without an HPS on record, the package value is the lowest quoted total.

    Perpres 46/2025 Pasal 66: when, for an item, another quote offers a product in a higher tier
    (rules.domestic_tier) than the winner's, the PP must write a justification, which is recorded on the order.
    """
    now = now_or(now)
    competition = Competition.objects.select_for_update().select_related("agency").get(pk=competition.pk)
    if user.role != Role.PP or user.agency_id != competition.agency_id:
        raise NotAllowed()
    if competition.status != Competition.Status.OPEN:
        raise InvalidInput(_("Mini-kompetisi ini sudah selesai."))
    if now < competition.deadline:
        raise InvalidInput(_("Penawaran baru dapat dievaluasi setelah batas akhir penawaran."))
    quotes = list(competition.quotes.filter(is_current=True).select_related("supplier"))
    if not quotes:
        competition.preference_percent = rules.preference_percent()
        competition.awarded_at = now
        competition.status = Competition.Status.FAILED
        competition.save()
        record_event(actor=user, action="competition.fail", obj=competition, after={"quotes": 0})
        return competition
    package_value = min(q.total for q in quotes)
    preference = rules.preference_percent() if rules.preference_applies(package_value) else 0

    def key(q):
        return (*rules.evaluation_key(total=q.total, tkdn=q.tkdn, preference_percent=preference),
                q.submitted_at, q.pk)

    ranked = sorted(quotes, key=key)
    winner = ranked[0]
    passed_over = _passed_over_tiers(winner, quotes)
    justification = (justification or "").strip()
    if passed_over and not justification:
        raise JustificationRequired(
            _("Penawaran lain menawarkan produk dengan prioritas produk dalam negeri lebih tinggi (Perpres 46/2025 "
              "Pasal 66) untuk: %(items)s. Tuliskan alasan memilih pemenang ini.")
            % {"items": ", ".join(sorted(passed_over))}, lines=sorted(passed_over))
    competition.preference_percent = preference
    competition.awarded_at = now
    for rank, quote in enumerate(ranked, start=1):
        evaluated = key(quote)[0]
        # Whole rupiah, half-up like every other amount (the ranking itself used the exact fraction).
        quote.evaluated_price = (2 * evaluated.numerator + evaluated.denominator) // (2 * evaluated.denominator)
        quote.rank = rank
        quote.save(update_fields=["evaluated_price", "rank"])
    order = _order_from_quote(competition, winner, now)
    _record_passed_over(order, winner, passed_over, justification, user, now)
    competition.status = Competition.Status.AWARDED
    competition.awarded_quote = winner
    competition.order = order
    competition.save()
    record_event(actor=user, action="competition.award", obj=competition, after={
        "winner": winner.supplier_id, "total": winner.total, "evaluated": winner.evaluated_price,
        "preference_percent": preference, "package_value": package_value, "order": order.number,
        "ranking": [[q.supplier_id, q.total, q.evaluated_price] for q in ranked],
        "justification": bool(passed_over),
    })
    record_event(actor=user, action="order.award", obj=order, after={
        "status": order.status, "version": order.version, "number": order.number, "competition": competition.number,
        "due": order.response_due_at.isoformat(),
    })
    return competition


def _passed_over_tiers(winner: Quote, quotes: list[Quote]) -> dict[str, list[dict]]:
    """Items for which another quote offers a product in a higher Pasal 66 tier than the winner's:
    {item name: [the better offers]}."""
    by_item: dict[int, list[QuoteLine]] = {}
    for line in QuoteLine.objects.filter(quote__in=quotes).select_related("item", "product", "quote__supplier"):
        by_item.setdefault(line.item_id, []).append(line)
    passed = {}
    for lines in by_item.values():
        mine = [l for l in lines if l.quote_id == winner.pk]
        if not mine:
            continue
        tier = rules.domestic_tier(origin=mine[0].origin, tkdn=mine[0].tkdn, bmp=mine[0].bmp,
                                   siinas=mine[0].siinas_registered)
        better = []
        for l in lines:
            other = rules.domestic_tier(origin=l.origin, tkdn=l.tkdn, bmp=l.bmp, siinas=l.siinas_registered)
            if other < tier:
                better.append({"id": l.product_id, "name": l.product.name, "supplier": l.quote.supplier.name,
                               "supplier_is_umk": l.quote.supplier.is_umk, "tkdn": "" if l.tkdn is None else str(l.tkdn), "bmp": str(l.bmp),
                               "price": l.unit_price, "unit": l.product.unit, "tier": other})
        if better:
            passed[mine[0].item.name] = sorted(better, key=lambda b: b["tier"])
    return passed


def _record_passed_over(order: Order, winner: Quote, passed_over: dict, text: str, user, now) -> None:
    if not passed_over:
        return
    item_of_line = dict(winner.lines.values_list("product_id", "item__name"))
    for line in order.lines.all():
        item = item_of_line.get(line.product_id)
        if item in passed_over:
            Justification.objects.create(order=order, kind=Justification.Kind.DOMESTIC, order_line=line, text=text,
                                         alternatives=passed_over[item], written_by=user, written_at=now)


def _order_from_quote(competition: Competition, quote: Quote, now: datetime) -> Order:
    supplier: Supplier = quote.supplier
    today = local_date(now)
    number = new_number(fmt_rule="order_number_format", scope="order", on=today,
                        exists=lambda n: Order.objects.filter(number=n).exists())
    order = Order.objects.create(
        number=number, agency=competition.agency, supplier=supplier, buyer=competition.buyer, ppk=competition.ppk,
        status=OrderStatus.NEGOTIATION, fiscal_year=competition.fiscal_year, rup_code=competition.rup_code,
        funding_source=competition.funding_source, delivery_address=competition.delivery_address,
        requested_date=competition.requested_date, subtotal=quote.subtotal, ppn=quote.ppn, total=quote.total,
        supplier_scale=supplier.scale, supplier_is_umk=supplier.is_umk, supplier_is_local=supplier.is_local,
        supplier_district_id=supplier.district_id, created_at=now, status_changed_at=now,
        method=Method.MINI_COMPETITION, needs_ppk_review=not rules.pp_may_place(quote.total),
        response_due_at=deadline_after(now, OrderStatus.NEGOTIATION),
    )
    for line in quote.lines.select_related("item", "product"):
        OrderLine.objects.create(
            order=order, product=line.product, category_id=line.product.category_id, name=line.product.name,
            unit=line.product.unit, quantity=line.quantity, unit_price=line.unit_price, subtotal=line.subtotal,
            ppn_percent=line.ppn_percent, dpp_numerator=line.dpp_numerator, dpp_denominator=line.dpp_denominator,
            dpp=line.dpp, ppn=line.ppn, tkdn=line.tkdn, bmp=line.bmp, origin=line.origin, list_price=line.unit_price,
            siinas_registered=line.siinas_registered,
        )
    return order
