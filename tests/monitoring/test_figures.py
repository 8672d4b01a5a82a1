from decimal import Decimal

import pytest
from django.test import override_settings

from katalog.monitoring import figures
from katalog.monitoring.models import Target
from katalog.monitoring.states import TIER1, TIER2, TIER3, TIER_IMPORT, Rag, percent, rag, tier_of
from katalog.suppliers.models import Supplier

from .scenario import YEAR, build

pytestmark = pytest.mark.django_db


def _row(rows, agency):
    return next(r for r in rows if r.agency.pk == agency.pk)


def test_realised_spend_counts_committed_orders_of_the_year_at_their_total_including_ppn_and_shipping():
    s = build()
    a = _row(figures.agency_rows(YEAR), s.a)
    # a1 1.000.000 + a2 2.300.000; a3 cancelled, a4 in negotiation and a5 of 2024 do not count.
    assert a.realised == 3_300_000
    assert a.orders == 2


def test_partly_delivered_order_counts_at_its_committed_contract_value():
    s = build()
    a2 = s.orders["a2"]
    assert a2.deliveries.count() == 1  # one of two map lines shipped, nothing of the printers
    behind = figures.orders_behind(year=YEAR, measure="realised", agency_id=s.a.pk)
    assert {o.number: o.counted for o in behind}[a2.number] == 2_300_000


def test_cancelled_orders_never_count_anywhere():
    s = build()
    a3 = s.orders["a3"]
    for measure in figures.MEASURES:
        assert a3.number not in {o.number for o in figures.orders_behind(year=YEAR, measure=measure)}


def test_umk_and_local_shares_per_opd_use_the_checkout_snapshot():
    s = build()
    # The business grows after the sale: last year's figures must not change.
    Supplier.objects.filter(pk=s.umk_local.pk).update(scale="besar", regency_id="18.71")
    rows = figures.agency_rows(YEAR)
    a, b = _row(rows, s.a), _row(rows, s.b)
    assert (a.umk, a.local) == (1_000_000, 1_000_000)
    assert a.umk_share == Decimal("30.3") and a.local_share == Decimal("30.3")
    # A koperasi counts toward the 40% whatever its scale.
    assert (b.umk, b.umk_share, b.local_share) == (1_000_000, Decimal("100.0"), Decimal("100.0"))


def test_domestic_share_and_tkdn_tiers_are_on_goods_value_before_ppn_and_shipping():
    s = build()
    a = _row(figures.agency_rows(YEAR), s.a)
    assert a.goods == 3_000_000
    assert a.tiers == {TIER1: 1_000_000, TIER2: 1_000_000, TIER3: 0, TIER_IMPORT: 1_000_000}
    assert a.domestic == 2_000_000
    assert a.domestic_share == Decimal("66.7")
    b = _row(figures.agency_rows(YEAR), s.b)
    assert b.tiers[TIER3] == 1_000_000 and b.domestic_share == Decimal("100.0")


def test_planned_spend_comes_from_rup_packages_of_the_year():
    s = build()
    rows = figures.agency_rows(YEAR)
    b, c = _row(rows, s.b), _row(rows, s.c)
    assert (b.planned, b.planned_umk, b.planned_pdn, b.packages) == (8_000_000, 5_000_000, 5_000_000, 2)
    assert b.realisation_share == Decimal("12.5")
    assert (c.planned, c.realised, c.umk_share) == (2_000_000, 0, None)


def test_opds_are_ranked_by_umk_share_and_those_without_spend_come_last_unranked():
    s = build()
    rows = figures.agency_rows(YEAR)
    assert [(r.agency.short_name, r.rank) for r in rows] == [("Beta", 1), ("Alpha", 2), ("Gamma", None)]


def test_red_amber_green_against_the_default_targets():
    s = build()
    rows = figures.agency_rows(YEAR)
    a, b, c = _row(rows, s.a), _row(rows, s.b), _row(rows, s.c)
    # UMK 30,3% against 40% with a 10-point amber band; local 30,3% against 50%; domestic 66,7% against 95%.
    assert (a.rag_umk, a.rag_local, a.rag_domestic) == (Rag.AMBER, Rag.RED, Rag.RED)
    assert (b.rag_umk, b.rag_local, b.rag_domestic) == (Rag.GREEN, Rag.GREEN, Rag.GREEN)
    assert c.rag_umk == Rag.NONE


def test_a_target_row_for_the_year_replaces_the_settings_defaults():
    s = build()
    Target.objects.create(year=YEAR, umk_percent=30, domestic_percent=60, local_percent=30)
    a = _row(figures.agency_rows(YEAR), s.a)
    assert (a.rag_umk, a.rag_local, a.rag_domestic) == (Rag.GREEN, Rag.GREEN, Rag.GREEN)


@override_settings(KATALOG_RULES={**__import__("django.conf").conf.settings.KATALOG_RULES,
                                  "monitoring_amber_margin_percent": 5})
def test_the_amber_band_is_a_setting():
    s = build()
    assert _row(figures.agency_rows(YEAR), s.a).rag_umk == Rag.RED


def test_kabupaten_totals_are_the_sum_of_the_opds():
    build()
    board = figures.dashboard(YEAR)
    t = board.total
    assert (t.realised, t.orders, t.umk, t.local, t.goods, t.planned) == (
        4_300_000, 3, 2_000_000, 2_000_000, 4_000_000, 10_000_000)
    assert (t.umk_share, t.local_share, t.domestic_share) == (Decimal("46.5"), Decimal("46.5"), Decimal("75.0"))
    assert t.rag_umk == Rag.GREEN
    assert board.rag_counts == {Rag.GREEN: 1, Rag.AMBER: 1, Rag.RED: 0, Rag.NONE: 1}


def test_monthly_trend_uses_the_local_month_of_checkout():
    s = build()
    months = {m.month: m for m in figures.monthly_trend(YEAR)}
    assert len(months) == 12
    # a1 was checked out at 20:00 UTC on 31 March: 1 April in Lampung (WIB).
    assert (months[3].realised, months[4].realised, months[4].umk) == (0, 1_000_000, 1_000_000)
    assert (months[5].realised, months[5].umk, months[5].orders) == (3_300_000, 1_000_000, 2)
    only_a = {m.month: m.realised for m in figures.monthly_trend(YEAR, agency_id=s.a.pk)}
    assert only_a[5] == 2_300_000


@pytest.mark.parametrize("measure,attribute", [
    ("realised", "realised"), ("umk", "umk"), ("local", "local"), ("goods", "goods"), ("domestic", "domestic"),
])
def test_drill_down_lists_exactly_the_orders_behind_each_figure(measure, attribute):
    s = build()
    for row in figures.agency_rows(YEAR):
        behind = figures.orders_behind(year=YEAR, measure=measure, agency_id=row.agency.pk)
        assert sum(o.counted for o in behind) == getattr(row, attribute), (measure, row.agency)


def test_drill_down_by_tier_month_and_supplier_kecamatan():
    s = build()
    a = _row(figures.agency_rows(YEAR), s.a)
    for tier in (TIER1, TIER2, TIER3, TIER_IMPORT):
        behind = figures.orders_behind(year=YEAR, measure=tier, agency_id=s.a.pk)
        assert sum(o.counted for o in behind) == a.tiers[tier]
    imports = figures.orders_behind(year=YEAR, measure=TIER_IMPORT)
    assert [o.number for o in imports] == [s.orders["a2"].number]
    may = figures.orders_behind(year=YEAR, measure="realised", month=5)
    assert sorted(o.number for o in may) == sorted([s.orders["a2"].number, s.orders["b1"].number])
    in_district = figures.orders_behind(year=YEAR, measure="realised", district=s.umk_local.district_id)
    assert sum(o.counted for o in in_district) == 2_000_000  # a1 and b1: both suppliers in kecamatan 01


def test_non_umk_and_non_local_complete_the_totals():
    s = build()
    total = figures.dashboard(YEAR).total
    non_umk = sum(o.counted for o in figures.orders_behind(year=YEAR, measure="non_umk"))
    non_local = sum(o.counted for o in figures.orders_behind(year=YEAR, measure="non_local"))
    assert non_umk + total.umk == total.realised
    assert non_local + total.local == total.realised


def test_drill_down_by_category_only_for_goods_measures():
    s = build()
    behind = figures.orders_behind(year=YEAR, measure="goods", category_id=s.category.pk)
    assert sum(o.counted for o in behind) == 4_000_000
    with pytest.raises(KeyError):
        figures.orders_behind(year=YEAR, measure="umk", category_id=s.category.pk)


def test_percent_and_rag_are_exact_at_the_boundary():
    assert percent(2, 3) == Decimal("66.7") and percent(1, 8) == Decimal("12.5") and percent(1, 0) is None
    # 39,96% rounds to 40,0% on screen but does not meet a 40% target.
    assert percent(3996, 10000) == Decimal("40.0")
    assert rag(3996, 10000, 40, 10) == Rag.AMBER
    assert rag(4000, 10000, 40, 10) == Rag.GREEN
    assert rag(2999, 10000, 40, 10) == Rag.RED
    assert rag(0, 0, 40, 10) == Rag.NONE


def test_tier_of_follows_perpres_46_2025_priority():
    assert tier_of(origin="lokal", tkdn=25, bmp=15) == TIER1
    assert tier_of(origin="lokal", tkdn=25, bmp=14.99) == TIER2
    assert tier_of(origin="lokal", tkdn=24.99, bmp=15) == TIER3
    assert tier_of(origin="impor", tkdn=60, bmp=0) == TIER_IMPORT


def test_sql_tiers_agree_with_the_python_rule_for_every_line():
    build()
    from katalog.purchasing.models import OrderLine

    for key in (TIER1, TIER2, TIER3, TIER_IMPORT):
        in_sql = set(OrderLine.objects.filter(figures.tier_q(key)).values_list("pk", flat=True))
        in_python = {l.pk for l in OrderLine.objects.all() if tier_of(origin=l.origin, tkdn=l.tkdn, bmp=l.bmp) == key}
        assert in_sql == in_python, key
