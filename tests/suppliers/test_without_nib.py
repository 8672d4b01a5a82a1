"""A business "belum ber-NIB": registered by its owner or an officer without an NIB, helped to get one through OSS,
never verified nor selling until the NIB is in; then the normal verification flow continues."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue import services as catalogue_services
from katalog.catalogue.errors import CatalogueError, NotAllowed
from katalog.catalogue.importing import import_products
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.monitoring import worklist
from katalog.monitoring.readiness import readiness_of
from katalog.purchasing.errors import InvalidInput
from katalog.purchasing.services import cart_add_product
from katalog.regions.models import District
from katalog.suppliers import services
from katalog.suppliers.forms import BusinessForm
from katalog.suppliers.models import Supplier
from katalog.suppliers.states import SupplierStatus
from tests.factories import give_required_documents, make_product, make_supplier, make_user

from .flows import business, edit_form, fill_assisted_registration, fill_self_registration, self_step

pytestmark = pytest.mark.django_db
S = SupplierStatus


def without_nib(**fields) -> Supplier:
    fields.setdefault("status", S.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    fields.setdefault("owner_nik", "1803021708850001")
    fields.setdefault("bank_account_number", "012301000456509")
    fields.setdefault("bank_name", "BRI")
    fields.setdefault("bank_account_holder", "Siti Aminah")
    return make_supplier(nib=None, **fields)


def _edit_data(supplier, **changes) -> dict:
    # The edit form with a village: these businesses were made without one.
    return edit_form(supplier, **{"alamat-village": supplier.village_id or "18.03.01.1001", **changes})


# --- the form: an explicit choice, the NIB rules unchanged for those who enter one -------------------------


def _business_form(**overrides):
    data = business(**overrides)
    return BusinessForm({k: v for k, v in data.items() if v is not None})


def test_the_nib_or_the_explicit_choice_belum_punya_nib_is_asked():
    form = _business_form(nib="")
    assert not form.is_valid()
    assert form.errors["nib"] == ["Isi NIB 13 digit dari OSS, atau centang “Belum punya NIB” bila usaha belum "
                                  "memilikinya."]
    form = _business_form(nib="", no_nib="on")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nib"] == "" and form.cleaned_data["no_nib"] is True


def test_an_nib_and_belum_punya_nib_together_are_refused():
    form = _business_form(no_nib="on")
    assert not form.is_valid() and "Belum punya NIB" in form.errors["no_nib"][0]


def test_an_entered_nib_is_still_checked_as_before():
    form = _business_form(nib="912000123456")
    assert not form.is_valid() and form.errors["nib"] == [
        "NIB harus 13 digit; yang Anda isi 12 digit. Lihat dokumen NIB dari OSS."]
    other = make_supplier()
    form = _business_form(nib=other.nib)
    assert not form.is_valid() and "sudah terdaftar" in form.errors["nib"][0]


# --- registration, by the owner and by an officer -------------------------------------------------------------


def test_an_owner_registers_without_an_nib_and_is_shown_how_to_get_one(client):
    fill_self_registration(client, submit=False, usaha={"nib": "", "no_nib": "on"})
    summary = client.get(reverse("suppliers:register_step", args=["ringkasan"])).content.decode()
    assert "Belum punya NIB" in summary
    response = self_step(client, "ringkasan", {"confirm": "on"})
    assert response.status_code == 302
    supplier = Supplier.objects.get(name="UD Kopi Robusta Bukit")
    assert supplier.nib is None and supplier.status == S.SUBMITTED
    own = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "Belum ber-NIB: buat NIB lebih dulu" in own and "oss.go.id" in own
    assert reverse("suppliers:supplier_edit", args=[supplier.pk]) in own
    # The first thing the readiness checklist asks of it is the NIB, with how to get one.
    todo = own.split("Yang masih kurang")[1]
    assert todo.index("NIB (belum ber-NIB)") < todo.index("Rekening bank")


def test_an_officer_registers_two_businesses_without_an_nib_while_an_nib_stays_unique(client):
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    fill_assisted_registration(client, usaha={"nib": "", "no_nib": "on"})
    fill_assisted_registration(client, usaha={"nib": "", "no_nib": "on", "name": "UD Gula Aren",
                                              "npwp": ""}, akun={"username": "budi.aren"})
    assert Supplier.objects.without_nib().filter(registered_by=officer).count() == 2
    registered = AuditEvent.objects.filter(action="supplier.registered")
    assert registered.count() == 2
    taken = make_supplier()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_supplier(nib=taken.nib)


def test_no_nib_is_stored_as_null_never_as_an_empty_string():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_supplier(nib="")


def test_officers_find_the_businesses_belum_ber_nib(client):
    client.force_login(make_user(Role.UMKM_OFFICER))
    missing, having = without_nib(name="UD Tanpa Nomor"), make_supplier(name="UD Bernomor")
    page = client.get(reverse("suppliers:supplier_list"), {"nib": "belum"}).content.decode()
    assert missing.name in page and having.name not in page and "belum ber-NIB" in page
    everyone = client.get(reverse("suppliers:supplier_list")).content.decode()
    assert missing.name in everyone and having.nib in everyone


# --- verification waits for the NIB -------------------------------------------------------------------------


@pytest.fixture
def manager():
    return make_user(Role.CATALOGUE_MANAGER, email="pengelola@lampungutarakab.go.id", phone="081211112222")


def test_the_manager_cannot_verify_a_business_without_an_nib_even_with_a_reason(manager):
    supplier = without_nib()
    give_required_documents(supplier)
    services.supplier_start_review(supplier=supplier, actor=manager)
    with pytest.raises(services.SupplierError, match="belum ber-NIB, jadi belum dapat diverifikasi"):
        services.supplier_verify(supplier=supplier, actor=manager, reason="Sudah dicek di lapangan")
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW and supplier.verified_at is None
    assert not AuditEvent.objects.filter(action="supplier.verified").exists()


def test_the_review_page_says_why_and_a_forced_verify_is_refused(client, manager):
    supplier = without_nib()
    services.supplier_start_review(supplier=supplier, actor=manager)
    client.force_login(manager)
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    verify_url = reverse("suppliers:verification_action", args=[supplier.pk, "verify"])
    assert "data-verify-blocked" in page and verify_url not in page
    assert reverse("suppliers:verification_revision", args=[supplier.pk]) in page
    response = client.post(verify_url, {"reason": "tetap"}, follow=True)
    assert "belum ber-NIB, jadi belum dapat diverifikasi" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW
    queue = client.get(reverse("suppliers:verification_queue")).content.decode()
    assert "belum ber-NIB: belum dapat diverifikasi" in queue


@pytest.mark.parametrize("who", ["owner", "officer"])
def test_once_the_nib_is_added_verification_goes_on_as_usual(client, manager, who):
    supplier = without_nib(village_id="18.03.01.1001", phone="+6281234567890")
    give_required_documents(supplier)
    actor = make_user(Role.SUPPLIER, supplier=supplier) if who == "owner" else make_user(Role.UMKM_OFFICER)
    client.force_login(actor)
    edit = client.get(reverse("suppliers:supplier_edit", args=[supplier.pk])).content.decode()
    assert re.search(r'<input type="checkbox" name="usaha-no_nib"[^>]* checked', edit)
    response = client.post(reverse("suppliers:supplier_edit", args=[supplier.pk]),
                           _edit_data(supplier, **{"usaha-nib": "9120 0012 3456 7"}))
    assert response.status_code == 302, [response.context[f].errors for f in ("business", "address", "contact")]
    supplier.refresh_from_db()
    assert supplier.nib == "9120001234567" and supplier.status == S.SUBMITTED
    event = AuditEvent.objects.filter(action="supplier.updated").last()
    assert event.after["nib_added"] is True and "9120001234567" not in str(event.after)
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_verify(supplier=supplier, actor=manager)
    supplier.refresh_from_db()
    assert supplier.status == S.VERIFIED


def test_a_recorded_nib_is_corrected_never_removed(client):
    supplier = make_supplier(status=S.VERIFIED, owner_nik="1803021708850001", village_id="18.03.01.1001")
    client.force_login(make_user(Role.SUPPLIER, supplier=supplier))
    edit = client.get(reverse("suppliers:supplier_edit", args=[supplier.pk])).content.decode()
    assert "no_nib" not in edit
    response = client.post(reverse("suppliers:supplier_edit", args=[supplier.pk]),
                           _edit_data(supplier, **{"usaha-nib": "", "usaha-no_nib": "on"}))
    assert response.status_code == 200 and "tidak dapat dihapus" in response.content.decode()
    with pytest.raises(services.SupplierError, match="tidak dapat dihapus"):
        services.supplier_update(
            supplier=supplier, actor=make_user(Role.UMKM_OFFICER),
            business={"name": supplier.name, "owner_name": supplier.owner_name, "owner_nik": supplier.owner_nik,
                      "nib": "", "npwp": supplier.npwp, "scale": supplier.scale, "kbli_codes": []},
            address={"province": "18", "regency": "18.03", "district": supplier.district_id,
                     "village": supplier.village_id, "address": "Jl. Lintas Sumatera 1"},
            contact={})
    supplier.refresh_from_db()
    assert supplier.nib and supplier.status == S.VERIFIED


# --- who may add the NIB (object level) ---------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", [
    (Role.CATALOGUE_MANAGER, 403), (Role.AUDITOR, 403), (Role.PP, 403), (Role.LEADERSHIP, 403),
    ("other_owner", 404),
])
def test_only_the_owner_and_umkm_officers_may_add_the_nib(client, role, expected):
    supplier = without_nib(village_id="18.03.01.1001")
    user = make_user(Role.SUPPLIER) if role == "other_owner" else make_user(role)
    client.force_login(user)
    response = client.post(reverse("suppliers:supplier_edit", args=[supplier.pk]),
                           _edit_data(supplier, **{"usaha-nib": "9120001234567"}))
    assert response.status_code == expected
    supplier.refresh_from_db()
    assert supplier.nib is None


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_changes(client):
    supplier = without_nib(village_id="18.03.01.1001")
    response = client.post(reverse("suppliers:supplier_edit", args=[supplier.pk]),
                           _edit_data(supplier, **{"usaha-nib": "9120001234567"}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    supplier.refresh_from_db()
    assert supplier.nib is None


# --- it cannot sell ------------------------------------------------------------------------------------------


def test_its_products_wait_as_drafts_and_cannot_be_submitted():
    supplier = without_nib()
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    product = make_product(supplier, status="draft")
    with pytest.raises(CatalogueError, match="belum ber-NIB"):
        catalogue_services.product_transition(actor=owner, product=product, action="submit")
    product.refresh_from_db()
    assert product.status == "draft"


def test_a_business_verified_before_nibs_were_required_cannot_be_bought_from_nor_published(manager):
    # Data from before the rule: verified, with an active product, and no NIB.
    legacy = make_supplier(nib=None, status=S.VERIFIED)
    product = make_product(legacy, status="active")
    buyer = make_user(Role.PP)
    with pytest.raises(InvalidInput, match="belum ber-NIB, jadi belum dapat menjual"):
        cart_add_product(user=buyer, product=product, quantity=1)
    with pytest.raises(NotAllowed, match="belum ber-NIB"):
        import_products(data=b"", filename="produk.csv", supplier=legacy, actor=manager, publish=True)
    draft = make_product(legacy, status="verified", verified_at=timezone.now())
    with pytest.raises(CatalogueError, match="belum ber-NIB"):
        catalogue_services.product_transition(actor=make_user(Role.SUPPLIER, supplier=legacy), product=draft,
                                              action="publish")


# --- readiness and the officer's worklist -------------------------------------------------------------------


def test_getting_the_nib_is_the_first_readiness_task_and_the_worklist_says_so(client):
    district = District.objects.get(code="18.03.02")
    officer = make_user(Role.UMKM_OFFICER)
    worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=officer, district=district)
    supplier = without_nib(name="UD Belum Bernomor", district=district, phone="081234567890")
    readiness = readiness_of(supplier)
    assert readiness.missing[0].key == "nib" and "oss.go.id" in str(readiness.missing[0].todo)
    assert not readiness.is_ready
    having = readiness_of(make_supplier(district=district))
    assert all("oss.go.id" not in str(item.todo) for item in having.missing)
    [area] = worklist.worklist(officer)
    row = next(r for r in area.not_ready if r.supplier == supplier)
    assert row.missing[0].key == "nib"
    client.force_login(officer)
    page = client.get(reverse("monitoring:worklist")).content.decode()
    cell = page.split(f'data-supplier="{supplier.pk}"')[1].split("</tr>")[0]
    assert "belum ber-NIB" in cell and cell.index("NIB (belum ber-NIB)") < cell.index("Rekening bank")
