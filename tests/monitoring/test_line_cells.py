"""The line-cell summary is kept exact by database triggers, whatever writes the orders."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.conf import settings
from django.db.models import F
from django.test import override_settings

from katalog.monitoring import figures
from katalog.monitoring.models import LineCell
from katalog.monitoring.states import TIER1, TIER2, TIER3, tier_of
from katalog.purchasing.models import Order, OrderLine
from katalog.purchasing.states import OrderStatus

from .scenario import YEAR, build

pytestmark = pytest.mark.django_db


def raw() -> dict:
    """The same sums straight from the lines, tiered in Python: what the cells must always equal."""
    found = {}
    for line in OrderLine.objects.select_related("order"):
        key = (line.order.fiscal_year, line.order.agency_id, line.order.status,
               tier_of(origin=line.origin, tkdn=line.tkdn, bmp=line.bmp))
        goods, lines = found.get(key, (0, 0))
        found[key] = (goods + line.subtotal, lines + 1)
    return found


def cells() -> dict:
    return {(c.fiscal_year, c.agency_id, c.status, c.tier): (c.goods, c.lines)
            for c in LineCell.objects.all() if c.goods or c.lines}


def test_cells_follow_new_orders_and_lines():
    build()
    assert cells() == raw() and cells()


def test_cells_follow_status_changes_by_save_and_by_update():
    s = build()
    a4 = s.orders["a4"]
    a4.status = OrderStatus.SIGNING
    a4.save()
    Order.objects.filter(pk=s.orders["b1"].pk).update(status=OrderStatus.CANCELLED, cancel_kind="pemutusan")
    Order.objects.filter(pk=s.orders["a5"].pk).update(fiscal_year=YEAR, agency=s.b)
    assert cells() == raw()


def test_cells_follow_changed_moved_and_deleted_lines_and_orders():
    s = build()
    line = s.orders["a2"].lines.first()
    OrderLine.objects.filter(pk=line.pk).update(quantity=F("quantity") + 3, subtotal=F("subtotal") + 3 * line.unit_price)
    OrderLine.objects.filter(pk=line.pk).update(tkdn=Decimal("55.50"))
    other = s.orders["a1"].lines.get()
    other.order = s.orders["b1"]
    other.save()
    s.orders["a2"].lines.last().delete()
    s.orders["a3"].delete()
    assert cells() == raw()


def test_bulk_inserts_are_counted_too():
    s = build()
    order = s.orders["a1"]
    product = order.lines.get().product
    OrderLine.objects.bulk_create([
        OrderLine(order=order, product=product, category=product.category, name="x", unit="pcs", quantity=q,
                  unit_price=1_000, subtotal=q * 1_000, tkdn=Decimal("30"), bmp=Decimal("10"), origin="lokal")
        for q in (1, 2, 3)])
    assert cells() == raw()


def test_a_rebuild_gives_the_same_cells():
    build()
    before = cells()
    LineCell.objects.update(goods=0, lines=0)  # as if damaged
    call_command("rebuild_line_cells")
    assert cells() == before == raw()
    assert connection.vendor in ("sqlite", "postgresql")


def test_after_a_threshold_changes_figures_read_the_lines_until_the_cells_are_rebuilt():
    s = build()
    rules = {**settings.KATALOG_RULES, "tkdn_minimum_percent": 35}
    with override_settings(KATALOG_RULES=rules):
        # With a 35% minimum the 30% map (TKDN >= 25% before) falls below it; the 40% book stays in tier 1.
        alpha = next(r for r in figures.agency_rows(YEAR) if r.agency == s.a)
        assert alpha.tiers[TIER2] == 0 and alpha.tiers[TIER1] == 1_000_000 and alpha.tiers[TIER3] == 1_000_000
        call_command("rebuild_line_cells")
        assert cells() == raw()
        assert next(r for r in figures.agency_rows(YEAR) if r.agency == s.a).tiers == alpha.tiers
    call_command("rebuild_line_cells")
    assert cells() == raw()
