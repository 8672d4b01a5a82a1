"""The public transparency page: totals, UMK / domestic / local shares per OPD, top categories, downloads."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.opendata import selectors
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def spend():
    year = timezone.localdate().year
    dinkes, disdik = make_agency(name="Dinas Kesehatan"), make_agency(name="Dinas Pendidikan")
    micro, large = make_supplier(scale="mikro"), make_supplier(scale="besar")
    food, office = make_category("Makanan dan Minuman"), make_category("Alat Tulis Kantor")
    snack = make_product(micro, make_category("Kue Basah", parent=food), price=10_000)
    paper = make_product(large, office, price=50_000, origin="impor")
    pp1, pp2 = make_user(Role.PP, agency=dinkes), make_user(Role.PP, agency=disdik)
    make_order(agency=dinkes, supplier=micro, buyer=pp1, lines=[(snack, 30)], status=OrderStatus.PAID)
    make_order(agency=dinkes, supplier=large, buyer=pp1, lines=[(paper, 2)], status=OrderStatus.PROCESSING)
    make_order(agency=disdik, supplier=large, buyer=pp2, lines=[(paper, 4)], status=OrderStatus.COMPLETED)
    # Never counted: still in negotiation, and cancelled.
    make_order(agency=disdik, supplier=micro, buyer=pp2, lines=[(snack, 999)], status=OrderStatus.NEGOTIATION)
    make_order(agency=disdik, supplier=micro, buyer=pp2, lines=[(snack, 999)], status=OrderStatus.CANCELLED,
               cancel_kind="by_request")
    return year


def test_figures_count_committed_orders_only_with_umk_domestic_and_local_shares(spend):
    data = selectors.transparency(spend)
    assert data.total.realised == 300_000 + 100_000 + 200_000
    assert data.total.umk_share == 50.0  # 300.000 of 600.000
    rows = {row.name: row for row in data.rows}
    assert rows["Dinas Kesehatan"].umk_share == 75.0 and rows["Dinas Kesehatan"].domestic_share == 75.0
    assert rows["Dinas Pendidikan"].umk_share == 0.0 and rows["Dinas Pendidikan"].domestic_share == 0.0
    assert [(c.name, c.spend) for c in data.categories] == [("Alat Tulis Kantor", 300_000),
                                                             ("Makanan dan Minuman", 300_000)]


def test_the_page_needs_no_login_and_shows_the_figures(client, spend):
    response = client.get(reverse("opendata:transparency"), {"tahun": spend})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rp600.000" in html
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" in html
    assert re.search(r'data-figure="umk_share".*?50,0%', html, re.S)
    assert "Makanan dan Minuman" in html


def test_the_page_links_to_every_download_and_they_work(client, spend):
    html = client.get(reverse("opendata:transparency"), {"tahun": spend}).content.decode()
    for name in ("ocds_year", "ocds_year_records", "ocds_year_csv", "ocds_year_items_csv", "ocds_year_xlsx"):
        url = reverse(f"opendata:{name}", args=[spend])
        assert url in html
        assert client.get(url).status_code == 200, name
    assert reverse("opendata:ocds_catalogue") in html


def test_the_page_uses_no_script_and_no_inline_style(client, spend):
    html = client.get(reverse("opendata:transparency"), {"tahun": spend}).content.decode()
    body = html.split("<main", 1)[1]
    assert "<script" not in body and "style=" not in body
    assert "<meter" in body


def test_a_year_without_spend_says_so(client, spend):
    html = client.get(reverse("opendata:transparency"), {"tahun": 2001}).content.decode()
    assert "Belum ada belanja berkontrak" in html
    assert reverse("opendata:ocds_year", args=[2001]) not in html


def test_a_malformed_year_falls_back_to_this_year(client, spend):
    assert client.get(reverse("opendata:transparency"), {"tahun": "abc"}).status_code == 200
