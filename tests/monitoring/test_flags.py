from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from katalog.catalogue.models import PriceChange
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.monitoring import services
from katalog.monitoring.detectors import detect_flags
from katalog.monitoring.models import Flag
from katalog.purchasing.models import Justification
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user

from .scenario import utc

pytestmark = pytest.mark.django_db
NOW = utc(2025, 6, 30, 5, 0)


@pytest.fixture
def shop():
    agency = make_agency(name="Dinas Uji Integritas")
    return {"agency": agency, "pp": make_user(Role.PP, agency=agency), "supplier": make_supplier(scale="besar"),
            "category": make_category("Alat Tulis Kantor")}


def order(shop, product, quantity=1, *, at, status=OrderStatus.PAID, supplier=None, agency=None):
    return make_order(agency=agency or shop["agency"], supplier=supplier or product.supplier, buyer=shop["pp"],
                      lines=[(product, quantity)], status=status, fiscal_year=at.year, created_at=at,
                      **({"cancel_kind": "by_request"} if status == OrderStatus.CANCELLED else {}))


def flags(kind):
    return list(Flag.objects.filter(kind=kind))


# --- listed and bought the same day ---------------------------------------------------------


def test_a_product_listed_and_bought_the_same_local_day_is_flagged(shop):
    product = make_product(shop["supplier"], shop["category"], name="Map plastik", price=25_000, stock=0,
                           published_at=utc(2025, 5, 10, 2, 0))  # 09:00 WIB
    o = order(shop, product, 40, at=utc(2025, 5, 10, 7, 0))  # 14:00 WIB
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.SAME_DAY)
    assert flag.order == o and flag.product == product and flag.amount == 1_000_000
    assert "Map plastik" in flag.reason and "hari yang sama" in flag.reason and "habis" in flag.reason
    assert {"type": "order", "ref": o.number, "label": f"Pesanan {o.number}"} in flag.evidence


def test_a_product_bought_within_a_day_but_on_the_next_local_day_or_a_cancelled_order_is_not_flagged(shop):
    product = make_product(shop["supplier"], shop["category"], published_at=utc(2025, 5, 9, 16, 0))  # 23:00 WIB
    order(shop, product, at=utc(2025, 5, 10, 1, 0))  # 08:00 WIB the next day
    same_day = make_product(shop["supplier"], shop["category"], published_at=utc(2025, 5, 12, 2, 0))
    order(shop, same_day, at=utc(2025, 5, 12, 3, 0), status=OrderStatus.CANCELLED)
    detect_flags(now=NOW)
    assert flags(Flag.Kind.SAME_DAY) == []


# --- price raised before an order ---------------------------------------------------------------


def _priced(shop, old, new, changed_at):
    product = make_product(shop["supplier"], shop["category"], name="Tinta printer", price=new,
                           published_at=utc(2025, 1, 2))
    PriceChange.objects.create(product=product, old_price=old, new_price=new, changed_at=changed_at)
    return product


def test_a_price_rise_within_the_window_before_an_order_is_flagged_with_the_extra_paid(shop):
    product = _priced(shop, 100_000, 120_000, utc(2025, 5, 5))
    o = order(shop, product, 10, at=utc(2025, 5, 10))
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.PRICE_RISE)
    assert flag.order == o and flag.amount == 200_000
    assert "naik 20,0%" in flag.reason and "Rp100.000" in flag.reason and "Rp120.000" in flag.reason


@pytest.mark.parametrize("old,new,changed", [
    (100_000, 120_000, utc(2025, 4, 20)),  # 20 days before: outside the 14-day window
    (100_000, 102_000, utc(2025, 5, 5)),  # a 2% rise: below the 5% minimum
    (120_000, 100_000, utc(2025, 5, 5)),  # a price cut
    (100_000, 120_000, utc(2025, 5, 11)),  # after the order
])
def test_a_price_change_that_is_old_small_a_cut_or_later_is_not_flagged(shop, old, new, changed):
    order(shop, _priced(shop, old, new, changed), at=utc(2025, 5, 10))
    detect_flags(now=NOW)
    assert flags(Flag.Kind.PRICE_RISE) == []


# --- concentration ----------------------------------------------------------------------------------


def test_one_supplier_taking_most_of_an_opds_spend_is_flagged_with_the_hhi(shop):
    favourite, other = make_supplier(name="CV Langganan"), make_supplier(name="CV Lain")
    a = make_product(favourite, shop["category"], price=20_000_000)
    b = make_product(other, shop["category"], price=20_000_000)
    for day in range(1, 5):
        order(shop, a, at=utc(2025, 2, day * 5))
    order(shop, b, at=utc(2025, 3, 1))
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.CONCENTRATION)
    assert (flag.agency, flag.supplier, flag.fiscal_year, flag.amount) == (shop["agency"], favourite, 2025, 80_000_000)
    # 80% and 20%: HHI = 80² + 20² = 6.800.
    assert "80,0%" in flag.reason and "HHI) 6.800" in flag.reason


def test_spend_spread_over_suppliers_or_too_small_to_judge_is_not_flagged(shop):
    for n in range(4):
        product = make_product(make_supplier(), shop["category"], price=30_000_000)
        order(shop, product, at=utc(2025, 2, n + 1))
        order(shop, product, at=utc(2025, 3, n + 1))
    one_big = make_agency()
    order(shop, make_product(make_supplier(), shop["category"], price=150_000_000), at=utc(2025, 2, 1), agency=one_big)
    for n in range(5):
        order(shop, make_product(make_supplier(), shop["category"], price=5_000_000), at=utc(2025, 2, 2), agency=one_big)
    small_opd = make_agency()
    tiny = make_product(make_supplier(), shop["category"], price=1_000_000)
    for n in range(6):
        order(shop, tiny, at=utc(2025, 2, n + 1), agency=small_opd)
    detect_flags(now=NOW)
    assert flags(Flag.Kind.CONCENTRATION) == []


# --- split orders -------------------------------------------------------------------------------------


def test_orders_split_just_under_the_pp_limit_within_days_are_flagged_together(shop):
    product = make_product(shop["supplier"], shop["category"], name="Laptop", price=80_000_000)
    group = [order(shop, product, at=utc(2025, 4, day)) for day in (1, 4, 9)]
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.SPLIT)
    assert flag.amount == 240_000_000 and flag.order == group[0]
    assert "batas kewenangan PP Rp200.000.000" in flag.reason and "3 kali dalam 8 hari" in flag.reason
    assert [e["ref"] for e in flag.evidence if e["type"] == "order"] == [o.number for o in group]


def test_orders_split_under_the_toko_daring_limit_are_flagged(shop):
    product = make_product(shop["supplier"], shop["category"], price=30_000_000)
    order(shop, product, at=utc(2025, 4, 1))
    order(shop, product, at=utc(2025, 4, 3))
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.SPLIT)
    assert "batas Toko Daring Rp50.000.000" in flag.reason and flag.amount == 60_000_000


def test_orders_far_apart_small_or_to_different_suppliers_are_not_flagged_as_split(shop):
    product = make_product(shop["supplier"], shop["category"], price=80_000_000)
    order(shop, product, at=utc(2025, 1, 2))
    order(shop, product, at=utc(2025, 2, 20))
    order(shop, product, at=utc(2025, 4, 10))
    small = make_product(shop["supplier"], shop["category"], price=10_000_000)  # below 40% of either limit
    for day in (1, 2, 3, 4, 5, 6):
        order(shop, small, at=utc(2025, 5, day))
    other = make_product(make_supplier(), shop["category"], price=80_000_000)
    order(shop, other, at=utc(2025, 4, 11))  # next to the 10 April order, but another supplier
    detect_flags(now=NOW)
    assert flags(Flag.Kind.SPLIT) == []


# --- prices above the SSH or the category median ---------------------------------------------


def test_an_offer_above_the_ssh_ceiling_is_flagged_and_one_below_is_not(shop):
    from katalog.catalogue.references import price_references_import

    admin = make_user(Role.CATALOGUE_MANAGER)
    report = price_references_import(actor=admin, data=b"uraian,satuan,harga\nKertas HVS,rim,50000\n",
                                     filename="ssh.csv", year=2025)
    assert report.errors == []
    dear = make_product(shop["supplier"], shop["category"], name="Kertas HVS A4 70 gram", unit="rim", price=60_000)
    make_product(shop["supplier"], shop["category"], name="Kertas HVS F4 80 gram", unit="rim", price=45_000)
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.ABOVE_SSH)
    assert flag.product == dear and flag.amount == 10_000
    assert "Rp60.000" in flag.reason and "Rp50.000" in flag.reason and "20,0%" in flag.reason


def test_an_offer_far_above_its_category_median_is_flagged(shop):
    prices = [10_000, 11_000, 12_000, 13_000, 50_000]
    products = [make_product(make_supplier(), shop["category"], unit="pcs", price=p) for p in prices]
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.ABOVE_MEDIAN)
    assert flag.product == products[-1] and flag.amount == 38_000
    assert "4,2 kali median" in flag.reason and "Rp12.000" in flag.reason and "5 penawaran" in flag.reason


def test_too_few_offers_to_compare_or_other_units_are_not_flagged_against_the_median(shop):
    for price in (10_000, 11_000, 12_000, 50_000):
        make_product(make_supplier(), shop["category"], unit="pcs", price=price)
    make_product(make_supplier(), shop["category"], unit="lusin", price=500_000)
    detect_flags(now=NOW)
    assert flags(Flag.Kind.ABOVE_MEDIAN) == []


# --- repeated justifications -------------------------------------------------------------------


def _justified(shop, product, at):
    o = order(shop, product, at=at)
    Justification.objects.create(order=o, kind=Justification.Kind.UMK, text="Stok penyedia UMK tidak cukup.",
                                 written_by=shop["pp"])
    return o


def test_repeatedly_justifying_the_same_non_umk_supplier_is_flagged(shop):
    product = make_product(shop["supplier"], shop["category"], price=5_000_000)
    group = [_justified(shop, product, utc(2025, 3, day)) for day in (1, 15, 29)]
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.REPEATED_JUSTIFICATION)
    assert flag.supplier == shop["supplier"] and flag.amount == 15_000_000
    assert all(o.number in flag.reason for o in group) and "3 kali dalam 90 hari" in flag.reason


def test_justifications_too_few_or_too_far_apart_are_not_flagged(shop):
    product = make_product(shop["supplier"], shop["category"], price=5_000_000)
    _justified(shop, product, utc(2024, 9, 1))
    _justified(shop, product, utc(2025, 1, 15))
    _justified(shop, product, utc(2025, 5, 1))
    detect_flags(now=NOW)
    assert flags(Flag.Kind.REPEATED_JUSTIFICATION) == []


# --- running, reviewing ---------------------------------------------------------------------------


def _one_split(shop):
    product = make_product(shop["supplier"], shop["category"], price=30_000_000)
    order(shop, product, at=utc(2025, 4, 1))
    order(shop, product, at=utc(2025, 4, 3))


def test_detecting_again_never_duplicates_a_flag_open_or_reviewed(shop):
    _one_split(shop)
    first = detect_flags(now=NOW)
    assert first.total == 1
    assert detect_flags(now=NOW).total == 0
    services.flag_review(actor=make_user(Role.AUDITOR), flag=Flag.objects.get(), note="Sudah dicek: dua acara.",
                         outcome="dismissed")
    call_command("detect_flags")  # the command, with today's date, also adds nothing
    assert Flag.objects.count() == 1
    assert AuditEvent.objects.filter(action="monitoring.flags_detected").count() == 1


def test_an_auditor_reviews_a_flag_with_a_note_and_the_review_is_audited(shop, client):
    _one_split(shop)
    detect_flags(now=NOW)
    flag = Flag.objects.get()
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(reverse("monitoring:flag_detail", args=[flag.pk])).content.decode()
    assert "Toko Daring" in page and f'href="/pesanan/' in page
    client.post(reverse("monitoring:flag_detail", args=[flag.pk]),
                {"outcome": "dismissed", "note": "Dua kegiatan berbeda; wajar."})
    flag.refresh_from_db()
    assert (flag.status, flag.outcome, flag.reviewed_by, flag.review_note) == (
        Flag.Status.REVIEWED, Flag.Outcome.DISMISSED, auditor, "Dua kegiatan berbeda; wajar.")
    event = AuditEvent.objects.get(action="monitoring.flag_review")
    assert event.object_id == str(flag.pk) and event.actor == auditor


def test_only_an_auditor_may_review_and_a_note_is_required(shop, client):
    _one_split(shop)
    detect_flags(now=NOW)
    flag = Flag.objects.get()
    with pytest.raises(services.MonitoringError):
        services.flag_review(actor=make_user(Role.LEADERSHIP), flag=flag, note="oke", outcome="confirmed")
    with pytest.raises(services.MonitoringError):
        services.flag_review(actor=make_user(Role.AUDITOR), flag=flag, note="  ", outcome="dismissed")
    leader = make_user(Role.LEADERSHIP)
    client.force_login(leader)
    assert client.get(reverse("monitoring:flag_detail", args=[flag.pk])).status_code == 200
    assert client.post(reverse("monitoring:flag_detail", args=[flag.pk]),
                       {"outcome": "confirmed", "note": "x"}).status_code == 404
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_no_price_flag_compares_different_pack_sizes(shop):
    rice = make_category("Beras")
    for price in (70_000, 72_000, 74_000, 75_000, 76_000):
        make_product(make_supplier(), rice, name="Beras Medium 5 kg", unit="karung", price=price)
    # A 25 kg sack costs about five 5 kg sacks: compared per sack with them it would look 4-5 times dearer.
    for price in (330_000, 340_000, 350_000, 355_000, 360_000):
        make_product(make_supplier(), rice, name="Beras Premium 25 kg", unit="karung", price=price)
    tissue = make_category("Tisu")
    for price in (3_000, 3_500, 4_000, 4_000, 4_500):
        make_product(make_supplier(), tissue, name="Tisu Saku", unit="pcs", price=price)
    for price in (30_000, 32_000, 35_000, 36_000, 38_000):
        make_product(make_supplier(), tissue, name="Tisu Saku isi 10", unit="pak", price=price)
    benches = make_category("Bangku")
    for price in (400_000, 420_000, 450_000, 460_000, 480_000):
        make_product(make_supplier(), benches, name="Bangku Panjang Kayu 120 cm", unit="unit", price=price)
    make_product(make_supplier(), benches, name="Bangku Panjang Kayu 300 cm", unit="unit", price=1_500_000)
    detect_flags(now=NOW)
    assert flags(Flag.Kind.ABOVE_MEDIAN) == []


def test_a_sack_far_above_the_median_of_the_same_sack_is_flagged_per_kg(shop):
    rice = make_category("Beras")
    for price in (300_000, 310_000, 320_000, 330_000):
        make_product(make_supplier(), rice, name="Beras Premium 25 kg", unit="karung", price=price)
    dear = make_product(make_supplier(), rice, name="Beras Premium 25kg", unit="karung", price=1_000_000)
    make_product(make_supplier(), rice, name="Beras Medium 5 kg", unit="karung", price=60_000)
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.ABOVE_MEDIAN)
    assert flag.product == dear and flag.amount == 680_000
    assert "per karung (25 kg)" in flag.reason and "Rp40.000 dibanding Rp12.800 per kg" in flag.reason


def test_orders_of_one_need_split_across_suppliers_within_the_window_are_flagged(shop):
    laptops = make_category("Laptop")
    a = make_product(make_supplier(name="CV Satu"), laptops, price=90_000_000)
    b = make_product(make_supplier(name="CV Dua"), laptops, price=85_000_000)
    c = make_product(make_supplier(name="CV Tiga"), laptops, price=95_000_000)
    chairs = make_product(make_supplier(name="CV Kursi"), make_category("Kursi"), price=90_000_000)
    group = [order(shop, a, at=utc(2025, 4, 1)), order(shop, b, at=utc(2025, 4, 15)), order(shop, c, at=utc(2025, 4, 29))]
    order(shop, chairs, at=utc(2025, 4, 2))  # another need: never joins the laptops
    detect_flags(now=NOW)
    [flag] = flags(Flag.Kind.SPLIT)
    assert flag.amount == 270_000_000 and flag.supplier is None and flag.order == group[0]
    assert "“Laptop” 3 kali dalam 28 hari dari 3 penyedia" in flag.reason
    assert {e["label"] for e in flag.evidence if e["type"] == "supplier"} == {"CV Satu", "CV Dua", "CV Tiga"}


def test_orders_of_one_category_further_apart_than_the_window_are_not_split(shop, settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "flag_split_days": 10}
    laptops = make_category("Laptop")
    order(shop, make_product(make_supplier(), laptops, price=90_000_000), at=utc(2025, 4, 1))
    order(shop, make_product(make_supplier(), laptops, price=90_000_000), at=utc(2025, 4, 15))
    order(shop, make_product(make_supplier(), laptops, price=90_000_000), at=utc(2025, 4, 29))
    detect_flags(now=NOW)
    assert flags(Flag.Kind.SPLIT) == []


def test_an_auditor_reviews_several_flags_at_once_with_an_outcome(shop, client):
    laptops, desks = make_category("Laptop"), make_category("Meja")
    for category in (laptops, desks):
        product = make_product(make_supplier(), category, price=30_000_000)
        order(shop, product, at=utc(2025, 4, 1))
        order(shop, product, at=utc(2025, 4, 3))
    detect_flags(now=NOW)
    first, second = Flag.objects.order_by("pk")
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    listing = client.get(reverse("monitoring:flags"), {"opd": shop["agency"].pk, "jenis": "split"}).content.decode()
    assert f'value="{first.pk}"' in listing and f'value="{second.pk}"' in listing
    response = client.post(reverse("monitoring:flags_review"), {
        "tanda": [first.pk, second.pk], "outcome": "dismissed", "note": "Dua kegiatan berbeda, masing-masing wajar."})
    assert response.status_code == 302
    assert set(Flag.objects.values_list("status", "outcome")) == {(Flag.Status.REVIEWED, Flag.Outcome.DISMISSED)}
    assert AuditEvent.objects.filter(action="monitoring.flag_review").count() == 2
    dismissed = client.get(reverse("monitoring:flags"), {"hasil": "dismissed"}).content.decode()
    assert "Tidak terbukti" in dismissed and f'data-flag="{first.pk}"' in dismissed
    assert f'data-flag="{first.pk}"' not in client.get(reverse("monitoring:flags")).content.decode()


def test_a_review_without_an_outcome_or_of_a_flag_already_reviewed_saves_nothing(shop):
    _one_split(shop)
    laptops = make_category("Laptop")
    product = make_product(make_supplier(), laptops, price=30_000_000)
    order(shop, product, at=utc(2025, 4, 1))
    order(shop, product, at=utc(2025, 4, 3))
    detect_flags(now=NOW)
    first, second = Flag.objects.order_by("pk")
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(services.MonitoringError):
        services.flags_review(actor=auditor, flags=[first], note="x", outcome="")
    services.flag_review(actor=auditor, flag=first, note="Diteruskan.", outcome="referred")
    with pytest.raises(services.MonitoringError):
        services.flags_review(actor=auditor, flags=[first, second], note="Terbukti.", outcome="confirmed")
    second.refresh_from_db()
    assert second.status == Flag.Status.OPEN and second.outcome == ""


def test_tick_detects_flags_once_per_interval(shop):
    _one_split(shop)
    call_command("tick", now=NOW.isoformat(), quiet=True)
    assert Flag.objects.count() == 1
    laptops = make_category("Laptop")
    product = make_product(make_supplier(), laptops, price=30_000_000)
    order(shop, product, at=utc(2025, 4, 1))
    order(shop, product, at=utc(2025, 4, 3))
    call_command("tick", now=(NOW + timedelta(minutes=10)).isoformat(), quiet=True)
    assert Flag.objects.count() == 1  # too soon after the last run
    call_command("tick", now=(NOW + timedelta(minutes=61)).isoformat(), quiet=True)
    assert Flag.objects.count() == 2
