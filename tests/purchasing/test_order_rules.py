"""The rules that decide an order's money and its choices, checked against the regulations:
PPN (PMK 131/2024), domestic priority (Perpres 46/2025 Pasal 66), the reservation for small business
(Perpres 12/2021 Pasal 65), adendum (Perpres 16/2018 Pasal 54), the PP limit after negotiation, letters."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from katalog.catalogue.errors import InvalidInput as CatalogueInvalidInput
from katalog.catalogue.forms import ProductForm
from katalog.catalogue.importing import import_products
from katalog.catalogue.models import Product
from katalog.catalogue import services as catalogue_services
from katalog.core.roles import Role
from katalog.purchasing import documents, offers, rules, services
from katalog.purchasing.errors import InvalidInput, JustificationRequired
from katalog.purchasing.models import Amendment, Justification, OrderDocument
from katalog.purchasing.states import OrderStatus
from tests.factories import make_category, make_product, make_supplier, make_user
from tests.opendata.api_helpers import get, post, token_for
from tests.purchasing.helpers import (
    accepted, at, budget, checkout, delivered_and_checked, fresh, make_world, signed,
)
from tests.purchasing.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def _rules(**changes):
    return override_settings(KATALOG_RULES={**settings.KATALOG_RULES, **changes})


# --- PPN (PMK 131/2024) ------------------------------------------------------------------


def test_a_one_million_line_from_a_pkp_supplier_carries_110_000_ppn_in_cart_order_letter_api_and_page(client):
    w = make_world(price=1_000_000, ppn_percent=12)
    services.cart_add_product(user=w.pp, product=w.product, quantity=1)
    review = offers.checkout_review(w.pp.carts.get())
    assert (review.dpp, review.ppn, review.total) == (916_667, 110_000, 1_110_000)
    w.pp.carts.all().delete()

    order = checkout(w, [(w.product, 1)])
    line = order.lines.get()
    assert (line.dpp, line.ppn, order.ppn, order.total) == (916_667, 110_000, 110_000, 1_110_000)

    order = accepted(w, order)
    sp = order.documents.get(kind=OrderDocument.Kind.SURAT_PESANAN)
    assert (sp.data["lines"][0]["dpp"], sp.data["lines"][0]["ppn"], sp.data["ppn"]) == (916_667, 110_000, 110_000)
    assert "Rp1.000.000 Rp916.667 Rp110.000" in pdf_text(documents.render(sp).pdf)

    body = get(client, f"/api/v1/orders/{order.number}", token_for(w.pp)).json()
    assert (body["ppn"], body["lines"][0]["dpp"], body["lines"][0]["ppn"]) == (110_000, 916_667, 110_000)

    html = client.get(reverse("catalogue:product_detail", args=[w.product.pk])).content.decode()
    assert "belum termasuk PPN Rp110.000" in html

    # OCDS: the value is the total; its DPP and PPN are stated on the award and on the contract.
    from katalog.opendata.ocds import identifiers as ids, packages

    package = packages.process_release_package(ids.order_ocid(order), base_url="https://katalog.example.go.id")
    latest = package["releases"][-1]
    parts = "Nilai barang Rp1.000.000; DPP Rp916.667; PPN Rp110.000; ongkos kirim Rp0; jumlah Rp1.110.000."
    assert latest["awards"][0]["value"]["amount"] == 1_110_000
    assert latest["awards"][0]["description"] == parts
    assert latest["contracts"][0]["description"] == parts


def test_goods_subject_to_ppnbm_pay_twelve_percent_of_the_full_price():
    w = make_world(price=1_000_000, ppn_percent=12)
    Product.objects.filter(pk=w.product.pk).update(ppnbm=True)
    line = checkout(w, [(w.product, 1)]).lines.get()
    assert (line.dpp, line.ppn, line.dpp_numerator, line.dpp_denominator) == (1_000_000, 120_000, 1, 1)


def _form_data(category, **overrides):
    data = {"name": "Keripik Pisang Manis 250 gr", "category": category.pk, "description": "", "unit": "bungkus",
            "price": "18000", "stock": 50, "min_order": 1, "lead_time_days": 2, "delivery_area": "", "tkdn": "60",
            "bmp": "0", "origin": "lokal", "production_district": "", "brand": "", "ppn_percent": "12"}
    data.update(overrides)
    return data


def test_a_supplier_that_is_not_pkp_charges_no_ppn_through_form_service_import_and_api(client):
    category = make_category("Keripik")
    seller = make_user(Role.SUPPLIER, supplier=make_supplier(is_pkp=False))
    supplier = seller.supplier

    form = ProductForm(_form_data(category), supplier=supplier)
    assert not form.is_valid()
    assert "bukan PKP" in form.errors["ppn_percent"][0]
    pkp_form = ProductForm(_form_data(category), supplier=make_supplier(is_pkp=True))
    assert pkp_form.is_valid(), pkp_form.errors

    # The service every channel (form, API, import) writes through refuses it too.
    with pytest.raises(CatalogueInvalidInput, match="bukan PKP"):
        catalogue_services.product_create(actor=seller, supplier=supplier, data={
            "name": "Keripik Pisang Manis 250 gr", "category": category, "unit": "bungkus", "price": 18_000,
            "ppn_percent": 12})

    report = import_products(data=b"nama,kategori,satuan,harga,ppn\nKeripik Pisang Coklat,Keripik,bungkus,15000,12\n",
                             filename="produk.csv", supplier=supplier)
    assert report.created == 0 and "bukan PKP" in report.errors[0].message

    # A row written before the rule (12% on a non-PKP product) still charges nothing, on the API and at checkout.
    legacy = make_product(supplier, category, price=1_000_000, ppn_percent=12)
    body = get(client, f"/api/v1/products/{legacy.pk}").json()
    assert (body["ppn_percent"], body["ppn_per_unit"]) == (0, 0)
    w = make_world()
    line = checkout(w, [(legacy, 1)]).lines.get()
    assert (line.dpp, line.ppn, line.ppn_percent) == (0, 0, 0)


def test_a_siinas_record_is_accepted_by_form_import_and_api_and_refused_on_an_import(client):
    category = make_category("Keripik")
    seller = make_user(Role.SUPPLIER, supplier=make_supplier(is_pkp=True))
    supplier = seller.supplier

    form = ProductForm(_form_data(category, tkdn="0", siinas_registered="on"), supplier=supplier)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siinas_registered"] is True
    refused = ProductForm(_form_data(category, tkdn="0", origin="impor", siinas_registered="on"), supplier=supplier)
    assert not refused.is_valid()
    assert "SIINas hanya mencatat produk dalam negeri" in refused.errors["siinas_registered"][0]
    with pytest.raises(CatalogueInvalidInput, match="SIINas"):
        catalogue_services.product_create(actor=seller, supplier=supplier, data={
            "name": "Kurma impor 500 gram", "category": category, "unit": "kotak", "price": 18_000,
            "origin": "impor", "siinas_registered": True})

    header = b"nama,kategori,satuan,harga,asal,siinas\n"
    good, bad = b"Keripik Pisang Coklat,Keripik,bungkus,15000,lokal,ya\n", b"Keripik Kentang,Keripik,bungkus,1,impor,ya\n"
    report = import_products(data=header + good + bad, filename="produk.csv", supplier=supplier)
    assert (report.created, [(e.row, e.column) for e in report.errors]) == (0, [(3, "siinas")])
    report = import_products(data=header + good, filename="produk.csv", supplier=supplier)
    assert (report.created, report.errors) == (1, [])
    assert Product.objects.get(name="Keripik Pisang Coklat").siinas_registered is True

    product = Product.objects.get(name="Keripik Pisang Coklat")
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ACTIVE)  # verified and listed
    assert get(client, f"/api/v1/products/{product.pk}").json()["siinas_registered"] is True
    raw = token_for(seller)
    mine = next(i for i in get(client, "/api/v1/my/products", raw).json()["items"] if i["id"] == product.pk)
    response = post(client, f"/api/v1/my/products/{product.pk}", raw,
                    {"version": mine["version"], "siinas_registered": False}, method="patch")
    assert response.status_code == 200 and response.json()["siinas_registered"] is False
    product.refresh_from_db()
    assert product.siinas_registered is False


def test_a_dated_change_of_the_rate_leaves_an_old_order_as_it_was_computed():
    w = make_world(price=1_000_000, ppn_percent=12, stock=10)
    old = checkout(w, [(w.product, 1)], now=at(2026, 3, 17))
    assert old.ppn == 110_000
    new_law = (*settings.KATALOG_RULES["ppn_schedule"], (date(2026, 6, 1), 12, 1, 1))
    with _rules(ppn_schedule=new_law):
        # A negotiation recomputes the old order's line with the rate and factor it was made with.
        line = old.lines.get()
        offer = services.negotiation_propose(order=old, user=w.seller, expected_version=fresh(old).version,
                                             lines={line.pk: (1, 900_000)})
        services.negotiation_respond(order=old, user=w.pp, expected_version=fresh(old).version, offer=offer,
                                     accept=True)
        old = fresh(old)
        assert (old.lines.get().dpp, old.ppn) == (825_000, 99_000)
        new = checkout(w, [(w.product, 1)], now=at(2026, 7, 1))
        assert (new.lines.get().dpp, new.ppn) == (1_000_000, 120_000)


# --- domestic priority (Perpres 46/2025 Pasal 66) -------------------------------------------

TIER_SPECS = {
    1: {"tkdn": Decimal("30.00"), "bmp": Decimal("10.00"), "origin": "lokal"},
    2: {"tkdn": Decimal("30.00"), "bmp": Decimal("0"), "origin": "lokal"},
    3: {"tkdn": Decimal("10.00"), "bmp": Decimal("0"), "origin": "lokal"},
    # Pasal 66 ayat (2) huruf d: a domestic product recorded in SIINas, without a TKDN value.
    4: {"tkdn": None, "bmp": Decimal("0"), "origin": "lokal", "siinas_registered": True},
    5: {"tkdn": None, "bmp": Decimal("0"), "origin": "impor"},
}
# Tier 5 holds, besides imports, a domestic product with neither TKDN nor a SIINas record.
UNRECORDED_DOMESTIC = {"tkdn": None, "bmp": Decimal("0"), "origin": "lokal", "siinas_registered": False}


@pytest.mark.parametrize("origin, tkdn, bmp, siinas, tier", [
    ("lokal", "25.00", "15.00", False, 1), ("lokal", "25.00", "14.99", False, 2), ("lokal", "40.00", "0", False, 1),
    ("lokal", "24.99", "15.00", False, 3), ("lokal", "0.01", "0", False, 3), ("lokal", "0.01", "0", True, 3),
    ("lokal", "0", "0", False, 3), ("lokal", None, "0", True, 4), ("lokal", None, "15.00", True, 4),
    ("lokal", None, "0", False, 5), ("impor", None, "0", False, 5), ("impor", "30.00", "0", False, 5),
])
def test_the_tier_boundaries_of_pasal_66_in_the_one_definition_and_its_query(origin, tkdn, bmp, siinas, tier):
    # None: no TKDN value (not certified, or not known). Recorded in SIINas it is huruf d; without a record it
    # ranks last with imports. A stated 0% is a TKDN value below 25% (huruf c).
    tkdn = None if tkdn is None else Decimal(tkdn)
    assert rules.domestic_tier(origin=origin, tkdn=tkdn, bmp=Decimal(bmp), siinas=siinas) == tier
    product = make_product(origin=origin, tkdn=tkdn, bmp=Decimal(bmp))
    Product.objects.filter(pk=product.pk).update(siinas_registered=siinas)
    assert [t for t in rules.TIERS if Product.objects.filter(rules.domestic_tier_q([t]), pk=product.pk).exists()] == [tier]


def test_an_import_is_last_even_if_marked_as_recorded_in_siinas():
    assert rules.domestic_tier(origin="impor", tkdn=Decimal(0), bmp=Decimal(0), siinas=True) == 5


def _world_of_tier(tier):
    w = make_world()
    Product.objects.filter(pk=w.product.pk).update(**TIER_SPECS[tier])
    w.product.refresh_from_db()
    return w


@pytest.mark.parametrize("tier", [2, 3, 4, 5])
def test_at_checkout_passing_over_a_higher_tier_needs_a_recorded_reason(tier):
    w = _world_of_tier(tier)
    better = make_product(make_supplier(), w.category, name="Kertas lebih tinggi", **TIER_SPECS[tier - 1])
    with pytest.raises(JustificationRequired) as refused:
        checkout(w)
    assert refused.value.lines == (w.product.pk,)
    w.pp.carts.all().delete()
    order = checkout(w, justifications={w.product.pk: "Ukuran yang dibutuhkan hanya ada pada produk ini."})
    j = order.justifications.get(kind=Justification.Kind.DOMESTIC)
    assert [(a["id"], a["tier"]) for a in j.alternatives] == [(better.pk, tier - 1)]


def test_at_checkout_an_unrecorded_domestic_product_passing_over_a_siinas_product_needs_a_reason():
    w = make_world()
    Product.objects.filter(pk=w.product.pk).update(**UNRECORDED_DOMESTIC)
    recorded = make_product(make_supplier(), w.category, name="Kertas tercatat SIINas", **TIER_SPECS[4])
    with pytest.raises(JustificationRequired) as refused:
        checkout(w)
    assert refused.value.lines == (w.product.pk,)
    w.pp.carts.all().delete()
    order = checkout(w, justifications={w.product.pk: "Hanya produk ini yang sesuai ukuran."})
    j = order.justifications.get(kind=Justification.Kind.DOMESTIC)
    assert [(a["id"], a["tier"]) for a in j.alternatives] == [(recorded.pk, 4)]
    assert order.lines.get().siinas_registered is False


def test_at_checkout_a_siinas_product_needs_no_reason_beside_an_unrecorded_one_and_the_line_keeps_its_record():
    w = _world_of_tier(4)
    make_product(make_supplier(), w.category, name="Kertas tak tercatat", **UNRECORDED_DOMESTIC)
    order = checkout(w)
    assert not order.justifications.exists()
    assert order.lines.get().siinas_registered is True


@pytest.mark.parametrize("tier", [1, 2, 3, 4])
def test_at_checkout_a_lower_tier_alternative_needs_no_reason(tier):
    w = _world_of_tier(tier)
    make_product(make_supplier(), w.category, name="Kertas lebih rendah", **TIER_SPECS[tier + 1])
    assert not checkout(w).justifications.exists()


OPEN, DEADLINE, AFTER = at(2026, 6, 8, 9), at(2026, 6, 10, 15), at(2026, 6, 10, 15, 1)


def _competition_with(w, offers):
    """offers: [(tier, unit price)]; each by its own supplier; 10 kotak of one item. Tier "5d" is a
    domestic product with neither TKDN nor a SIINas record."""
    category = make_category("Konsumsi rapat")
    bidders = []
    for i, (tier, price) in enumerate(offers):
        supplier = make_supplier(name=f"CV Penawar {i}")
        spec = UNRECORDED_DOMESTIC if tier == "5d" else TIER_SPECS[tier]
        product = make_product(supplier, category, name=f"Nasi kotak {i}", unit="kotak", price=50_000)
        Product.objects.filter(pk=product.pk).update(**spec)
        product.refresh_from_db()
        bidders.append((supplier, product, make_user(Role.SUPPLIER, supplier=supplier), price))
    competition = services.competition_create(
        user=w.pp, category=category, title="Konsumsi rapat", supplier_ids=[b[0].pk for b in bidders],
        items=[{"name": "Nasi kotak", "unit": "kotak", "quantity": 10}], deadline=DEADLINE, rup_code="48123002",
        funding_source="5.1.02.01.01.0052", delivery_address="Aula", requested_date=DEADLINE.date() + timedelta(3),
        ppk=w.ppk, now=OPEN)
    item = competition.items.get()
    for _supplier, product, user, price in bidders:
        services.competition_submit_quote(user=user, competition=competition, lines={item.pk: (product.pk, price)},
                                          now=OPEN)
    return competition, bidders


@pytest.mark.parametrize("tier", [2, 3, 4, 5])
def test_in_mini_kompetisi_a_winner_below_a_quoted_higher_tier_needs_a_recorded_reason(tier):
    w = make_world()
    competition, bidders = _competition_with(w, [(tier, 30_000), (tier - 1, 31_000), (5, 32_000)])
    with pytest.raises(JustificationRequired, match="Pasal 66"):
        services.competition_award(user=w.pp, competition=competition, now=AFTER)
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER,
                                             justification="Hanya penawar ini yang sanggup mengirim tepat waktu.")
    assert competition.awarded_quote.supplier == bidders[0][0]
    j = competition.order.justifications.get(kind=Justification.Kind.DOMESTIC)
    assert (j.order_line.product_id, j.alternatives[0]["tier"]) == (bidders[0][1].pk, tier - 1)


def test_in_mini_kompetisi_an_unrecorded_domestic_winner_below_a_siinas_quote_needs_a_recorded_reason():
    w = make_world()
    competition, bidders = _competition_with(w, [("5d", 30_000), (4, 31_000), (5, 32_000)])
    with pytest.raises(JustificationRequired, match="Pasal 66"):
        services.competition_award(user=w.pp, competition=competition, now=AFTER)
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER,
                                             justification="Penawar SIINas tidak sanggup mengirim tepat waktu.")
    j = competition.order.justifications.get(kind=Justification.Kind.DOMESTIC)
    assert (j.order_line.product_id, j.alternatives[0]["tier"]) == (bidders[0][1].pk, 4)
    assert j.order_line.siinas_registered is False


def test_in_mini_kompetisi_a_siinas_winner_above_an_unrecorded_quote_needs_no_reason():
    w = make_world()
    competition, bidders = _competition_with(w, [(4, 30_000), ("5d", 29_000), (5, 32_000)])
    with pytest.raises(JustificationRequired):  # the cheaper unrecorded one would win on price: it needs a reason
        services.competition_award(user=w.pp, competition=competition, now=AFTER)
    competition, bidders = _competition_with(w, [(4, 29_000), ("5d", 30_000), (5, 32_000)])
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER)
    assert competition.awarded_quote.supplier == bidders[0][0]
    assert not competition.order.justifications.exists()
    assert competition.order.lines.get().siinas_registered is True


def test_in_mini_kompetisi_a_winner_in_the_highest_quoted_tier_needs_no_reason():
    w = make_world()
    competition, bidders = _competition_with(w, [(1, 30_000), (2, 29_000), (5, 28_000)])
    # Below the preference threshold the cheapest would win: here the import, which needs a reason...
    with pytest.raises(JustificationRequired):
        services.competition_award(user=w.pp, competition=competition, now=AFTER)
    competition, bidders = _competition_with(w, [(1, 28_000), (2, 29_000), (5, 30_000)])
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER)
    assert competition.awarded_quote.supplier == bidders[0][0]
    assert not competition.order.justifications.exists()


# --- reservation for small business (Perpres 12/2021 Pasal 65 ayat 4) ------------------------


def test_an_order_within_the_reservation_from_a_non_umk_supplier_needs_a_reason_recorded_on_the_order():
    w = make_world(scale="besar")
    make_product(make_supplier(scale="menengah", is_cooperative=True), w.category, name="Kertas koperasi")
    with pytest.raises(JustificationRequired) as refused:
        checkout(w)
    assert refused.value.umk
    w.pp.carts.all().delete()
    order = checkout(w, umk_justification="Koperasi tidak dapat memasok kertas 80 gram.")
    assert order.justifications.filter(kind=Justification.Kind.UMK).count() == 1


def test_above_the_reserved_value_a_non_umk_supplier_needs_no_reason():
    w = make_world(scale="besar")  # 2 × Rp50.000 = Rp100.000
    make_product(make_supplier(scale="kecil"), w.category, name="Kertas UMK")
    with _rules(umk_reserved_package_limit=99_999):
        assert not checkout(w).justifications.exists()
    with _rules(umk_reserved_package_limit=100_000), pytest.raises(JustificationRequired):
        checkout(w)


def test_a_koperasi_supplier_is_within_the_reservation_itself():
    w = make_world(scale="menengah")
    w.supplier.is_cooperative = True
    w.supplier.save()
    make_product(make_supplier(scale="mikro"), w.category, name="Kertas UMK")
    assert not checkout(w).justifications.exists()


# --- adendum (Perpres 16/2018 Pasal 54) ------------------------------------------------------


def _two_line_order():
    """Rp1.000.000 + 1 × Rp1 = Rp1.000.001 (no PPN): the 10% ceiling is Rp1.100.001 (rounded down)."""
    w = make_world(price=1_000_000, stock=5)
    sheet = make_product(w.supplier, w.category, name="Stiker", unit="lembar", price=1, stock=300_000,
                         tkdn=Decimal("60.00"))
    order = signed(w, checkout(w, [(w.product, 1), (sheet, 1)]))
    return w, order, sheet


def _amend(order, user, quantities_and_prices):
    lines = {l.product_id: l for l in order.lines.all()}
    return services.amendment_propose(
        order=order, user=user, expected_version=fresh(order).version, reason="Tambahan kebutuhan.",
        lines={lines[pid].pk: terms for pid, terms in quantities_and_prices.items()})


def test_an_adendum_may_add_exactly_ten_percent_and_not_one_rupiah_more_in_total():
    w, order, sheet = _two_line_order()
    budget(order)
    with pytest.raises(InvalidInput, match="melebihi batas 10%"):
        _amend(order, w.ppk, {w.product.pk: (1, 1_000_000), sheet.pk: (100_002, 1)})
    a = _amend(order, w.ppk, {w.product.pk: (1, 1_000_000), sheet.pk: (100_001, 1)})
    services.amendment_decide(order=order, user=w.seller, expected_version=fresh(order).version, amendment=a,
                              agree=True)
    assert fresh(order).total == 1_100_001
    # In total: a second adendum measures against the original contract value, not the amended one.
    with pytest.raises(InvalidInput, match="nilai kontrak awal Rp1.000.001"):
        _amend(fresh(order), w.ppk, {w.product.pk: (1, 1_000_000), sheet.pk: (100_002, 1)})


def test_an_adendum_may_not_raise_a_unit_price_above_the_catalogue_price():
    w = make_world(price=10_000_000, stock=5)
    order = signed(w, checkout(w, [(w.product, 1)]))
    budget(order)
    with pytest.raises(InvalidInput, match="tidak boleh melebihi harga katalog Rp10.000.000"):
        _amend(order, w.ppk, {w.product.pk: (1, 30_000_000)})
    assert not Amendment.objects.exists()


def test_added_value_needs_budget_left_on_the_rup_package():
    w, order, sheet = _two_line_order()
    more = {w.product.pk: (1, 1_000_000), sheet.pk: (50_001, 1)}  # total Rp1.050.001
    with pytest.raises(InvalidInput, match="belum tercatat"):
        _amend(order, w.ppk, more)
    package = budget(order, pagu=1_050_000)
    with pytest.raises(InvalidInput, match="Anggaran tidak cukup"):
        _amend(order, w.ppk, more)
    package.pagu = 1_050_001
    package.save()
    assert _amend(order, w.ppk, more).status == Amendment.Status.PROPOSED


def test_an_adendum_that_adds_nothing_needs_no_budget_record():
    w = make_world(stock=10)
    order = signed(w, checkout(w, [(w.product, 4)]))
    line = order.lines.get()
    a = services.amendment_propose(order=order, user=w.ppk, expected_version=fresh(order).version,
                                   lines={line.pk: (3, 50_000)}, reason="Kebutuhan berkurang.")
    assert a.status == Amendment.Status.PROPOSED


# --- the PP limit after negotiation -----------------------------------------------------------


def test_a_negotiation_that_brings_the_order_under_the_pp_limit_lets_the_pp_place_it():
    w = make_world(price=150_000)
    with _rules(pp_checkout_limit=200_000):
        order = checkout(w, [(w.product, 2)])  # Rp300.000 > Rp200.000
        assert order.needs_ppk_review
        with pytest.raises(InvalidInput, match="melebihi batas kewenangan PP"):
            services.order_place(order=order, user=w.pp, expected_version=order.version)
        line = order.lines.get()
        offer = services.negotiation_propose(order=order, user=w.seller, expected_version=fresh(order).version,
                                             lines={line.pk: (2, 100_000)}, shipping_cost=1_000)
        services.negotiation_respond(order=order, user=w.pp, expected_version=fresh(order).version, offer=offer,
                                     accept=True)
        order = fresh(order)
        assert (order.total, order.needs_ppk_review) == (201_000, True)  # shipping keeps it above the limit
        offer = services.negotiation_propose(order=order, user=w.seller, expected_version=order.version,
                                             lines={line.pk: (2, 99_500)}, shipping_cost=0)
        services.negotiation_respond(order=order, user=w.pp, expected_version=fresh(order).version, offer=offer,
                                     accept=True)
        order = fresh(order)
        assert (order.total, order.needs_ppk_review) == (199_000, False)
        order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    assert order.status == OrderStatus.SUPPLIER_CONFIRMATION


# --- letters -----------------------------------------------------------------------------------


def test_no_bast_says_based_on_a_surat_pesanan_without_its_number():
    w = make_world()
    order = delivered_and_checked(w)
    bast = order.documents.get(kind=OrderDocument.Kind.BAST)
    sp = order.documents.get(kind=OrderDocument.Kind.SURAT_PESANAN)
    text = pdf_text(documents.render(bast).pdf)
    assert f"berdasarkan Surat Pesanan Nomor {sp.number} tanggal" in text
    # An order recorded without a Surat Pesanan (imported, older records): the BAST names the order instead.
    sp.delete()
    data = documents.bast_data(order, "027/009/BAST/UJI/XII/2026", date(2026, 12, 1))
    text = pdf_text(documents.render(OrderDocument(order=order, kind="bast", number="027/009/BAST/UJI/XII/2026",
                                                   issued_on=date(2026, 12, 1), data=data)).pdf)
    assert "berdasarkan Surat Pesanan" not in text
    assert f"berdasarkan pesanan elektronik nomor {order.number}" in text
