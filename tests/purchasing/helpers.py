"""Builders for purchasing tests: one OPD with its officers, a verified supplier with its account,
products, and shortcuts that drive an order through the real services."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.models import Order
from tests.factories import make_agency, make_category, make_product, make_supplier, make_user

_seq = itertools.count(1)


@dataclass
class World:
    agency: object
    pp: object
    ppk: object
    treasurer: object
    supplier: object
    seller: object  # the supplier's account
    category: object
    product: object


def make_world(*, price: int = 50_000, stock: int = 100, ppn_percent: int = 0, scale: str = "mikro",
               tkdn: Decimal | None = Decimal("60.00"), origin: str = "lokal") -> World:
    agency = make_agency(address="Jl. Jenderal Sudirman No. 1, Kotabumi")
    # Only a PKP charges PPN: a world whose product carries PPN has a PKP supplier.
    supplier = make_supplier(scale=scale, address="Jl. Raden Intan No. 5, Kotabumi", is_pkp=bool(ppn_percent))
    category = make_category("Alat Tulis Kantor")
    return World(
        agency=agency,
        pp=make_user(Role.PP, agency=agency, full_name="Rina Pengadaan", nip="198501012010012001"),
        ppk=make_user(Role.PPK, agency=agency, full_name="Budi Komitmen", nip="197703032005011002"),
        treasurer=make_user(Role.TREASURER, agency=agency, full_name="Sari Bendahara"),
        supplier=supplier,
        seller=make_user(Role.SUPPLIER, supplier=supplier, full_name="Pak Penyedia"),
        category=category,
        product=make_product(supplier, category, name="Kertas HVS A4 70 gram", unit="rim", price=price, stock=stock,
                             ppn_percent=ppn_percent, tkdn=tkdn, origin=origin),
    )


def key() -> str:
    return uuid.uuid4().hex


def checkout(world: World, lines=None, *, user=None, now: datetime | None = None, **fields) -> Order:
    user = user or world.pp
    if lines is None:
        lines = [(world.product, 2)]
    for product, quantity in lines:
        services.cart_add_product(user=user, product=product, quantity=quantity)
    cart = user.carts.get(supplier=lines[0][0].supplier if lines else world.supplier)
    fields.setdefault("idempotency_key", key())
    fields.setdefault("rup_code", "40123456")
    fields.setdefault("funding_source", "5.1.02.01.01.0024 Belanja Alat Tulis Kantor")
    fields.setdefault("delivery_address", world.agency.address)
    fields.setdefault("requested_date", (now or timezone.now()).date() + timedelta(days=14))
    fields.setdefault("ppk", world.ppk)
    return services.order_checkout(user=user, cart=cart, now=now, **fields)


def fresh(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)


def accepted(world: World, order: Order | None = None, *, now=None) -> Order:
    order = order or checkout(world, now=now)
    order = services.order_place(order=order, user=world.pp, expected_version=order.version, now=now)
    return services.order_accept(order=order, user=world.seller, expected_version=order.version, now=now)


def signed(world: World, order: Order | None = None) -> Order:
    order = accepted(world, order)
    order = services.order_sign_surat_pesanan(order=order, user=world.seller, expected_version=order.version)
    return services.order_sign_surat_pesanan(order=order, user=world.ppk, expected_version=order.version)


def delivered_and_checked(world: World, order: Order | None = None) -> Order:
    order = signed(world, order)
    today = timezone.localdate()
    delivery = services.delivery_ship(order=order, user=world.seller, expected_version=order.version,
                                      quantities={l.pk: l.quantity for l in order.lines.all()}, shipped_on=today)
    order = fresh(order)
    services.delivery_receive(order=order, user=world.pp, expected_version=order.version, delivery=delivery,
                              received_on=today)
    order = fresh(order)
    services.goods_check(order=order, user=world.ppk, expected_version=order.version, note="Sesuai pesanan, baik.")
    return fresh(order)


def completed(world: World, order: Order | None = None) -> Order:
    order = delivered_and_checked(world, order)
    order = services.bast_sign(order=order, user=world.seller, expected_version=order.version)
    return services.bast_sign(order=order, user=world.ppk, expected_version=order.version)


def at(year, month, day, hour=10, minute=0) -> datetime:
    """An aware moment in the installation's time zone (WIB)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def budget(order: Order, pagu: int = 10_000_000_000):
    """The SiRUP package the order is charged to, with its pagu (what an adendum's budget check reads)."""
    from katalog.monitoring.models import RupPackage

    return RupPackage.objects.create(year=order.fiscal_year, rup_code=order.rup_code, agency=order.agency,
                                     name="Paket uji", pagu=pagu)
