import pytest

from katalog.monitoring import figures, impact
from katalog.regions.models import Village
from katalog.suppliers.models import Supplier
from tests.factories import home_district, make_product, make_supplier

from .scenario import YEAR, build

pytestmark = pytest.mark.django_db


def test_spend_lands_in_the_kecamatan_of_the_supplier_at_checkout():
    s = build()
    data = impact.impact_by_district(YEAR, with_funnel=False)
    rows = {r.code: r for r in data.rows}
    home = rows[home_district().code]
    # a1 (UMK, 1.000.000) and b1 (koperasi, 1.000.000); a2 went to Bandar Lampung; a3 cancelled.
    assert (home.realised, home.umk, home.orders, home.suppliers_paid) == (2_000_000, 2_000_000, 2, 2)
    assert data.outside == 2_300_000 and data.total.realised == 2_000_000
    assert data.local_share == figures.percent(2_000_000, 4_300_000)
    assert len(data.rows) == 23 and data.rows[0].code == home_district().code  # every kecamatan, busiest first
    # A business that moves later does not take last year's spend with it.
    Supplier.objects.filter(pk=s.umk_local.pk).update(district=home_district(2))
    assert {r.code: r.realised for r in impact.impact_by_district(YEAR, with_funnel=False).rows}[
        home_district().code] == 2_000_000


def test_active_umkm_are_verified_small_businesses_with_a_listed_product_and_sold_means_a_realised_order():
    s = build()
    make_supplier(scale="kecil")  # verified, nothing listed: not active
    idle = make_supplier(scale="mikro")
    make_product(idle, s.category)  # listed, never sold
    make_product(make_supplier(scale="besar"), s.category)  # not UMK
    rows = {r.code: r for r in impact.impact_by_district(YEAR, with_funnel=False).rows}
    home = rows[home_district().code]
    # UD Lokal Kecil and Koperasi Tani (listed, sold) and the idle micro business.
    assert (home.active_umkm, home.umkm_sold) == (3, 2)


def test_spend_per_kampung_uses_the_suppliers_kampung_and_the_funnel_comes_along():
    s = build()
    village = Village.objects.filter(district=home_district()).order_by("code").first()
    Supplier.objects.filter(pk=s.umk_local.pk).update(village=village)
    data = impact.impact_by_village(YEAR, home_district())
    rows = {r.code: r for r in data.rows}
    assert rows[village.code].realised == 1_000_000
    assert rows[""].realised == 1_000_000  # the koperasi has no kampung recorded
    assert data.total.funnel["registered"] == 2 and data.total.funnel["sold"] == 2
