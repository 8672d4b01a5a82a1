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


def _run(w, category, bidders, prices, preference):
    competition = _open(w, category, [bidders[n][0] for n in bidders])
    for name, price in prices.items():
        _quote(competition, bidders[name], price)
    with override_settings(KATALOG_RULES={**settings.KATALOG_RULES, "domestic_price_preference_percent": preference}):
        return services.competition_award(user=w.pp, competition=competition, now=AFTER)


PRICES = {"impor": 1_000, "lokal60": 1_100, "lokal30": 1_200, "lokal24": 1_010}


def test_without_the_preference_the_lowest_price_wins(market):
    w, category, bidders = market
    competition = _run(w, category, bidders, PRICES, preference=0)
    assert competition.awarded_quote.supplier == bidders["impor"][0]
    ranking = list(Quote.objects.order_by("rank").values_list("supplier__name", "evaluated_price"))
    assert ranking == [("CV impor", 100_000), ("CV lokal24", 101_000), ("CV lokal60", 110_000), ("CV lokal30", 120_000)]


def test_with_the_preference_a_domestic_offer_with_tkdn_wins_within_the_margin(market):
    w, category, bidders = market
    competition = _run(w, category, bidders, PRICES, preference=25)
    # HEA = price / (1 + TKDN × 25%): 110 000 / 1.15 = 95 652; TKDN 24% gets no preference.
    assert competition.awarded_quote.supplier == bidders["lokal60"][0]
    ranking = list(Quote.objects.order_by("rank").values_list("supplier__name", "evaluated_price"))
    assert ranking == [("CV lokal60", 95_652), ("CV impor", 100_000), ("CV lokal24", 101_000), ("CV lokal30", 111_628)]
    assert competition.preference_percent == 25


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
