"""The supplier verification queue: oldest first with the submission date, days waiting, readiness and missing
documents; narrowed by words, kecamatan, category and scale."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.suppliers.states import SupplierStatus
from tests.factories import (give_required_documents, home_district, make_category, make_product, make_supplier,
                             make_user)

pytestmark = pytest.mark.django_db
QUEUE = "suppliers:verification_queue"


def waiting(name: str, days: int, **fields):
    return make_supplier(name=name, status=SupplierStatus.SUBMITTED,
                         submitted_at=timezone.now() - datetime.timedelta(days=days, hours=1), **fields)


@pytest.fixture
def queue(client):
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    drinks = make_category("Minuman")
    coffee = make_category("Kopi bubuk", parent=drinks)
    old = waiting("UD Kopi Tua", 9, district=home_district(2), scale="kecil")
    make_product(old, coffee)
    give_required_documents(old)
    mid = waiting("CV Meja Jati", 4, district=home_district(1), scale="menengah", owner_name="Budi Santoso")
    new = waiting("UD Keripik Baru", 0, district=home_district(1), scale="mikro")
    return {"old": old, "mid": mid, "new": new, "drinks": drinks}


def names(client, **params) -> list[str]:
    html = client.get(reverse(QUEUE), params).content.decode()
    return [n for n in ("UD Kopi Tua", "CV Meja Jati", "UD Keripik Baru") if n in html]


def test_oldest_first_with_submission_date_days_readiness_and_documents(client, queue):
    html = client.get(reverse(QUEUE)).content.decode()
    assert html.index("UD Kopi Tua") < html.index("CV Meja Jati") < html.index("UD Keripik Baru")
    row = html[html.index("UD Kopi Tua"):]
    row = row[:row.index("</tr>")]
    assert (timezone.localtime(queue["old"].submitted_at).strftime("%d-%m-%Y")) in row
    assert '<td class="num">9</td>' in row and "/100" in row and "lengkap" in row
    other = html[html.index("CV Meja Jati"):]
    assert "kurang:" in other[:other.index("</tr>")]


@pytest.mark.parametrize("params, expected", [
    ({"kecamatan": None}, ["UD Kopi Tua"]),
    ({"skala": "menengah"}, ["CV Meja Jati"]),
    ({"kategori": None}, ["UD Kopi Tua"]),  # a product in a category below the one chosen
    ({"q": "santoso"}, ["CV Meja Jati"]),  # the owner's name
    ({"q": "keripik", "skala": "mikro", "kecamatan": None}, []),  # every filter applies
    ({"kecamatan": "99.99.99"}, ["UD Kopi Tua", "CV Meja Jati", "UD Keripik Baru"]),  # unknown: ignored
])
def test_filters_narrow_the_queue(client, queue, params, expected):
    params = dict(params)
    if params.get("kecamatan", "") is None:
        params["kecamatan"] = home_district(2).code
    if params.get("kategori", "") is None:
        params["kategori"] = queue["drinks"].pk
    assert names(client, **params) == expected


def test_filtered_queue_says_how_many_match_and_keeps_the_choices(client, queue):
    html = client.get(reverse(QUEUE), {"skala": "menengah"}).content.decode()
    assert "1 cocok dengan saringan" in html and "3 pendaftaran menunggu" in html
    assert '<option value="menengah" selected>' in html
