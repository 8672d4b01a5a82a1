import pytest
from django.urls import reverse

from katalog.core.roles import Role
from katalog.monitoring import demand, services
from katalog.monitoring.models import Potential, RupPackage
from katalog.purchasing.states import OrderStatus
from katalog.regions.models import District
from tests.factories import PASSWORD, home_district, make_agency, make_category, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def market():
    agency = make_agency()
    pp = make_user(Role.PP, agency=agency)
    outside = District.objects.get(code="18.71.01")
    food = make_category("Makanan")
    snacks = make_category("Keripik", parent=food)
    furniture = make_category("Mebel")
    atk = make_category("Alat Tulis")
    uniforms = make_category("Seragam")
    # Keripik: only a supplier from Bandar Lampung sells it.
    far = make_supplier(scale="kecil", district=outside)
    chips = make_product(far, snacks, price=20_000)
    # Mebel: a local business sells it, but a large one.
    big_local = make_supplier(scale="besar")
    chair = make_product(big_local, furniture, price=500_000)
    # ATK: a local micro business sells it: no gap.
    micro = make_supplier(scale="mikro")
    paper = make_product(micro, atk, price=50_000)
    make_order(agency=agency, supplier=far, buyer=pp, lines=[(chips, 100)], status=OrderStatus.PAID, fiscal_year=YEAR)
    make_order(agency=agency, supplier=big_local, buyer=pp, lines=[(chair, 4)], status=OrderStatus.PAID, fiscal_year=YEAR)
    make_order(agency=agency, supplier=micro, buyer=pp, lines=[(paper, 10)], status=OrderStatus.PAID, fiscal_year=YEAR)
    # Cancelled spend is not demand.
    make_order(agency=agency, supplier=far, buyer=pp, lines=[(chips, 999)], status=OrderStatus.CANCELLED,
               cancel_kind="by_request", fiscal_year=YEAR)
    # Seragam: only planned in the RUP, nobody sells it.
    RupPackage.objects.create(year=YEAR, rup_code="1", agency=agency, name="Seragam", pagu=7_000_000, category=uniforms)
    return {"snacks": snacks, "food": food, "furniture": furniture, "atk": atk, "uniforms": uniforms}


def test_categories_without_local_supply_or_without_local_umkm_are_listed_with_the_money_at_stake(market):
    rows = {r.category.name: r for r in demand.demand_without_local_supply(YEAR)}
    assert set(rows) == {"Keripik", "Mebel", "Seragam"}
    assert (rows["Keripik"].gap, rows["Keripik"].spent, rows["Keripik"].at_stake) == (demand.NO_LOCAL, 2_000_000, 2_000_000)
    assert (rows["Mebel"].gap, rows["Mebel"].local_suppliers, rows["Mebel"].spent) == (demand.NO_LOCAL_UMKM, 1, 2_000_000)
    assert (rows["Seragam"].planned, rows["Seragam"].spent) == (7_000_000, 0)
    assert [r.category.name for r in demand.demand_without_local_supply(YEAR)][0] == "Seragam"  # largest first
    assert rows["Keripik"].path == "Makanan › Keripik"


def test_a_potential_tagged_on_a_parent_category_shows_where_to_develop_the_business(market):
    officer = make_user(Role.UMKM_OFFICER)
    services.potential_add(actor=officer, district=home_district(5), category=market["food"],
                           kind=Potential.Kind.RAW_MATERIAL, description="Kebun pisang rakyat")
    services.potential_add(actor=officer, district=home_district(6), category=market["atk"],
                           kind=Potential.Kind.SKILL, description="Percetakan")
    found = demand.where_to_develop(demand.demand_without_local_supply(YEAR))
    assert [(o.district.code, o.potential.description, o.row.category.name) for o in found] == [
        (home_district(5).code, "Kebun pisang rakyat", "Keripik")]


def test_a_potential_outside_the_kabupaten_or_twice_is_refused(market):
    officer = make_user(Role.UMKM_OFFICER)
    with pytest.raises(services.MonitoringError):
        services.potential_add(actor=officer, district=District.objects.get(code="18.71.01"),
                               category=market["food"], kind=Potential.Kind.SKILL, description="x")
    services.potential_add(actor=officer, district=home_district(2), category=market["food"],
                           kind=Potential.Kind.SKILL, description="Penggorengan")
    with pytest.raises(services.MonitoringError):
        services.potential_add(actor=officer, district=home_district(2), category=market["food"],
                               kind=Potential.Kind.SKILL, description="Penggorengan")


def test_a_package_on_a_parent_category_is_met_by_local_umkm_selling_in_a_child_category():
    agency = make_agency()
    computers = make_category("Komputer")
    laptops = make_category("Laptop", parent=computers)
    uniforms = make_category("Pakaian Dinas dan Seragam")
    shirts = make_category("Kemeja Dinas", parent=uniforms)
    make_product(make_supplier(scale="kecil"), laptops, name="Laptop 14 inch", unit="unit", price=8_000_000)
    # Only a large local business and a supplier outside sell uniforms: the parent package is a real gap.
    make_product(make_supplier(scale="besar"), shirts, name="Kemeja PDH", unit="pcs", price=150_000)
    RupPackage.objects.create(year=YEAR, rup_code="11", agency=agency, name="Belanja komputer", pagu=90_000_000,
                              category=computers)
    RupPackage.objects.create(year=YEAR, rup_code="12", agency=agency, name="Seragam dinas", pagu=40_000_000,
                              category=uniforms)
    RupPackage.objects.create(year=YEAR, rup_code="13", agency=agency, name="Pengadaan kendaraan dinas",
                              pagu=650_000_000)
    rows = {r.category.name: r for r in demand.demand_without_local_supply(YEAR)}
    assert set(rows) == {"Pakaian Dinas dan Seragam"}
    assert (rows["Pakaian Dinas dan Seragam"].planned, rows["Pakaian Dinas dan Seragam"].gap) == (
        40_000_000, demand.NO_LOCAL_UMKM)
    loose = demand.uncategorised(YEAR)
    assert [p.rup_code for p in loose.packages] == ["13"] and loose.total == 650_000_000


def test_spend_with_a_local_alternative_is_leakage_not_demand_and_a_different_unit_is_no_alternative():
    agency = make_agency()
    pp = make_user(Role.PP, agency=agency)
    palm = make_category("Gula Aren")
    outside = make_supplier(scale="menengah", district=District.objects.get(code="18.71.01"))
    make_product(make_supplier(scale="mikro"), palm, name="Gula Aren Cetak 1 kg", unit="kg", price=30_000)
    solid = make_product(outside, palm, name="Gula Aren 1 kg", unit="kg", price=40_000)
    syrup = make_product(outside, palm, name="Sirup Gula Aren 500 ml", unit="botol", price=35_000)
    make_order(agency=agency, supplier=outside, buyer=pp, lines=[(solid, 10), (syrup, 4)], status=OrderStatus.PAID,
               fiscal_year=YEAR)
    rows = demand.demand_without_local_supply(YEAR)
    assert [(r.category.name, r.spent, r.gap, r.local_umkm) for r in rows] == [
        ("Gula Aren", 140_000, demand.NO_COMPARABLE, 1)]


def test_the_page_lists_uncategorised_packages(client):
    agency = make_agency(name="Dinas Perhubungan")
    RupPackage.objects.create(year=YEAR, rup_code="77", agency=agency, name="Pengadaan kendaraan dinas",
                              pagu=650_000_000)
    make_user(Role.LEADERSHIP, username="bappeda")
    client.login(username="bappeda", password=PASSWORD)
    page = client.get(reverse("monitoring:demand"), {"tahun": YEAR}).content.decode()
    assert "Pengadaan kendaraan dinas" in page and "Rp650.000.000" in page and "belum punya kategori" in page
