"""The product verification queue: oldest first with the submission date and days waiting; narrowed by words,
kecamatan, category and scale; the review screen shows the supplier's readiness and documents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from tests.factories import (give_required_documents, home_district, make_category, make_product, make_supplier,
                             make_user)

pytestmark = pytest.mark.django_db
QUEUE = "catalogue:verification_queue"


def submitted(name: str, days: int, supplier, category) -> Product:
    return make_product(supplier, category, name=name, status=Product.Status.SUBMITTED,
                        submitted_at=timezone.now() - datetime.timedelta(days=days, hours=1))


@pytest.fixture
def queue(client):
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    food = make_category("Makanan")
    chips = make_category("Keripik", parent=food)
    office = make_category("Alat Tulis Kantor")
    small = make_supplier(name="UD Pisang Manis", district=home_district(3), scale="kecil")
    micro = make_supplier(name="UD Pena Jaya", district=home_district(1), scale="mikro")
    return {
        "chips": submitted("Keripik pisang 250 g", 6, small, chips),
        "pen": submitted("Pulpen hitam 12 batang", 2, micro, office),
        "food": food,
    }


def names(client, **params) -> list[str]:
    html = client.get(reverse(QUEUE), params).content.decode()
    return [n for n in ("Keripik pisang 250 g", "Pulpen hitam 12 batang") if n in html]


def test_oldest_first_with_submission_date_and_days_waiting(client, queue):
    html = client.get(reverse(QUEUE)).content.decode()
    assert html.index("Keripik pisang") < html.index("Pulpen hitam")
    assert timezone.localtime(queue["chips"].submitted_at).strftime("%d-%m-%Y") in html
    assert '<td class="num">6</td>' in html and '<td class="num">2</td>' in html


def test_filters_narrow_the_queue(client, queue):
    assert names(client, kecamatan=home_district(3).code) == ["Keripik pisang 250 g"]
    assert names(client, skala="mikro") == ["Pulpen hitam 12 batang"]
    assert names(client, kategori=queue["food"].pk) == ["Keripik pisang 250 g"]
    assert names(client, q="pena") == ["Pulpen hitam 12 batang"]  # the supplier's name
    assert names(client, q="pulpen", skala="kecil") == []


def test_review_screen_shows_the_suppliers_readiness_and_documents(client, queue):
    give_required_documents(queue["chips"].supplier)
    page = client.get(reverse("catalogue:product_review", args=[queue["chips"].pk])).content.decode()
    assert "Skor kesiapan" in page and "Semua dokumen wajib ada" in page and "Kartu/surat NPWP" in page
    page = client.get(reverse("catalogue:product_review", args=[queue["pen"].pk])).content.decode()
    assert "Dokumen wajib belum ada" in page and "Belum ada dokumen." in page
