"""Each role's landing page: the catalogue manager's links to both verification queues with their counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.suppliers.states import SupplierStatus
from tests.factories import make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db


def test_catalogue_managers_landing_page_links_to_each_queue_with_its_count(client):
    for n in range(3):
        make_supplier(name=f"UD Menunggu {n}", status=SupplierStatus.SUBMITTED, submitted_at=timezone.now())
    make_supplier(name="UD Sedang Diperiksa", status=SupplierStatus.IN_REVIEW, submitted_at=timezone.now())
    make_product(name="Gula aren 1 kg", status=Product.Status.SUBMITTED, submitted_at=timezone.now())
    make_product(name="Kopi tayang", status=Product.Status.ACTIVE)
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("suppliers:verification_queue")}">4 penyedia menunggu verifikasi</a>' in html
    assert f'href="{reverse("catalogue:verification_queue")}">1 produk menunggu verifikasi</a>' in html
    assert "Gula aren 1 kg" in html and "Kopi tayang" not in html
