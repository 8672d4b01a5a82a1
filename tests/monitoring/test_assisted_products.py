"""A UMKM officer prepares products with photos for a business it assists: in a kecamatan assigned to it, or
registered by it. Every change is audited under the officer's name; the owner sees who added the product
and may withdraw it; nobody else reaches these pages."""

import pytest
from django.urls import reverse

from katalog.catalogue import services
from katalog.catalogue.errors import NotAllowed
from katalog.catalogue.models import Product
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.monitoring import worklist
from katalog.regions.models import District
from tests.catalogue.test_products import png_bytes, product_data
from tests.factories import make_category, make_supplier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    district = District.objects.get(code="18.03.02")
    officer = make_user(Role.UMKM_OFFICER)
    worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=officer, district=district)
    business = make_supplier(name="UD Gula Aren Mekar", district=district)
    owner = make_user(Role.SUPPLIER, supplier=business)
    return {"district": district, "officer": officer, "business": business, "owner": owner,
            "category": make_category("Gula")}


def form_post(category, **changes):
    data = {"name": "Gula Aren Cetak 1 kg", "category": category.pk, "description": "Gula aren murni.",
            "unit": "kg", "price": "27.500", "stock": "40", "min_order": "1", "lead_time_days": "2",
            "delivery_area": "Kotabumi", "tkdn": "80", "bmp": "0", "origin": "lokal", "production_district": "",
            "brand": "", "ppn_percent": "0"}
    data.update(changes)
    return data


def test_the_officer_adds_a_product_with_a_photo_and_submits_it(client, area):
    client.force_login(area["officer"])
    business = area["business"]
    response = client.post(reverse("monitoring:assisted_product_create", args=[business.pk]),
                           form_post(area["category"]))
    product = Product.objects.get(name="Gula Aren Cetak 1 kg")
    assert response["Location"] == reverse("monitoring:assisted_product_edit", args=[business.pk, product.pk])
    assert (product.supplier, product.created_by, product.status) == (business, area["officer"], "draft")

    client.post(reverse("monitoring:assisted_product_photo_add", args=[business.pk, product.pk]),
                {"photo": png_bytes()})
    assert product.photos.count() == 1
    client.post(reverse("monitoring:assisted_product_action", args=[business.pk, product.pk]),
                {"action": "submit"})
    product.refresh_from_db()
    assert product.status == "submitted"
    done = set(AuditEvent.objects.filter(object_id=str(product.pk)).values_list("action", "actor_id"))
    assert {("product.create", area["officer"].pk), ("product.photo_add", area["officer"].pk),
            ("product.submit", area["officer"].pk)} <= done


def test_the_owner_sees_who_added_it_and_withdraws_it(client, area):
    product = services.product_create(actor=area["officer"], supplier=area["business"],
                                      data=product_data(area["category"]), assisting=True)
    client.force_login(area["owner"])
    page = client.get(reverse("catalogue:my_products")).content.decode()
    assert f"Diisi oleh pendamping {area['officer'].full_name}" in page
    assert "Tarik produk ini" in client.get(reverse("catalogue:my_product_edit", args=[product.pk])).content.decode()
    client.post(reverse("catalogue:my_product_action", args=[product.pk]), {"action": "withdraw"})
    product.refresh_from_db()
    assert product.status == "inactive"
    assert AuditEvent.objects.filter(action="product.withdraw", actor=area["owner"]).exists()


def test_the_officer_may_not_withdraw_what_the_owner_decides(client, area):
    product = services.product_create(actor=area["officer"], supplier=area["business"],
                                      data=product_data(area["category"]), assisting=True)
    client.force_login(area["officer"])
    client.post(reverse("monitoring:assisted_product_action", args=[area["business"].pk, product.pk]),
                {"action": "withdraw"})
    product.refresh_from_db()
    assert product.status == "draft"


def test_a_business_outside_the_officers_kecamatan_is_out_of_reach(client, area):
    elsewhere = make_supplier(name="UD Jauh", district=District.objects.get(code="18.03.01"))
    client.force_login(area["officer"])
    assert client.get(reverse("monitoring:assisted_products", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("monitoring:assisted_product_create", args=[elsewhere.pk]),
                       form_post(area["category"])).status_code == 404
    assert not Product.objects.filter(supplier=elsewhere).exists()


def test_a_business_the_officer_registered_is_within_reach_wherever_it_is(client, area):
    registered = make_supplier(name="UD Didaftarkan", district=District.objects.get(code="18.03.01"),
                               registered_by=area["officer"])
    client.force_login(area["officer"])
    assert client.get(reverse("monitoring:assisted_products", args=[registered.pk])).status_code == 200


def test_a_product_of_another_business_is_not_reached_through_an_assisted_one(client, area):
    stranger = make_supplier(name="UD Lain")
    stranger_owner = make_user(Role.SUPPLIER, supplier=stranger)
    other = services.product_create(actor=stranger_owner, supplier=stranger, data=product_data(area["category"]))
    client.force_login(area["officer"])
    url = reverse("monitoring:assisted_product_edit", args=[area["business"].pk, other.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.PP, Role.SUPPLIER, Role.CATALOGUE_MANAGER, Role.AUDITOR])
def test_other_roles_are_refused(client, area, role):
    client.force_login(make_user(role))
    assert client.get(reverse("monitoring:assisted_products", args=[area["business"].pk])).status_code == 403


def test_the_administrator_assists_no_business(client, area):
    client.force_login(make_user(Role.ADMIN))
    assert client.get(reverse("monitoring:assisted_products", args=[area["business"].pk])).status_code == 404


def test_the_service_refuses_an_officer_who_does_not_say_it_assists(area):
    product = services.product_create(actor=area["owner"], supplier=area["business"],
                                      data=product_data(area["category"]))
    with pytest.raises(NotAllowed):
        services.product_update(actor=area["officer"], product=product, data={"price": 1})
    with pytest.raises(NotAllowed):
        services.product_create(actor=make_user(Role.PP), supplier=area["business"],
                                data=product_data(area["category"]), assisting=True)
