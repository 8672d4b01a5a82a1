"""The public page shows no personal data; lists mask it; only the one detail screen shows it, never cached."""

import pytest
from django.urls import reverse

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.factories import make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db

NIK, NPWP, BANK, PHONE, EMAIL = "1803021708850001", "0012345678912000", "012301000456509", "+6281234567890", "siti@contoh.id"


def personal_supplier(**fields):
    fields.update(owner_nik=NIK, npwp=NPWP, bank_account_number=BANK, phone=PHONE, email=EMAIL,
                  owner_name="Siti Aminah", bank_account_holder="Siti Aminah", address="Jl. Melati 7 RT 02")
    return make_supplier(**fields)


def test_public_page_shows_name_kecamatan_scale_products_and_ratings_but_no_personal_data(client):
    supplier = personal_supplier(name="UD Keripik Pisang Sumber Rezeki")
    make_product(supplier, name="Keripik Pisang Coklat 250 g")
    html = client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).content.decode()
    assert "UD Keripik Pisang Sumber Rezeki" in html and supplier.district.name in html and "Mikro" in html
    assert "Keripik Pisang Coklat 250 g" in html and "Penilaian" in html
    for secret in (NIK, NPWP, BANK, PHONE, "81234567890", EMAIL, "Siti Aminah", "Jl. Melati"):
        assert secret not in html


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "needs_revision", "rejected"])
def test_a_business_never_verified_has_no_public_page(client, status):
    supplier = make_supplier(status=status)
    assert client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).status_code == 404


def test_a_previously_verified_business_rejected_later_has_no_public_page(client):
    supplier = make_supplier(status="rejected", public_snapshot={"name": "X", "scale": "mikro"})
    assert client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER, Role.LEADERSHIP, Role.AUDITOR, Role.ADMIN])
def test_the_supplier_list_masks_personal_data(client, role):
    personal_supplier(name="UD Tapis Jaya")
    client.force_login(make_user(role))
    html = client.get(reverse("suppliers:supplier_list")).content.decode()
    assert "UD Tapis Jaya" in html
    for secret in (NIK, NPWP, BANK, PHONE, EMAIL):
        assert secret not in html
    assert "************2000" in html and "***********6509" in html


def test_the_supplier_list_filters_by_kecamatan_and_name(client):
    make_supplier(name="UD Batik Kotabumi", district_id="18.03.02")
    make_supplier(name="UD Bata Merah", district_id="18.03.05")
    client.force_login(make_user(Role.UMKM_OFFICER))
    html = client.get(reverse("suppliers:supplier_list"), {"kecamatan": "18.03.02"}).content.decode()
    assert "UD Batik Kotabumi" in html and "UD Bata Merah" not in html
    html = client.get(reverse("suppliers:supplier_list"), {"q": "bata"}).content.decode()
    assert "UD Bata Merah" in html and "UD Batik Kotabumi" not in html


def test_the_owner_sees_their_own_data_unmasked_on_the_detail_screen_which_is_never_cached(client):
    supplier = personal_supplier()
    client.force_login(make_user(Role.SUPPLIER, supplier=supplier))
    response = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk]))
    html = response.content.decode()
    assert NIK in html and NPWP in html and BANK in html
    assert "no-store" in response["Cache-Control"]
    assert not AuditEvent.objects.filter(action="supplier.personal_data_viewed").exists()


def test_staff_opening_the_unmasked_record_is_recorded(client):
    supplier = personal_supplier()
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    assert NIK in client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    event = AuditEvent.objects.get(action="supplier.personal_data_viewed")
    assert event.actor == officer and event.object_id == str(supplier.pk) and event.after is None


def test_the_edit_screen_is_never_cached(client):
    supplier = personal_supplier()
    client.force_login(make_user(Role.SUPPLIER, supplier=supplier))
    assert "no-store" in client.get(reverse("suppliers:supplier_edit", args=[supplier.pk]))["Cache-Control"]


def test_the_catalogue_managers_dashboard_list_shows_no_personal_data(client):
    personal_supplier(status="submitted")
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    html = client.get(reverse("suppliers:verification_queue")).content.decode()
    for secret in (NIK, NPWP, BANK, PHONE, EMAIL):
        assert secret not in html


def test_email_address_is_confirmed_with_a_button_not_by_merely_opening_the_link(client):
    from katalog.suppliers.services import email_verification_token

    supplier = personal_supplier()
    token = email_verification_token(supplier)
    assert EMAIL not in token and "contoh" not in token
    url = reverse("suppliers:email_verify", args=[token])
    client.get(url)
    supplier.refresh_from_db()
    assert supplier.email_verified_at is None
    assert "sudah terverifikasi" in client.post(url).content.decode()
    supplier.refresh_from_db()
    assert supplier.email_verified_at is not None


def test_an_email_link_for_an_address_since_changed_is_refused(client):
    from katalog.suppliers.services import email_verification_token

    supplier = personal_supplier()
    token = email_verification_token(supplier)
    supplier.email = "baru@contoh.id"
    supplier.save()
    response = client.post(reverse("suppliers:email_verify", args=[token]))
    assert response.status_code == 400 and "sudah diganti" in response.content.decode()
    assert client.post(reverse("suppliers:email_verify", args=["rusak"])).status_code == 400


def test_notifications_are_the_suppliers_own(client):
    from katalog.suppliers.services import notify_supplier

    own, other = make_supplier(), make_supplier()
    notify_supplier(supplier=own, title="Untuk saya")
    notify_supplier(supplier=other, title="Untuk usaha lain")
    client.force_login(make_user(Role.SUPPLIER, supplier=own))
    html = client.get(reverse("suppliers:notifications")).content.decode()
    assert "Untuk saya" in html and "Untuk usaha lain" not in html
    client.post(reverse("suppliers:notifications"))
    assert not own.notifications.filter(read_at__isnull=True).exists()
    assert other.notifications.filter(read_at__isnull=True).exists()
