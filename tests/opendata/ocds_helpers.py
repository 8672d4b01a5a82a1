"""A small catalogue with orders in every state the OCDS export must handle, driven through the real
purchasing services (plus two status-only orders, as imported or demo data have them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from katalog.catalogue.models import Kbki
from katalog.purchasing import services
from katalog.purchasing.models import Order
from katalog.purchasing.states import OrderStatus
from tests.factories import make_order
from tests.purchasing.helpers import World, accepted, budget, checkout, completed, fresh, make_world, signed


@dataclass
class Scene:
    world: World
    orders: dict[str, Order] = field(default_factory=dict)


def with_kbki(world: World) -> World:
    kbki = Kbki.objects.filter(level__gte=3).order_by("code").first()
    world.category.kbki = kbki
    world.category.save()
    return world


def paid(world: World, order: Order | None = None) -> Order:
    order = completed(world, order)
    bast = order.documents.get(kind="bast")
    return services.payment_record(order=order, user=world.treasurer, expected_version=order.version,
                                   sp2d_number="0123/SP2D/2026", sp2d_date=max(bast.issued_on, timezone.localdate()),
                                   amount=order.total).order


def build_scene() -> Scene:
    world = with_kbki(make_world(price=50_000, ppn_percent=0))
    scene = Scene(world=world)
    o = scene.orders
    o["paid"] = fresh(paid(world))
    o["in_negotiation"] = checkout(world)
    cancelled_early = checkout(world)
    o["cancelled_in_negotiation"] = services.order_cancel(order=cancelled_early, user=world.pp,
                                                          expected_version=cancelled_early.version,
                                                          reason="Anggaran digeser")
    rejected = checkout(world)
    rejected = services.order_place(order=rejected, user=world.pp, expected_version=rejected.version)
    o["rejected_by_supplier"] = services.order_reject(order=rejected, user=world.seller,
                                                      expected_version=rejected.version, reason="Stok habis")
    o["awaiting_supplier"] = services.order_place(order=(x := checkout(world)), user=world.pp,
                                                  expected_version=x.version)
    o["accepted"] = accepted(world)
    amended = signed(world, checkout(world, [(world.product, 10)]))
    budget(amended)  # an adendum that adds value needs budget on the RUP package (Perpres 16/2018 Pasal 54)
    line = amended.lines.get()
    amendment = services.amendment_propose(order=amended, user=world.ppk, expected_version=amended.version,
                                           lines={line.pk: (11, line.unit_price)}, reason="Tambahan peserta rapat")
    amended = fresh(amended)
    services.amendment_decide(order=amended, user=world.seller, expected_version=amended.version,
                              amendment=amendment, agree=True)
    amended = fresh(amended)
    today = timezone.localdate()
    services.delivery_ship(order=amended, user=world.seller, expected_version=amended.version,
                           quantities={line.pk: 5}, shipped_on=today)
    o["amended_partly_delivered"] = fresh(amended)
    halted = signed(world)
    o["halted"] = services.order_halt(order=halted, user=world.ppk, expected_version=halted.version,
                                      reason="Banjir di gudang penyedia")
    outside = completed(world)
    o["paid_outside"] = services.payment_record_outside(order=outside, user=world.treasurer,
                                                        expected_version=outside.version,
                                                        note="Dibayar tunai oleh bendahara pembantu").order
    # Status-only records (imported or demo data): no letters, deliveries, payment row or audit events.
    o["legacy_paid"] = make_order(agency=world.agency, supplier=world.supplier, buyer=world.pp,
                                  lines=[(world.product, 3)], status=OrderStatus.PAID)
    o["legacy_processing"] = make_order(agency=world.agency, supplier=world.supplier, buyer=world.pp,
                                        lines=[(world.product, 1)], status=OrderStatus.PROCESSING)
    o["legacy_cancelled_by_request"] = make_order(agency=world.agency, supplier=world.supplier, buyer=world.pp,
                                                  lines=[(world.product, 1)], status=OrderStatus.CANCELLED,
                                                  cancel_kind="by_request")
    return scene
