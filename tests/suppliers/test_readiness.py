"""Readiness: a weighted checklist per business, the funnel per kecamatan and kampung, assistance visits."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.purchasing.states import OrderStatus
from katalog.suppliers.models import AssistanceVisit, SupplierDocument
from katalog.monitoring.readiness import CHECKLIST, funnel_by_district, funnel_by_village, readiness_of
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db


def add_document(supplier, kind, **fields):
    uploader = supplier.people.first() or make_user(Role.SUPPLIER, supplier=supplier)
    return SupplierDocument.objects.create(
        supplier=supplier, kind=kind, file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"), content_type="application/pdf",
        size=8, uploaded_by=uploader, **fields)


def add_photo(product):
    if hasattr(product, "photos"):  # the catalogue app's ProductPhoto
        product.photos.create(image="p.jpg", thumbnail="t.jpg", width=8, height=8)


def ready_supplier(**fields):
    fields.setdefault("owner_nik", "1803021708850001")
    fields.setdefault("kbli_codes", ["10761"])
    fields.setdefault("address", "Jl. Raya 1")
    fields.setdefault("village_id", "18.03.01.1001")
    fields.setdefault("phone", "+6281234567890")
    fields.setdefault("email", "usaha@contoh.id")
    fields.setdefault("email_verified_at", timezone.now())
    fields.setdefault("bank_name", "BRI")
    fields.setdefault("bank_account_number", "012301000456509")
    fields.setdefault("bank_account_holder", "Siti Aminah")
    supplier = make_supplier(**fields)
    for kind in ("nib", "npwp", "bank"):
        add_document(supplier, kind)
    product = make_product(supplier, tkdn=Decimal("30"))
    add_photo(product)
    return supplier


def test_weights_add_up_to_one_hundred():
    assert sum(item.weight for item in CHECKLIST) == 100


def test_a_complete_business_scores_one_hundred_and_is_ready():
    readiness = readiness_of(ready_supplier())
    assert readiness.score == 100 and readiness.is_ready and readiness.missing == []


def test_a_bare_registration_scores_zero_and_says_what_to_do_in_plain_words():
    readiness = readiness_of(make_supplier(status="draft"))
    assert readiness.score == 0 and not readiness.is_ready
    todo = " ".join(readiness.todo)
    assert "unggah dokumen NIB" in todo and "buku tabungan" in todo and "foto dan harga" in todo


def test_an_expired_document_no_longer_counts():
    supplier = ready_supplier()
    supplier.documents.filter(kind="nib").update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    readiness = readiness_of(supplier)
    assert readiness.score == 85 and [item.key for item in readiness.missing] == ["nib"]


def test_a_product_labelled_halal_needs_a_halal_certificate():
    supplier = ready_supplier()
    make_product(supplier, is_halal=True)
    assert "certificates" in [item.key for item in readiness_of(supplier).missing]
    add_document(supplier, "halal", expires_on=timezone.localdate() + datetime.timedelta(days=365))
    assert readiness_of(supplier).score == 100


def test_food_needs_pirt_or_bpom():
    supplier = ready_supplier()
    food = make_category("Makanan ringan")
    food.kbki_id = "23"
    food.save()
    snack = make_category("Keripik", parent=food)
    make_product(supplier, category=snack)
    assert "certificates" in [item.key for item in readiness_of(supplier).missing]
    add_document(supplier, "pirt")
    assert "certificates" not in [item.key for item in readiness_of(supplier).missing]


def test_tkdn_counts_when_declared_on_a_product_or_by_certificate():
    supplier = ready_supplier()
    supplier.products.update(tkdn=None)  # no TKDN value stated
    assert "tkdn" in [item.key for item in readiness_of(supplier).missing]
    add_document(supplier, "tkdn", tkdn_value=Decimal("41"), expires_on=timezone.localdate() + datetime.timedelta(days=900))
    assert "tkdn" not in [item.key for item in readiness_of(supplier).missing]


def test_an_owner_without_e_mail_but_with_a_phone_is_reachable_and_ready():
    supplier = ready_supplier(email="", email_verified_at=None)
    readiness = readiness_of(supplier)
    assert readiness.score == 100 and readiness.is_ready


def test_e_mail_alone_is_not_a_reachable_contact_and_keeps_a_business_from_ready():
    supplier = ready_supplier(phone="")
    readiness = readiness_of(supplier)
    assert [item.key for item in readiness.missing] == ["contact"]
    assert readiness.score == 90 and not readiness.is_ready


def test_a_verified_business_that_has_sold_is_ready_even_without_uploads_or_photos():
    seller = make_supplier(phone="", bank_account_number="")  # verified, no document on file, no photo
    product = make_product(seller)
    agency = make_agency()
    make_order(agency=agency, supplier=seller, buyer=make_user(Role.PP, agency=agency), lines=[(product, 1)],
               status=OrderStatus.SIGNING)
    assert readiness_of(seller).is_ready
    seller.status = "needs_revision"
    seller.save(update_fields=["status"])
    assert not readiness_of(seller).is_ready


def test_verification_stands_in_for_a_document_never_uploaded_but_not_for_an_expired_one():
    supplier = make_supplier(bank_account_number="1", bank_account_holder="A")
    keys = {item.key for item in readiness_of(supplier).done}
    assert {"nib", "npwp", "bank"} <= keys
    add_document(supplier, "nib", expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "nib" not in {item.key for item in readiness_of(supplier).done}
    supplier.status = "submitted"
    supplier.save(update_fields=["status"])
    assert not {"npwp", "bank"} & {item.key for item in readiness_of(supplier).done}


def test_funnel_shares_are_shown_as_computed_and_bars_only_are_rounded():
    from katalog.monitoring.readiness import FunnelRow

    row = FunnelRow("x", "x", {"registered": 7, "ready": 3, "verified": 3, "listed": 1, "sold": 0})
    assert str(row.share("ready")) == "42.9" and row.width("ready") == 45
    assert str(row.share("listed")) == "14.3" and row.width("listed") == 15
    assert str(row.share("sold")) == "0.0" and row.width("sold") == 0


def test_funnel_counts_registered_ready_verified_listed_and_sold_per_kecamatan():
    kotabumi = "18.03.02"
    from katalog.regions.models import District

    district = District.objects.get(code=kotabumi)
    ready_supplier(district=district, village_id="18.03.02.1001")  # verified, listed (active product)
    make_supplier(district=district, status="submitted")               # registered only
    sold = make_supplier(district=district)
    product = make_product(sold)
    agency = make_agency()
    buyer = make_user(Role.PP, agency=agency)
    make_order(agency=agency, supplier=sold, buyer=buyer, lines=[(product, 1)], status=OrderStatus.COMPLETED)
    talking = make_supplier(district=district)
    make_order(agency=agency, supplier=talking, buyer=buyer, lines=[(make_product(talking), 1)],
               status=OrderStatus.NEGOTIATION)  # not committed: does not count as sold
    make_supplier(district=district, status="rejected")
    rows, total = funnel_by_district()
    row = next(r for r in rows if r.code == kotabumi)
    # Each step counts those that reached it or a later one: the verified seller that sold and the verified,
    # listed business count as "siap" too, so no step is smaller than the one after it.
    assert row.counts == {"registered": 5, "ready": 3, "verified": 3, "listed": 3, "sold": 1}
    counts = list(row.counts.values())
    assert counts == sorted(counts, reverse=True)
    assert total.counts["registered"] == 5 and len(rows) == 23
    villages, _total = funnel_by_village(district)
    assert next(v for v in villages if v.code == "18.03.02.1001").counts["ready"] == 1
    assert villages[-1].code == "-" and villages[-1].counts["registered"] == 4


def test_suppliers_outside_the_kabupaten_are_not_in_the_funnel():
    from katalog.regions.models import District

    make_supplier(district=District.objects.get(code="18.04.04"))
    _rows, total = funnel_by_district()
    assert total.counts["registered"] == 0


@pytest.mark.parametrize(("role", "status"), [
    (Role.UMKM_OFFICER, 200), (Role.LEADERSHIP, 200), (Role.CATALOGUE_MANAGER, 200), (Role.AUDITOR, 200),
    (Role.ADMIN, 200), (Role.SUPPLIER, 403), (Role.PP, 403), (Role.PPK, 403), (Role.TREASURER, 403),
])
def test_readiness_view_is_for_the_dinas_and_leadership(client, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("monitoring:readiness")).status_code == status
    assert client.get(reverse("monitoring:readiness_district", args=["18.03.02"])).status_code == status


def test_readiness_view_shows_a_table_and_a_bar_chart_without_personal_data(client):
    ready_supplier(district_id="18.03.02", village_id="18.03.02.1001")
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("monitoring:readiness")).content.decode()
    assert "Kotabumi" in html and "bar-fill w-100" in html and "Pernah menjual" in html
    assert "style=" not in html and "1803021708850001" not in html
    village_page = client.get(reverse("monitoring:readiness_district", args=["18.03.02"])).content.decode()
    assert "Kotabumi Udik" in village_page


def test_readiness_for_a_kecamatan_outside_the_kabupaten_is_not_found(client):
    client.force_login(make_user(Role.UMKM_OFFICER))
    assert client.get(reverse("monitoring:readiness_district", args=["18.04.04"])).status_code == 404


def test_supplier_sees_its_own_score_and_missing_items(client):
    supplier = make_supplier(status="draft")
    client.force_login(make_user(Role.SUPPLIER, supplier=supplier))
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "0/100" in html and "Yang masih kurang" in html and "unggah dokumen NIB" in html


# --- assistance visits ---------------------------------------------------------


def test_officer_logs_an_assistance_visit(client):
    officer = make_user(Role.UMKM_OFFICER)
    supplier = make_supplier(district_id="18.03.02")
    client.force_login(officer)
    response = client.post(reverse("suppliers:visit_list"), {
        "visited_on": timezone.localdate().isoformat(), "district": "18.03.02", "village": "18.03.02.1001",
        "supplier": supplier.pk, "notes": "Bu Siti belum punya NPWP; dibantu daftar di DJP Online.",
        "next_step": "Unggah NPWP minggu depan",
    })
    assert response.status_code == 302
    visit = AssistanceVisit.objects.get()
    assert visit.officer == officer and visit.supplier == supplier
    assert "Unggah NPWP minggu depan" in client.get(reverse("suppliers:visit_list")).content.decode()
    event = AuditEvent.objects.get(action="supplier.visit_recorded")
    assert "Bu Siti" not in str(event.after)


def test_visit_with_future_date_or_mismatched_kampung_is_refused(client):
    client.force_login(make_user(Role.UMKM_OFFICER))
    base = {"district": "18.03.02", "notes": "Sosialisasi", "next_step": ""}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("suppliers:visit_list"), {**base, "visited_on": tomorrow})
    assert "masa depan" in response.content.decode()
    response = client.post(reverse("suppliers:visit_list"),
                           {**base, "visited_on": timezone.localdate().isoformat(), "village": "18.03.01.1001"})
    assert "tidak berada di kecamatan" in response.content.decode()
    assert not AssistanceVisit.objects.exists()


@pytest.mark.parametrize("role", [Role.SUPPLIER, Role.LEADERSHIP, Role.CATALOGUE_MANAGER, Role.PP])
def test_only_officers_log_visits(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("suppliers:visit_list")).status_code == 403


def test_the_visit_form_goes_kecamatan_then_kampung_then_business_with_todays_date(client):
    from katalog.regions.models import Village

    officer = make_user(Role.UMKM_OFFICER)
    here = make_supplier(name="UD Di Kampung Ini", district_id="18.03.02", village_id="18.03.02.1001")
    make_supplier(name="UD Kampung Sebelah", district_id="18.03.02", village_id="18.03.02.1002")
    make_supplier(name="UD Kecamatan Lain", district_id="18.03.03")
    client.force_login(officer)
    first = client.get(reverse("suppliers:visit_list")).content.decode()
    assert timezone.localdate().isoformat() in first
    in_district = client.get(reverse("suppliers:visit_list"), {"kecamatan": "18.03.02"}).content.decode()
    form_part = in_district.split("Kunjungan terakhir")[0]
    assert "UD Kampung Sebelah" in form_part and "UD Kecamatan Lain" not in form_part
    other_village = Village.objects.filter(district_id="18.03.03").first()
    assert f'value="{other_village.code}"' not in form_part
    in_village = client.get(reverse("suppliers:visit_list"), {"kecamatan": "18.03.02", "kampung": "18.03.02.1001"})
    form_part = in_village.content.decode().split("Kunjungan terakhir")[0]
    assert "UD Di Kampung Ini" in form_part and "UD Kampung Sebelah" not in form_part
    response = client.post(reverse("suppliers:visit_list") + "?kecamatan=18.03.02&kampung=18.03.02.1001", {
        "visited_on": timezone.localdate().isoformat(), "district": "18.03.02", "village": "18.03.02.1001",
        "supplier": here.pk, "notes": "Foto produk untuk katalog.", "next_step": "Unggah foto"})
    assert response.status_code == 302
    staff = make_user(Role.CATALOGUE_MANAGER)
    client.force_login(staff)
    page = client.get(reverse("suppliers:supplier_detail", args=[here.pk])).content.decode()
    assert "Kunjungan pendampingan" in page and "Foto produk untuk katalog." in page
