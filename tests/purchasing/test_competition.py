"""Mini-kompetisi: ≥3 invited suppliers quote before a deadline; the lowest evaluated price wins,
with the domestic-product price preference; the award becomes an order; every quote is kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.errors import InvalidInput, NotAllowed
from katalog.purchasing.models import Competition, Method, Quote
from katalog.purchasing.states import OrderStatus
from tests.factories import make_category, make_product, make_supplier, make_user
from tests.purchasing.helpers import at, make_world

pytestmark = pytest.mark.django_db
OPEN = at(2026, 6, 8, 9)
DEADLINE = at(2026, 6, 10, 15)
AFTER = at(2026, 6, 10, 15, 1)


@pytest.fixture
def market():
    w = make_world()
    category = make_category("Konsumsi rapat")
    bidders = {}
    for name, tkdn in [("impor", "10.00"), ("lokal60", "60.00"), ("lokal30", "30.00"), ("lokal24", "24.00")]:
        supplier = make_supplier(name=f"CV {name}")
        product = make_product(supplier, category, name=f"Nasi kotak {name}", unit="kotak", price=30_000,
                               tkdn=Decimal(tkdn), origin="impor" if name == "impor" else "lokal")
        bidders[name] = (supplier, product, make_user(Role.SUPPLIER, supplier=supplier))
    return w, category, bidders


def _open(w, category, suppliers, **kw):
    fields = dict(
        user=w.pp, category=category, title="Konsumsi rapat koordinasi", supplier_ids=[s.pk for s in suppliers],
        items=[{"name": "Nasi kotak", "unit": "kotak", "quantity": 100}], deadline=DEADLINE, rup_code="48123002",
        funding_source="5.1.02.01.01.0052 Belanja Makanan dan Minuman Rapat", delivery_address="Aula Bappeda",
        requested_date=DEADLINE.date() + timedelta(days=3), ppk=w.ppk, now=OPEN,
    )
    fields.update(kw)
    return services.competition_create(**fields)


def _quote(competition, bidder, unit_price, now=OPEN):
    supplier, product, user = bidder
    item = competition.items.get()
    return services.competition_submit_quote(user=user, competition=competition, lines={item.pk: (product.pk, unit_price)},
                                             now=now)


def _run(w, category, bidders, prices, preference, *, min_package=99_999, justification=""):
    """Quotes at `prices` (per kotak, 100 kotak), then the award. The package (lowest quote Rp100.000) is above
    `min_package` by default, so the preference applies; pass a higher one to switch it off."""
    competition = _open(w, category, [bidders[n][0] for n in bidders])
    for name, price in prices.items():
        _quote(competition, bidders[name], price)
    rules = {**settings.KATALOG_RULES, "domestic_price_preference_percent": preference,
             "price_preference_min_package": min_package}
    with override_settings(KATALOG_RULES=rules):
        return services.competition_award(user=w.pp, competition=competition, now=AFTER, justification=justification)


PRICES = {"impor": 1_000, "lokal60": 1_100, "lokal30": 1_200, "lokal24": 1_010}
REASON = "Hanya penyedia ini yang sanggup mengirim 100 kotak ke Aula Bappeda pada hari itu."


def test_without_the_preference_the_lowest_price_wins(market):
    w, category, bidders = market
    competition = _run(w, category, bidders, PRICES, preference=0, justification=REASON)
    assert competition.awarded_quote.supplier == bidders["impor"][0]
    ranking = list(Quote.objects.order_by("rank").values_list("supplier__name", "evaluated_price"))
    assert ranking == [("CV impor", 100_000), ("CV lokal24", 101_000), ("CV lokal60", 110_000), ("CV lokal30", 120_000)]


def test_with_the_preference_a_domestic_offer_with_tkdn_wins_within_the_margin(market):
    w, category, bidders = market
    competition = _run(w, category, bidders, PRICES, preference=25)
    # Pasal 67 ayat (3) huruf e: HEA = (1 − TKDN × 25%) × HP: (1 − 0.15) × 110 000 = 93 500 and
    # (1 − 0.075) × 120 000 = 111 000; TKDN 24% gets no preference (huruf a).
    assert competition.awarded_quote.supplier == bidders["lokal60"][0]
    ranking = list(Quote.objects.order_by("rank").values_list("supplier__name", "evaluated_price"))
    assert ranking == [("CV lokal60", 93_500), ("CV impor", 100_000), ("CV lokal24", 101_000), ("CV lokal30", 111_000)]
    assert competition.preference_percent == 25


def test_the_preference_applies_only_to_packages_above_the_threshold(market):
    w, category, bidders = market
    # Pasal 67 ayat (2): "paling sedikit di atas" the threshold; a package of exactly Rp100.000 is not above it.
    at_threshold = _run(w, category, bidders, PRICES, preference=25, min_package=100_000, justification=REASON)
    assert (at_threshold.awarded_quote.supplier, at_threshold.preference_percent) == (bidders["impor"][0], 0)
    above = _run(w, category, bidders, PRICES, preference=25, min_package=99_999)
    assert (above.awarded_quote.supplier, above.preference_percent) == (bidders["lokal60"][0], 25)


def test_on_equal_evaluated_prices_the_higher_tkdn_wins(market):
    w, category, bidders = market
    tie = {}
    for name, tkdn, price in [("tkdn40", "40.00", 37), ("tkdn30", "30.00", 36), ("tkdn35", "35.00", 40)]:
        supplier = make_supplier(name=f"CV {name}")
        product = make_product(supplier, category, name=f"Nasi {name}", unit="kotak", price=100, tkdn=Decimal(tkdn))
        tie[name] = (supplier, product, make_user(Role.SUPPLIER, supplier=supplier), price)
    competition = _open(w, category, [b[0] for b in tie.values()])
    for bidder in tie.values():
        _quote(competition, bidder[:3], bidder[3])
    with override_settings(KATALOG_RULES={**settings.KATALOG_RULES, "price_preference_min_package": 1_000}):
        competition = services.competition_award(user=w.pp, competition=competition, now=AFTER)
    # (1 − 0.10) × 3 700 = 3 330 = (1 − 0.075) × 3 600: the cheaper offer loses to the higher TKDN (huruf f).
    ranking = list(Quote.objects.order_by("rank").values_list("supplier__name", "evaluated_price"))
    assert ranking == [("CV tkdn40", 3_330), ("CV tkdn30", 3_330), ("CV tkdn35", 3_650)]
    assert competition.awarded_quote.supplier == tie["tkdn40"][0]


def test_a_preference_above_the_ceiling_of_25_percent_is_refused(market):
    w, category, bidders = market
    with pytest.raises(ValueError, match="paling tinggi 25%"):
        _run(w, category, bidders, PRICES, preference=26)
    assert Competition.objects.get().status == Competition.Status.OPEN


def test_the_award_becomes_an_order_at_the_quoted_prices(market):
    w, category, bidders = market
    competition = _run(w, category, bidders, PRICES, preference=25)
    order = competition.order
    assert (order.method, order.status, order.supplier) == (Method.MINI_COMPETITION, OrderStatus.NEGOTIATION,
                                                            bidders["lokal60"][0])
    line = order.lines.get()
    assert (line.quantity, line.unit_price, line.list_price, order.total) == (100, 1_100, 1_100, 110_000)
    assert (order.ppk, order.buyer, order.rup_code) == (w.ppk, w.pp, "48123002")
    assert Quote.objects.count() == 4  # every quote is kept


def test_at_least_three_suppliers_offering_in_the_category_are_invited(market):
    w, category, bidders = market
    with pytest.raises(InvalidInput, match="paling sedikit 3"):
        _open(w, category, [bidders["impor"][0], bidders["lokal60"][0]])
    outsider = make_supplier()
    make_product(outsider, make_category("Lain"))
    with pytest.raises(InvalidInput, match="menawarkan produk di kategori ini"):
        _open(w, category, [bidders["impor"][0], bidders["lokal60"][0], outsider])


def test_a_buyer_cannot_invite_a_business_they_belong_to(market):
    w, category, bidders = market
    supplier = bidders["impor"][0]
    supplier.email = "rina@contoh.id"
    supplier.save()
    w.pp.email = "rina@contoh.id"
    w.pp.save()
    with pytest.raises(NotAllowed, match="Benturan kepentingan"):
        _open(w, category, [b[0] for b in bidders.values()])


def test_a_revised_quote_replaces_the_current_one_and_both_are_kept(market):
    w, category, bidders = market
    competition = _open(w, category, [b[0] for b in bidders.values()])
    _quote(competition, bidders["lokal30"], 1_300)
    _quote(competition, bidders["lokal30"], 1_250, now=OPEN + timedelta(hours=1))
    quotes = list(Quote.objects.order_by("revision").values_list("revision", "is_current", "total"))
    assert quotes == [(1, False, 130_000), (2, True, 125_000)]


def test_quotes_are_refused_after_the_deadline_and_from_the_uninvited(market):
    w, category, bidders = market
    competition = _open(w, category, [bidders[n][0] for n in ("impor", "lokal60", "lokal30")])
    with pytest.raises(InvalidInput, match="sudah lewat"):
        _quote(competition, bidders["impor"], 900, now=DEADLINE)
    with pytest.raises(NotAllowed, match="tidak diundang"):
        _quote(competition, bidders["lokal24"], 900)
    with pytest.raises(InvalidInput, match="tidak melebihi harga katalog"):
        _quote(competition, bidders["impor"], 31_000)


def test_no_award_before_the_deadline_and_no_quotes_means_failed(market):
    w, category, bidders = market
    competition = _open(w, category, [b[0] for b in bidders.values()])
    with pytest.raises(InvalidInput, match="setelah batas akhir"):
        services.competition_award(user=w.pp, competition=competition, now=OPEN)
    competition = services.competition_award(user=w.pp, competition=competition, now=AFTER)
    assert competition.status == Competition.Status.FAILED and competition.order is None


def test_quotes_stay_sealed_for_the_opd_until_the_deadline(client, market):
    w, category, bidders = market
    competition = _open(w, category, [b[0] for b in bidders.values()], deadline=at(2099, 1, 5, 10),
                         requested_date=at(2099, 1, 10).date())
    _quote(competition, bidders["lokal60"], 1_234)
    client.force_login(w.pp)
    html = client.get(reverse("purchasing:competition_detail", args=[competition.number])).content.decode()
    assert "1 penyedia sudah menawar" in html and "Rp123.400" not in html
    client.force_login(bidders["lokal60"][2])
    html = client.get(reverse("purchasing:competition_detail", args=[competition.number])).content.decode()
    assert "Rp123.400" in html
    client.force_login(make_user(Role.SUPPLIER))
    assert client.get(reverse("purchasing:competition_detail", args=[competition.number])).status_code == 404
