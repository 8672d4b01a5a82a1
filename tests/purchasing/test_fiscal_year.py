"""The fiscal year of an order is the budget year of the RUP line it is charged to, chosen at checkout
(core.rules.checkout_fiscal_year); the small-business reservation reads that line's pagu; the letters print
the year."""

from datetime import date, timedelta

import pytest

from katalog.core import rules as core_rules
from katalog.monitoring.models import RupPackage
from katalog.purchasing import documents, services
from katalog.purchasing.errors import InvalidInput, JustificationRequired
from katalog.purchasing.models import Justification, OrderDocument
from tests.factories import make_agency, make_product, make_supplier
from tests.purchasing.helpers import at, checkout, delivered_and_checked, make_world
from tests.purchasing.pdftext import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today, years", [
    (date(2026, 1, 1), (2026,)), (date(2026, 11, 30), (2026,)),
    (date(2026, 12, 1), (2026, 2027)), (date(2026, 12, 31), (2026, 2027)),
])
def test_next_year_may_be_charged_from_the_first_of_december(today, years):
    assert core_rules.budget_years(today) == years


def test_without_an_imported_plan_the_stated_year_is_the_fiscal_year_and_the_current_year_by_default():
    w = make_world(stock=50)
    assert checkout(w, now=at(2026, 12, 2)).fiscal_year == 2026
    assert checkout(w, now=at(2026, 12, 2), budget_year=2027).fiscal_year == 2027


@pytest.mark.parametrize("when, year", [(at(2026, 11, 30, 23, 59), 2027), (at(2026, 12, 1), 2025),
                                        (at(2026, 6, 1), 2028)])
def test_a_year_that_may_not_be_charged_that_day_is_refused_and_nothing_is_made(when, year):
    w = make_world()
    with pytest.raises(InvalidInput, match="hanya dapat dibebankan pada tahun anggaran"):
        checkout(w, now=when, budget_year=year)
    assert w.pp.carts.get().lines.count() == 1  # the cart is kept


def test_an_imported_rup_line_gives_its_year_and_a_different_stated_year_is_refused():
    w = make_world(stock=50)
    RupPackage.objects.create(year=2027, rup_code="47000123", agency=w.agency, name="ATK 2027", pagu=50_000_000)
    # In December the line of next year's RUP is charged, with or without the year stated.
    assert checkout(w, rup_code="47000123", now=at(2026, 12, 15)).fiscal_year == 2027
    assert checkout(w, rup_code="47000123", now=at(2026, 12, 15), budget_year=2027).fiscal_year == 2027
    with pytest.raises(InvalidInput, match="tercatat pada tahun anggaran 2027"):
        checkout(w, rup_code="47000123", now=at(2026, 12, 15), budget_year=2026)
    w.pp.carts.all().delete()
    # Before December next year's line cannot be charged yet.
    with pytest.raises(InvalidInput, match="tahun anggaran 2026"):
        checkout(w, rup_code="47000123", now=at(2026, 11, 30))


def test_a_rup_line_of_another_opd_or_a_closed_year_is_refused():
    w = make_world(stock=50)
    RupPackage.objects.create(year=2026, rup_code="47000999", agency=make_agency(), name="Lain", pagu=10_000_000)
    RupPackage.objects.create(year=2025, rup_code="47000555", agency=w.agency, name="Lama", pagu=10_000_000)
    with pytest.raises(InvalidInput, match="milik OPD lain"):
        checkout(w, rup_code="47000999", now=at(2026, 6, 1))
    w.pp.carts.all().delete()
    with pytest.raises(InvalidInput, match="tahun anggaran 2026"):
        checkout(w, rup_code="47000555", now=at(2026, 6, 1))


def test_a_december_order_charged_to_next_year_prints_that_year_on_the_surat_pesanan_and_the_bast():
    w = make_world(stock=50)
    order = checkout(w, now=timezone_now_in_december(), budget_year=next_year_in_december())
    assert core_rules.order_fiscal_year(order) == next_year_in_december()
    order = delivered_and_checked(w, order)
    for kind in (OrderDocument.Kind.SURAT_PESANAN, OrderDocument.Kind.BAST):
        document = order.documents.get(kind=kind)
        assert document.data["order"]["fiscal_year"] == next_year_in_december()
        text = pdf_text(documents.render(document).pdf)
        assert "Tahun Anggaran" in text and str(next_year_in_december()) in text
    bast = pdf_text(documents.render(order.documents.get(kind=OrderDocument.Kind.BAST)).pdf)
    assert f"Kode RUP {order.rup_code}, Tahun Anggaran {next_year_in_december()}." in bast


def timezone_now_in_december():
    """Letters are signed and delivered 'today' (the real date): the order is made in a December before it."""
    from django.utils import timezone
    today = timezone.localdate()
    year = today.year if today.month == 12 else today.year - 1
    return at(year, 12, 1)


def next_year_in_december():
    return timezone_now_in_december().year + 1


# --- the reservation reads the package pagu (Perpres 12/2021 Pasal 65 ayat 4) ----------------------


def _non_umk_world_with_a_umk_offer():
    w = make_world(scale="besar", stock=50)  # 2 × Rp50.000 = Rp100.000 per order
    make_product(make_supplier(scale="kecil"), w.category, name="Kertas UMK")
    return w


def test_a_package_whose_pagu_is_above_the_limit_is_not_reserved_even_for_a_small_order(settings):
    w = _non_umk_world_with_a_umk_offer()
    limit = settings.KATALOG_RULES["umk_reserved_package_limit"]
    RupPackage.objects.create(year=2026, rup_code="47100001", agency=w.agency, name="Besar", pagu=limit + 1)
    RupPackage.objects.create(year=2026, rup_code="47100002", agency=w.agency, name="Tepat", pagu=limit)
    order = checkout(w, rup_code="47100001", now=at(2026, 6, 1))
    assert not order.justifications.exists()
    # "sampai dengan": a pagu of exactly the limit is reserved, however small the order.
    with pytest.raises(JustificationRequired) as refused:
        checkout(w, rup_code="47100002", now=at(2026, 6, 1))
    assert refused.value.umk
    w.pp.carts.all().delete()
    order = checkout(w, rup_code="47100002", now=at(2026, 6, 1), umk_justification="Butuh kertas 100 gram.")
    assert order.justifications.filter(kind=Justification.Kind.UMK).count() == 1


def test_without_an_imported_plan_the_order_total_stands_for_the_package_value(settings):
    w = _non_umk_world_with_a_umk_offer()
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "umk_reserved_package_limit": 99_999}
    assert not checkout(w, now=at(2026, 6, 1)).justifications.exists()
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "umk_reserved_package_limit": 100_000}
    with pytest.raises(JustificationRequired):
        checkout(w, now=at(2026, 6, 1))


def test_a_mini_kompetisi_fixes_the_budget_year_of_its_rup_line_for_the_winning_order():
    from tests.purchasing.test_order_rules import AFTER, _competition_with

    w = make_world()
    # The competition opens in June 2026 (test_order_rules.OPEN): next year's line may not be charged yet.
    package = RupPackage.objects.create(year=2027, rup_code="48123002", agency=w.agency, name="Konsumsi",
                                        pagu=5_000_000)
    with pytest.raises(InvalidInput, match="tahun anggaran 2026"):
        _competition_with(w, [(1, 30_000), (2, 31_000), (3, 32_000)])
    RupPackage.objects.filter(pk=package.pk).update(year=2026)
    competition, _bidders = _competition_with(w, [(1, 30_000), (2, 31_000), (3, 32_000)])
    assert competition.fiscal_year == 2026
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER)
    assert competition.order.fiscal_year == 2026


def test_the_checkout_page_offers_the_opds_rup_lines_and_the_year_and_keeps_the_chosen_year(client):
    from django.urls import reverse
    from django.utils import timezone

    from katalog.purchasing.models import Cart, Order

    w = make_world()
    year = timezone.localdate().year
    RupPackage.objects.create(year=year, rup_code="47200001", agency=w.agency, name="ATK kantor", pagu=9_000_000)
    RupPackage.objects.create(year=year, rup_code="47200002", agency=make_agency(), name="Milik lain", pagu=1)
    client.force_login(w.pp)
    client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 2})
    url = reverse("purchasing:checkout", args=[Cart.objects.get().pk])
    page = client.get(url).content.decode()
    assert 'list="rup-lines"' in page and 'value="47200001"' in page and "47200002" not in page
    assert 'name="budget_year"' in page and f'<option value="{year}" selected>{year}</option>' in page
    data = {"idempotency_key": "k-ta", "rup_code": "47200001", "funding_source": "5.1.02.01.01.0024",
            "delivery_address": "Kantor", "requested_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "ppk": w.ppk.pk, "budget_year": str(year)}
    response = client.post(url, data)
    order = Order.objects.get()
    assert response.url == reverse("purchasing:order_detail", args=[order.number])
    assert (order.fiscal_year, order.rup_code) == (year, "47200001")
