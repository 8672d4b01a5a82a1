"""The UMKM officer's worklist: per assigned kecamatan, kampung without a seller, businesses not ready with
what each lacks, orders close to expiry, visits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.monitoring import worklist
from katalog.monitoring.models import OfficerArea
from katalog.purchasing.states import OrderStatus
from katalog.regions.models import District, Village
from katalog.suppliers.models import AssistanceVisit
from tests.factories import make_agency, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def field():
    district = District.objects.get(code="18.03.02")
    villages = list(Village.objects.filter(district=district).order_by("code"))
    officer = make_user(Role.UMKM_OFFICER)
    worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=officer, district=district)
    seller = make_supplier(name="UD Penjual", district=district, village_id=villages[0].code)
    make_product(seller)
    beginner = make_supplier(name="UD Pemula", district=district, village_id=villages[1].code, status="draft")
    agency = make_agency()
    due = make_order(agency=agency, supplier=seller, buyer=make_user(Role.PP, agency=agency),
                     lines=[(make_product(seller), 1)], status=OrderStatus.SUPPLIER_CONFIRMATION,
                     response_due_at=timezone.now() + timedelta(hours=20))
    AssistanceVisit.objects.create(officer=officer, supplier=beginner, district=district, village=villages[1],
                                   visited_on=timezone.localdate(), notes="Bantu urus NIB di OSS.",
                                   next_step="Foto produk gula aren")
    return {"district": district, "villages": villages, "officer": officer, "seller": seller,
            "beginner": beginner, "due": due}


def test_the_worklist_covers_the_officers_kecamatan(field):
    [area] = worklist.worklist(field["officer"])
    assert field["villages"][0] not in area.villages_without_seller
    assert field["villages"][1] in area.villages_without_seller
    assert len(area.villages_without_seller) == len(field["villages"]) - 1
    beginner = next(r for r in area.not_ready if r.supplier == field["beginner"])
    assert {item.key for item in beginner.missing} >= {"product", "contact", "nib"}
    assert area.due_orders == [field["due"]]
    assert [v.next_step for v in area.next_steps] == ["Foto produk gula aren"]


def test_another_officer_sees_nothing_until_assigned(field):
    other = make_user(Role.UMKM_OFFICER)
    assert worklist.worklist(other) == []


def test_only_the_administrator_assigns_and_only_officers_in_the_kabupaten(field):
    with pytest.raises(worklist.WorklistError):
        worklist.officer_area_assign(actor=field["officer"], officer=field["officer"], district=field["district"])
    with pytest.raises(worklist.WorklistError):
        worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=make_user(Role.AUDITOR),
                                     district=field["district"])
    with pytest.raises(worklist.WorklistError):
        worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=field["officer"],
                                     district=District.objects.get(code="18.71.01"))
    assert OfficerArea.objects.count() == 1


def test_the_page_lists_what_each_business_lacks(client, field):
    client.force_login(field["officer"])
    page = client.get(reverse("monitoring:worklist")).content.decode()
    assert "UD Pemula" in page and "Produk dengan foto dan harga" in page and field["due"].number in page
    assert field["villages"][1].name in page
