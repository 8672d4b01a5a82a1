"""Cart (one per supplier) and checkout into an order (paket)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.agencies.models import User
from katalog.catalogue.models import Product
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier

from .. import offers, rules, selectors
from ..errors import Busy, InsufficientStock, InvalidInput, JustificationRequired, KeyReused, NotAllowed
from ..models import Cart, CartLine, Justification, Method, Order, OrderLine
from ..states import OrderStatus
from ._engine import charged_year, deadline_after, local_date, new_number, now_or, require_rup_code, require_text


def _require_buyer(user) -> None:
    if user is None or not user.is_active or user.role != Role.PP or not user.agency_id:
        raise NotAllowed(_("Hanya Pejabat Pengadaan (PP) sebuah OPD yang dapat berbelanja."))


def _require_orderable(user, product: Product) -> None:
    _require_listed(product)
    _require_unconnected(user, product.supplier)


def _require_listed(product: Product) -> None:
    if product.status != Product.Status.ACTIVE:
        raise InvalidInput(_("“%(name)s” sedang tidak tayang di katalog.") % {"name": product.name})
    if product.supplier.status != Supplier.Status.VERIFIED:
        raise InvalidInput(_("Penyedia “%(name)s” belum terverifikasi.") % {"name": product.supplier.name})
    if not product.supplier.has_nib:
        # Only a business verified before NIBs were required could get here (suppliers.services.supplier_verify).
        raise InvalidInput(_("Penyedia “%(name)s” belum ber-NIB, jadi belum dapat menjual.")
                           % {"name": product.supplier.name})


def _require_unconnected(user, supplier: Supplier) -> None:
    if selectors.buyer_conflicts_with_supplier(user, supplier):
        raise NotAllowed(_(
            "Benturan kepentingan: Anda terhubung dengan penyedia “%(name)s”, sehingga tidak boleh memesan darinya."
        ) % {"name": supplier.name})


@retry_on_conflict(Busy)
@transaction.atomic
def cart_add_product(*, user: User, product: Product, quantity: int) -> CartLine:
    """Put a product in the buyer's cart for its supplier (one cart per supplier, e-Katalog v6)."""
    _require_buyer(user)
    product = Product.objects.select_related("supplier").get(pk=product.pk)
    _require_orderable(user, product)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise InvalidInput(_("Jumlah harus bilangan bulat paling sedikit 1."))
    now = timezone.now()
    # The buyer's own cart row first (lock order: core/conflicts.py); a checkout of it that is under way
    # finishes first, and this then starts a new cart.
    cart, _created = Cart.objects.select_for_update().get_or_create(
        buyer=user, supplier=product.supplier, defaults={"agency_id": user.agency_id, "created_at": now})
    line = CartLine.objects.filter(cart=cart, product=product).first()
    _require_within_stock(product, (line.quantity if line else 0) + quantity, already=line.quantity if line else 0)
    if line is None:
        line = CartLine.objects.create(cart=cart, product=product, quantity=quantity, added_at=now)
    else:
        line.quantity += quantity
        line.save(update_fields=["quantity"])
    cart.updated_at = now
    cart.save(update_fields=["updated_at"])
    record_event(actor=user, action="cart.add", obj=cart, after={"product": product.pk, "quantity": line.quantity})
    return line


def _require_within_stock(product: Product, total: int, *, already: int = 0) -> None:
    """Refuse, when adding, less than the minimum order or more than the supplier has in stock (checkout
    checks both again, as stock moves)."""
    if total < product.min_order:
        raise InvalidInput(_("Pembelian minimal “%(name)s” adalah %(n)s %(unit)s.")
                           % {"name": product.name, "n": product.min_order, "unit": product.unit})
    if total > product.stock:
        if already:
            message = _("Stok “%(name)s” tersedia %(n)s %(unit)s dan %(m)s %(unit)s sudah ada di keranjang Anda; "
                        "tambahkan paling banyak %(left)s %(unit)s.")
        else:
            message = _("Stok “%(name)s” tersedia %(n)s %(unit)s; kurangi jumlahnya.")
        raise InsufficientStock(message % {"name": product.name, "n": product.stock, "unit": product.unit,
                                           "m": already, "left": max(product.stock - already, 0)})


@retry_on_conflict(Busy)
@transaction.atomic
def cart_set_quantity(*, user: User, line: CartLine, quantity: int) -> CartLine | None:
    """Change a cart line's quantity; zero removes it (and an empty cart goes away)."""
    # The cart row first (lock order: core/conflicts.py): a checkout under way finishes before this looks.
    cart = Cart.objects.select_for_update().filter(pk=line.cart_id).first()
    line = CartLine.objects.select_related("product").filter(pk=line.pk).first() if cart is not None else None
    if line is None:
        raise InvalidInput(_("Keranjang ini sudah diproses menjadi pesanan atau sudah kosong."))
    if cart.buyer_id != user.pk:
        raise NotAllowed()
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise InvalidInput(_("Jumlah harus bilangan bulat, nol untuk menghapus."))
    if quantity:
        _require_within_stock(line.product, quantity)
    before = {"product": line.product_id, "quantity": line.quantity}
    audited = Cart(pk=cart.pk)  # the event names the cart even once it is deleted
    if quantity == 0:
        line.delete()
        if not cart.lines.exists():
            cart.delete()
        line = None
    else:
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    # The audit event last: it takes the chain's lock (core/conflicts.py).
    record_event(actor=user, action="cart.set_quantity", obj=audited, before=before, after={"quantity": quantity})
    return line


@retry_on_conflict(Busy)
def order_checkout(
    *, user: User, cart: Cart | int, idempotency_key: str, rup_code: str, funding_source: str,
    delivery_address: str, requested_date: date, ppk: User, justifications: Mapping[int, str] | None = None,
    umk_justification: str = "", budget_year: int | None = None, now: datetime | None = None,
) -> Order:
    """Turn a cart into an order in negotiation, exactly once per idempotency key.

    A double click or a retry after a timeout sends the same key and gets the same order back; the key is
    bound to its request (checkout_request_hash), so the same key with another cart or other fields is
    refused (KeyReused) instead of answered with the first order.
    Lines snapshot the product (name, price, TKDN, origin) and their DPP and PPN (core.money.line_tax,
    PMK 131/2024); totals are whole rupiah and equal the sum of the lines. A line with an offer in a
    higher tier of Perpres 46/2025 Pasal 66 in the same category needs a written reason, as does a
    supplier that is neither usaha kecil nor koperasi on an order within the reservation of Perpres
    12/2021 Pasal 65 ayat (4) when such offers exist (recorded as a Justification of kind UMK). Above the PP limit
    (Perpres 46/2025, default Rp200 juta) the order must go to the PPK for review.
    The order's fiscal year is the budget year of the RUP line it is charged to (`charged_year`): the
    imported package's year, else `budget_year` as the buyer states it (default the current year).
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise InvalidInput(_("Formulir tidak lengkap; muat ulang halaman lalu kirim kembali."))
    cart_id = cart if isinstance(cart, int) else cart.pk
    request_hash = checkout_request_hash(
        cart_id=cart_id, rup_code=rup_code, funding_source=funding_source, delivery_address=delivery_address,
        requested_date=requested_date, ppk_id=getattr(ppk, "pk", None), justifications=justifications or {},
        umk_justification=umk_justification, budget_year=budget_year)
    existing = order_for_key(user=user, key=key, request_hash=request_hash)
    if existing is not None:
        return existing
    try:
        return _checkout(
            user=user, cart_id=cart_id, key=key, request_hash=request_hash, rup_code=rup_code,
            funding_source=funding_source, delivery_address=delivery_address, requested_date=requested_date,
            ppk=ppk, justifications=dict(justifications or {}), umk_justification=umk_justification,
            budget_year=budget_year, now=now_or(now),
        )
    except IntegrityError:
        # Two submissions with one key raced past the first check: the loser returns the winner's order.
        existing = order_for_key(user=user, key=key, request_hash=request_hash)
        if existing is None:
            raise
        return existing


def checkout_request_hash(*, cart_id, rup_code, funding_source, delivery_address, requested_date, ppk_id,
                          justifications: Mapping, umk_justification, budget_year=None) -> str:
    """SHA-256 of a checkout request as the buyer sent it (text stripped, empty reasons left out), kept
    with the idempotency key: the same key may only ever stand for this request."""
    reasons = {str(pid): (text or "").strip() for pid, text in justifications.items() if (text or "").strip()}
    payload = [
        str(cart_id), (rup_code or "").strip(), (funding_source or "").strip(), (delivery_address or "").strip(),
        requested_date.isoformat() if requested_date else "", str(ppk_id or ""), reasons,
        (umk_justification or "").strip(),
    ]
    if str(budget_year or "").strip():  # left out when not stated, so hashes kept from before stay valid
        payload.append(str(budget_year).strip())
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def order_for_key(*, user, key: str, request_hash: str) -> Order | None:
    """The order an earlier submission with this key made, when this is the same request sent again.
    Someone else's key: NotAllowed (their order is not revealed). Another request: KeyReused."""
    existing = Order.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.buyer_id != user.pk:
        raise NotAllowed()
    if existing.idempotency_request and existing.idempotency_request != request_hash:
        raise KeyReused()
    return existing


@transaction.atomic
def _checkout(*, user, cart_id, key, request_hash, rup_code, funding_source, delivery_address, requested_date, ppk,
              justifications, umk_justification, budget_year, now) -> Order:
    _require_buyer(user)
    # The cart row only, not the supplier row it joins (lock order: core/conflicts.py).
    cart = Cart.objects.select_for_update(of=("self",)).filter(pk=cart_id).select_related("supplier").first()
    if cart is None:
        existing = order_for_key(user=user, key=key, request_hash=request_hash)
        if existing is not None:
            return existing
        raise InvalidInput(_("Keranjang ini sudah diproses menjadi pesanan atau sudah kosong."))
    if cart.buyer_id != user.pk or cart.agency_id != user.agency_id:
        raise NotAllowed()
    supplier = cart.supplier
    cart_lines = list(cart.lines.select_related("product", "product__supplier", "product__category").order_by("pk"))
    if not cart_lines:
        raise InvalidInput(_("Keranjang kosong."))

    rup_code = require_rup_code(rup_code)
    funding_source = require_text(funding_source, _("Isi sumber dana / kode rekening belanja."))
    delivery_address = require_text(delivery_address, _("Isi alamat pengiriman."))
    today = local_date(now)
    if requested_date is None or requested_date < today:
        raise InvalidInput(_("Tanggal diminta tiba tidak boleh sebelum hari ini."))
    if ppk is None or ppk.role != Role.PPK or ppk.agency_id != user.agency_id or not ppk.is_active:
        raise InvalidInput(_("Pilih PPK dari OPD Anda."))
    if ppk.pk == user.pk:
        raise NotAllowed(_("Pemisahan tugas: PP yang menyusun pesanan tidak boleh menjadi PPK-nya."))
    fiscal_year, package = charged_year(user=user, rup_code=rup_code, budget_year=budget_year, today=today)

    for cart_line in cart_lines:
        product = cart_line.product
        if product.supplier_id != supplier.pk:
            raise InvalidInput(_("Satu keranjang hanya untuk satu penyedia."))
        _require_listed(product)
        if cart_line is cart_lines[0]:
            # Every line has this one supplier, so one conflict check (several queries) covers them all.
            _require_unconnected(user, product.supplier)
        if cart_line.quantity < product.min_order:
            raise InvalidInput(_("Pembelian minimal “%(name)s” adalah %(n)s %(unit)s.")
                               % {"name": product.name, "n": product.min_order, "unit": product.unit})
        if cart_line.quantity > product.stock:
            raise InsufficientStock(_("Stok “%(name)s” tinggal %(n)s %(unit)s; kurangi jumlah di keranjang.")
                                    % {"name": product.name, "n": product.stock, "unit": product.unit})

    # PPN per line at the rule in force today (PMK 131/2024); the lines keep it.
    taxes = {cl.pk: cl.product.tax_for(rules.line_subtotal(cl.quantity, cl.product.price), today) for cl in cart_lines}
    t = rules.totals((rules.line_subtotal(cl.quantity, cl.product.price), taxes[cl.pk]) for cl in cart_lines)

    # Domestic products and UMK first: show the alternatives, require a reason to pass them by.
    alternatives = {cl.product_id: offers.domestic_alternatives(cl.product) for cl in cart_lines}
    missing = [pid for pid, alts in alternatives.items() if alts and not (justifications.get(pid) or "").strip()]
    umk_alts = offers.umk_alternatives(supplier=supplier, category_ids={cl.product.category_id for cl in cart_lines},
                                          package_value=rules.package_value(package, t.total))
    umk_missing = bool(umk_alts) and not (umk_justification or "").strip()
    if missing or umk_missing:
        raise JustificationRequired(lines=missing, umk=umk_missing)

    number = new_number(fmt_rule="order_number_format", scope="order", on=today,
                        exists=lambda n: Order.objects.filter(number=n).exists())
    order = Order.objects.create(
        number=number, agency_id=user.agency_id, supplier=supplier, buyer=user, ppk=ppk,
        status=OrderStatus.NEGOTIATION, fiscal_year=fiscal_year, rup_code=rup_code, funding_source=funding_source,
        delivery_address=delivery_address, requested_date=requested_date,
        subtotal=t.subtotal, ppn=t.ppn, total=t.total,
        supplier_scale=supplier.scale, supplier_is_umk=supplier.is_umk, supplier_is_local=supplier.is_local,
        supplier_district_id=supplier.district_id, created_at=now, status_changed_at=now,
        idempotency_key=key, idempotency_request=request_hash,
        method=Method.CATALOGUE, needs_ppk_review=not rules.pp_may_place(t.total),
        response_due_at=deadline_after(now, OrderStatus.NEGOTIATION),
    )
    for cart_line in cart_lines:
        product = cart_line.product
        line = OrderLine(
            order=order, product=product, category_id=product.category_id, name=product.name, unit=product.unit,
            quantity=cart_line.quantity, unit_price=product.price,
            subtotal=rules.line_subtotal(cart_line.quantity, product.price),
            tkdn=product.tkdn, bmp=product.bmp, origin=product.origin, list_price=product.price,
            siinas_registered=product.siinas_registered,
        )
        line.set_tax(taxes[cart_line.pk])
        line.save()
        if alternatives[product.pk]:
            Justification.objects.create(
                order=order, kind=Justification.Kind.DOMESTIC, order_line=line,
                text=justifications[product.pk].strip(), alternatives=[a.as_dict() for a in alternatives[product.pk]],
                written_by=user, written_at=now,
            )
    if umk_alts:
        Justification.objects.create(
            order=order, kind=Justification.Kind.UMK, text=umk_justification.strip(),
            alternatives=[a.as_dict() for a in umk_alts], written_by=user, written_at=now,
        )
    cart.delete()
    record_event(actor=user, action="order.checkout", obj=order, after={
        "status": order.status, "version": order.version, "number": order.number, "total": order.total,
        "ppk": ppk.pk, "justifications": order.justifications.count(), "due": order.response_due_at.isoformat(),
    })
    return order
