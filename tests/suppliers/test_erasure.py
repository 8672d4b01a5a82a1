"""Rejected registrations lose their personal data after `rejected_registration_days` (UU 27/2022)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from katalog.core.audit_check import verify_chain
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier
from tests.factories import PASSWORD, make_agency, make_document, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db

NIK, NPWP, BANK = "1803021708850001", "012345678912000", "0123-01-000456-50-9"


def rejected(days_ago: int, **fields) -> Supplier:
    supplier = make_supplier(status=Supplier.Status.REJECTED, owner_nik=NIK, bank_account_number=BANK,
                             bank_name="BRI", bank_account_holder="Siti Aminah", phone="+6281234567890",
                             email="siti@contoh.id", address="Jl. Soekarno-Hatta No. 12",
                             rejection_reason="NIB tidak terdaftar di OSS.",
                             status_changed_at=timezone.now() - timedelta(days=days_ago), **fields)
    owner = make_user(Role.SUPPLIER, supplier=supplier, full_name="Siti Aminah", email="siti@contoh.id")
    make_document(supplier, uploaded_by=owner)
    return supplier


def tick() -> str:
    out = io.StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_a_registration_rejected_long_ago_loses_identity_contact_bank_documents_and_account(
        client, django_capture_on_commit_callbacks):
    supplier = rejected(days_ago=31, npwp=NPWP)
    owner = supplier.people.get()
    client.force_login(owner)
    stored = supplier.documents.get().file
    storage, name = stored.storage, stored.name
    with django_capture_on_commit_callbacks(execute=True):
        assert "data pribadi 1 pendaftaran yang ditolak dihapus" in tick()

    supplier.refresh_from_db()
    owner.refresh_from_db()
    assert supplier.personal_data_erased_at is not None
    assert (supplier.owner_nik, supplier.npwp, supplier.nib, supplier.bank_account_number, supplier.phone,
            supplier.email, supplier.address) == ("", None, None, "", "", "", "")
    assert supplier.owner_name == "(data dihapus)" and supplier.name.startswith("(data dihapus)")
    assert supplier.rejection_reason == "NIB tidak terdaftar di OSS."  # the decision itself stays on record
    assert not supplier.documents.exists() and not storage.exists(name)
    assert not owner.is_active and not owner.has_usable_password() and owner.full_name == "(data dihapus)"
    assert owner.email == "" and owner.username == f"dihapus-{owner.pk}"
    assert client.get("/beranda/").status_code == 302  # the session ended
    assert not client.login(username=owner.username, password=PASSWORD)
    event = AuditEvent.objects.filter(action="supplier.personal_data_erased").get()
    assert event.object_id == str(supplier.pk) and NIK not in str(event.after)
    assert verify_chain().ok


def test_erasure_waits_for_the_retention_period_and_runs_once():
    recent, due = rejected(days_ago=29), rejected(days_ago=31)
    assert "data pribadi 1 pendaftaran" in tick()
    assert "data pribadi 0 pendaftaran" in tick()
    recent.refresh_from_db()
    due.refresh_from_db()
    assert recent.owner_nik == NIK and recent.personal_data_erased_at is None
    assert due.owner_nik == "" and due.personal_data_erased_at is not None


def test_the_retention_period_is_a_setting(settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "rejected_registration_days": 7}
    supplier = rejected(days_ago=8)
    tick()
    supplier.refresh_from_db()
    assert supplier.owner_nik == ""


def test_a_business_that_traded_keeps_its_records_and_other_statuses_are_never_touched():
    traded = rejected(days_ago=400)
    agency = make_agency()
    make_order(agency=agency, supplier=traded, buyer=make_user(Role.PP, agency=agency),
               lines=[(make_product(traded), 1)])
    verified = make_supplier(owner_nik=NIK[:-1] + "2",
                             status_changed_at=timezone.now() - timedelta(days=400))
    tick()
    traded.refresh_from_db()
    verified.refresh_from_db()
    assert traded.owner_nik == NIK and traded.personal_data_erased_at is None
    assert verified.owner_nik == NIK[:-1] + "2"
