import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.monitoring import figures, impact
from katalog.regions.models import Village
from katalog.suppliers.models import Supplier
from tests.factories import home_district, make_product, make_supplier, make_user

from .pages import figure
from .scenario import YEAR, build, utc

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
    Product.objects.update(published_at=utc(2025, 1, 10))  # all listed during the fiscal year looked at
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
    # The readiness funnel is today's state: it comes along on the current year only, never on a past one.
    assert data.stages == () and data.total.funnel["registered"] == 0
    this_year = impact.impact_by_village(timezone.localdate().year, home_district())
    assert this_year.total.funnel["registered"] == 2 and this_year.total.funnel["sold"] == 2


def test_a_past_year_counts_the_umkm_active_that_year_not_today(client):
    s = build()
    this_year = timezone.localdate().year
    Product.objects.update(published_at=utc(2025, 1, 10))
    # Listed only from this year on: active now, not in 2025.
    newcomer = make_supplier(scale="mikro", name="UD Baru Tayang")
    make_product(newcomer, s.category, published_at=timezone.now())
    # Listed in 2025, taken down in July 2025: active in 2025, not now.
    gone = make_supplier(scale="kecil", name="UD Sudah Berhenti")
    make_product(gone, s.category, status=Product.Status.INACTIVE, published_at=utc(2025, 2, 1),
                 status_changed_at=utc(2025, 7, 1))
    # Listed in 2024, taken down in 2024: active in neither.
    make_product(make_supplier(scale="mikro"), s.category, status=Product.Status.INACTIVE,
                 published_at=utc(2024, 2, 1), status_changed_at=utc(2024, 7, 1))
    home = home_district().code
    past = {r.code: r for r in impact.impact_by_district(YEAR, with_funnel=False).rows}[home]
    now = {r.code: r for r in impact.impact_by_district(this_year, with_funnel=False).rows}[home]
    # 2025: UD Lokal Kecil and Koperasi Tani (both sold in 2025) and UD Sudah Berhenti.
    assert (past.active_umkm, past.umkm_sold) == (3, 2)
    # Today: the two from the scenario (nothing sold this year) and UD Baru Tayang.
    assert (now.active_umkm, now.umkm_sold) == (3, 0)
    client.force_login(make_user(Role.UMKM_OFFICER))
    page = client.get(reverse("monitoring:impact"), {"tahun": YEAR}).content.decode()
    assert figure(page, "active_umkm") == "3" and "Terdaftar" not in page
    assert "hanya ditampilkan untuk tahun berjalan" in page
    current = client.get(reverse("monitoring:impact"), {"tahun": this_year}).content.decode()
    assert figure(current, "active_umkm") == "3" and "Terdaftar" in current
