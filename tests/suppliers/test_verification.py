"""Verification by a catalogue manager who is not connected to the business; every step audited and notified."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers import services
from katalog.suppliers.models import Notification, Supplier
from katalog.suppliers.states import Action, IllegalTransition, SupplierStatus, actions_from, next_status
from tests.factories import give_required_documents, make_supplier, make_user
from tests.suppliers.flows import edit_form

pytestmark = pytest.mark.django_db
S = SupplierStatus


def submitted(*, documents: bool = True, **fields) -> Supplier:
    fields.setdefault("status", S.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    fields.setdefault("owner_nik", "1803021708850001")
    fields.setdefault("bank_account_number", "012301000456509")
    supplier = make_supplier(**fields)
    if documents:
        give_required_documents(supplier)
    return supplier


@pytest.fixture
def manager(client):
    user = make_user(Role.CATALOGUE_MANAGER, email="pengelola@lampungutarakab.go.id", phone="081211112222")
    client.force_login(user)
    return user


# --- the table ---------------------------------------------------------------


def test_transition_table_allows_the_documented_path_only():
    assert next_status(S.SUBMITTED, Action.START_REVIEW, Role.CATALOGUE_MANAGER) == S.IN_REVIEW
    assert next_status(S.IN_REVIEW, Action.VERIFY, Role.CATALOGUE_MANAGER) == S.VERIFIED
    assert next_status(S.IN_REVIEW, Action.REQUEST_REVISION, Role.CATALOGUE_MANAGER) == S.NEEDS_REVISION
    assert next_status(S.NEEDS_REVISION, Action.SUBMIT, Role.SUPPLIER) == S.SUBMITTED
    assert next_status(S.VERIFIED, Action.REOPEN, Role.SUPPLIER) == S.SUBMITTED
    with pytest.raises(IllegalTransition):
        next_status(S.SUBMITTED, Action.VERIFY, Role.CATALOGUE_MANAGER)  # not without review
    with pytest.raises(IllegalTransition):
        next_status(S.IN_REVIEW, Action.VERIFY, Role.UMKM_OFFICER)
    with pytest.raises(IllegalTransition):
        next_status(S.REJECTED, Action.SUBMIT, Role.SUPPLIER)
    assert actions_from(S.IN_REVIEW, Role.SUPPLIER) == []


# --- the queue ---------------------------------------------------------------


def test_queue_is_oldest_first_and_shows_waiting_days(client, manager):
    now = timezone.now()
    submitted(name="UD Baru", submitted_at=now - datetime.timedelta(hours=2))
    submitted(name="UD Lama", submitted_at=now - datetime.timedelta(days=5))
    make_supplier(name="UD Sudah Terverifikasi")
    html = client.get(reverse("suppliers:verification_queue")).content.decode()
    assert html.index("UD Lama") < html.index("UD Baru")
    assert "UD Sudah Terverifikasi" not in html
    assert '<td class="num">5</td>' in html


def test_queue_marks_businesses_the_manager_is_connected_to(client, manager):
    submitted(name="UD Milik Saudara", email="PENGELOLA@lampungutarakab.go.id")
    assert "Anda terhubung" in client.get(reverse("suppliers:verification_queue")).content.decode()


# --- the decisions -----------------------------------------------------------


def test_manager_reviews_and_verifies_and_the_supplier_is_told(client, manager, mailoutbox, run_on_commit):
    supplier = submitted(email="usaha@contoh.id", name="UD Gula Aren")
    with run_on_commit():
        assert client.post(reverse("suppliers:verification_action", args=[supplier.pk, "start_review"])).status_code == 302
        supplier.refresh_from_db()
        assert supplier.status == S.IN_REVIEW and supplier.reviewer == manager
        client.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]))
    supplier.refresh_from_db()
    assert supplier.status == S.VERIFIED and supplier.verified_at is not None
    assert supplier.public_snapshot["name"] == "UD Gula Aren"
    assert supplier.public_snapshot["district_name"] == supplier.district.name
    titles = list(Notification.objects.filter(supplier=supplier).values_list("title", flat=True))
    assert any("diperiksa" in t for t in titles) and any("terverifikasi" in t for t in titles)
    assert any("terverifikasi" in m.subject for m in mailoutbox)
    events = AuditEvent.objects.filter(object_type="suppliers.supplier", object_id=str(supplier.pk))
    assert {"supplier.review_started", "supplier.verified"} <= set(events.values_list("action", flat=True))
    for event in events:
        assert "1803021708850001" not in str(event.after) + str(event.before)


def test_verifying_without_review_is_refused_with_a_message(client, manager):
    supplier = submitted()
    response = client.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]), follow=True)
    assert "tidak dapat dilakukan" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED


@pytest.mark.parametrize("link", ["email", "phone", "registered_by", "declared"])
def test_a_manager_connected_to_the_business_cannot_review_it(client, manager, link):
    fields = {"email": {"email": "pengelola@lampungutarakab.go.id"}, "phone": {"phone": "+6281211112222"},
              "registered_by": {"registered_by": manager}, "declared": {}}[link]
    supplier = submitted(**fields)
    if link == "declared":
        client.post(reverse("suppliers:verification_action", args=[supplier.pk, "declare_conflict"]))
    response = client.post(reverse("suppliers:verification_action", args=[supplier.pk, "start_review"]), follow=True)
    assert "terhubung dengan usaha ini" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED
    with pytest.raises(services.SupplierError):
        services.supplier_verify(supplier=supplier, actor=manager)


def test_a_manager_sharing_an_email_with_the_businesss_people_is_connected(manager):
    supplier = submitted()
    make_user(Role.SUPPLIER, supplier=supplier, email="pengelola@lampungutarakab.go.id")
    with pytest.raises(services.SupplierError):
        services.supplier_start_review(supplier=supplier, actor=manager)


def test_revision_is_requested_with_a_reason_per_part(client, manager, mailoutbox, run_on_commit):
    supplier = submitted(email="usaha@contoh.id")
    services.supplier_start_review(supplier=supplier, actor=manager)
    with run_on_commit():
        response = client.post(reverse("suppliers:verification_revision", args=[supplier.pk]), {
            "reason_npwp": "Foto NPWP buram, nomor tidak terbaca.", "reason_bank": "Nama rekening beda dengan pemilik.",
        })
    assert response.url == reverse("suppliers:verification_queue")
    supplier.refresh_from_db()
    assert supplier.status == S.NEEDS_REVISION
    assert supplier.revision_reasons == {"npwp": "Foto NPWP buram, nomor tidak terbaca.",
                                         "bank": "Nama rekening beda dengan pemilik."}
    event = AuditEvent.objects.get(action="supplier.revision_requested")
    assert event.after == {"status": "needs_revision", "parts": ["bank", "npwp"]}  # no free text in the audit log
    assert any("Foto NPWP buram" in m.body for m in mailoutbox)


def test_revision_without_any_reason_is_refused(client, manager):
    supplier = submitted()
    services.supplier_start_review(supplier=supplier, actor=manager)
    response = client.post(reverse("suppliers:verification_revision", args=[supplier.pk]), {"reason_npwp": "  "})
    assert response.status_code == 200 and "setidaknya satu bagian" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW


def test_supplier_sees_the_reasons_fixes_and_resubmits(client, manager):
    supplier = submitted()
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_request_revision(supplier=supplier, actor=manager, reasons={"name": "Tulis sesuai NIB."})
    client.force_login(owner)
    assert "Tulis sesuai NIB." in client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    edit = client.get(reverse("suppliers:supplier_edit", args=[supplier.pk])).content.decode()
    # Shown beside the field it is about, not only at the top.
    assert '<p class="reason">Perlu diperbaiki: Tulis sesuai NIB.</p>' in edit
    assert edit.index('id="id_usaha-name"') < edit.index('<p class="reason">')
    client.post(reverse("suppliers:supplier_submit", args=[supplier.pk]))
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED


def test_rejection_needs_a_reason_and_freezes_the_data(client, manager):
    supplier = submitted()
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    services.supplier_start_review(supplier=supplier, actor=manager)
    assert client.post(reverse("suppliers:verification_reject", args=[supplier.pk]), {"reason": ""}).status_code == 200
    client.post(reverse("suppliers:verification_reject", args=[supplier.pk]), {"reason": "NIB milik usaha lain."})
    supplier.refresh_from_db()
    assert supplier.status == S.REJECTED and supplier.rejection_reason == "NIB milik usaha lain."
    client.force_login(owner)
    response = client.get(reverse("suppliers:supplier_edit", args=[supplier.pk]))
    assert response.url == reverse("suppliers:supplier_detail", args=[supplier.pk])


def test_release_puts_the_application_back_in_the_queue_keeping_its_place(client, manager):
    supplier = submitted(submitted_at=timezone.now() - datetime.timedelta(days=2))
    services.supplier_start_review(supplier=supplier, actor=manager)
    client.post(reverse("suppliers:verification_action", args=[supplier.pk, "release"]))
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED and supplier.reviewer is None
    assert (timezone.now() - supplier.submitted_at).days == 2


def test_declaring_a_conflict_during_ones_own_review_hands_the_application_back(manager):
    supplier = submitted()
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.conflict_declare(supplier=supplier, actor=manager)
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED and supplier.reviewer is None
    actions = list(AuditEvent.objects.filter(object_id=str(supplier.pk)).values_list("action", flat=True))
    assert actions[-2:] == ["supplier.conflict_declared", "supplier.review_released"]
    with pytest.raises(services.SupplierError, match="terhubung"):
        services.supplier_start_review(supplier=supplier, actor=manager)


def test_unknown_action_changes_nothing(client, manager):
    supplier = submitted()
    response = client.post(reverse("suppliers:verification_action", args=[supplier.pk, "hapus"]), follow=True)
    assert "tidak dikenal" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED


# --- verified data that changes --------------------------------------------


@pytest.fixture
def verified_supplier(manager):
    supplier = submitted(name="UD Lada Hitam", kbli_codes=["10761"], address="Jl. Lintas Sumatera 1",
                         village_id="18.03.01.1001", phone="+6281234567890",
                         bank_name="BRI", bank_account_holder="Siti Aminah")
    services.supplier_start_review(supplier=supplier, actor=manager)
    return services.supplier_verify(supplier=supplier, actor=manager)


def test_changing_the_bank_account_of_a_verified_supplier_sends_it_back_to_review(client, verified_supplier):
    supplier = verified_supplier
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    client.force_login(owner)
    response = client.post(reverse("suppliers:supplier_edit", args=[supplier.pk]),
                           edit_form(supplier, **{"kontak-bank_account_number": "998877665544",
                                                   "usaha-name": "UD Lada Hitam Jaya"}))
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.status == S.SUBMITTED and supplier.bank_account_number == "998877665544"
    # The public still sees the last verified version.
    client.logout()
    public = client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).content.decode()
    assert "UD Lada Hitam" in public and "UD Lada Hitam Jaya" not in public
    event = AuditEvent.objects.filter(action="supplier.updated").last()
    assert event.after["fields"] == ["name", "bank_account_number"] and "998877665544" not in str(event.after)
    assert Notification.objects.filter(supplier=supplier, title__icontains="diperiksa ulang").exists()


@pytest.mark.parametrize("change", [
    {"usaha-npwp": "0987654321098765"},
    {"alamat-district": "18.03.05", "alamat-village": "18.03.05.2001"},
])
def test_changing_npwp_or_address_of_a_verified_supplier_sends_it_back_to_review(client, verified_supplier, change):
    client.force_login(make_user(Role.SUPPLIER, supplier=verified_supplier))
    client.post(reverse("suppliers:supplier_edit", args=[verified_supplier.pk]), edit_form(verified_supplier, **change))
    verified_supplier.refresh_from_db()
    assert verified_supplier.status == S.SUBMITTED


def test_changing_only_the_phone_keeps_the_supplier_verified(client, verified_supplier):
    client.force_login(make_user(Role.SUPPLIER, supplier=verified_supplier))
    client.post(reverse("suppliers:supplier_edit", args=[verified_supplier.pk]),
                edit_form(verified_supplier, **{"kontak-phone": "0813 9999 8888"}))
    verified_supplier.refresh_from_db()
    assert verified_supplier.status == S.VERIFIED and verified_supplier.phone == "+6281399998888"


def test_bad_input_when_editing_saves_nothing_and_keeps_what_was_typed(client, verified_supplier):
    client.force_login(make_user(Role.SUPPLIER, supplier=verified_supplier))
    other = make_supplier()
    response = client.post(reverse("suppliers:supplier_edit", args=[verified_supplier.pk]),
                           edit_form(verified_supplier, **{"usaha-nib": other.nib, "kontak-bank_account_number": "55667788"}))
    html = response.content.decode()
    assert response.status_code == 200 and "sudah terdaftar" in html and 'value="55667788"' in html
    verified_supplier.refresh_from_db()
    assert verified_supplier.status == S.VERIFIED and verified_supplier.bank_account_number == "012301000456509"


def test_after_re_verification_the_public_page_shows_the_new_version(client, verified_supplier, manager):
    supplier = verified_supplier
    services.supplier_update(
        supplier=supplier, actor=make_user(Role.SUPPLIER, supplier=supplier),
        business={"name": "UD Lada Hitam Jaya", "owner_name": supplier.owner_name, "owner_nik": supplier.owner_nik,
                  "nib": supplier.nib, "npwp": supplier.npwp, "is_pkp": False, "scale": supplier.scale,
                  "is_cooperative": False, "kbli_codes": supplier.kbli_codes},
        address={"province": "18", "regency": "18.03", "district": supplier.district_id,
                 "village": supplier.village_id, "address": supplier.address},
        contact={"phone": supplier.phone, "email": supplier.email, "bank_name": supplier.bank_name,
                 "bank_account_number": supplier.bank_account_number,
                 "bank_account_holder": supplier.bank_account_holder},
    )
    supplier.refresh_from_db()
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_verify(supplier=supplier, actor=manager)
    client.logout()
    assert "UD Lada Hitam Jaya" in client.get(reverse("suppliers:supplier_public", args=[supplier.pk])).content.decode()


def test_an_officer_editing_on_the_owners_behalf_is_notified_to_the_owner(client, verified_supplier):
    client.force_login(make_user(Role.UMKM_OFFICER))
    client.post(reverse("suppliers:supplier_edit", args=[verified_supplier.pk]),
                edit_form(verified_supplier, **{"kontak-phone": "0813 9999 8888"}))
    assert Notification.objects.filter(supplier=verified_supplier, title__icontains="pendamping").exists()


# --- products prepared while the business waited ------------------------------


def test_products_prepared_before_verification_go_to_review_by_themselves_when_the_business_is_verified(manager):
    from katalog.catalogue import services as catalogue_services
    from katalog.catalogue.errors import CatalogueError
    from katalog.catalogue.states import ProductStatus, owner_actions
    from tests.factories import make_category

    supplier = submitted(name="UD Keripik Baru")
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    data = {"name": "Keripik Pisang Manis 250 g", "category": make_category("Makanan Ringan"), "unit": "bungkus",
            "price": 15_000, "stock": 40}
    prepared = catalogue_services.product_create(actor=owner, supplier=supplier, data=data)
    # Waiting: the supplier is not offered a submit that can only fail, and the service refuses it anyway.
    assert "submit" not in owner_actions(status=prepared.status, business_verified=False)
    assert "submit" in owner_actions(status=prepared.status, business_verified=True)
    with pytest.raises(CatalogueError):
        catalogue_services.product_transition(actor=owner, product=prepared, action="submit")

    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_verify(supplier=supplier, actor=manager)

    prepared.refresh_from_db()
    assert prepared.status == ProductStatus.SUBMITTED and prepared.submitted_at is not None
    event = AuditEvent.objects.get(action="product.submit_on_business_verified", object_id=str(prepared.pk))
    assert event.actor_id == manager.pk
    assert "1 produk" in Notification.objects.filter(supplier=supplier).first().body


def test_a_draft_written_after_the_first_verification_is_not_submitted_on_a_later_one(manager):
    from katalog.catalogue import services as catalogue_services
    from katalog.catalogue.states import ProductStatus
    from tests.factories import make_category

    supplier = submitted(name="UD Tapis")
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_verify(supplier=supplier, actor=manager)
    draft = catalogue_services.product_create(actor=owner, supplier=supplier, data={
        "name": "Kain Tapis Motif Kapal", "category": make_category("Kain"), "unit": "lembar", "price": 900_000})
    Supplier.objects.filter(pk=supplier.pk).update(status=S.SUBMITTED)
    supplier.refresh_from_db()
    services.supplier_start_review(supplier=supplier, actor=manager)
    services.supplier_verify(supplier=supplier, actor=manager)
    draft.refresh_from_db()
    assert draft.status == ProductStatus.DRAFT  # the owner decides when a later draft is ready
