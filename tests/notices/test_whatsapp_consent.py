"""Consent to WhatsApp notices is kept with when it was given and when withdrawn (UU 27/2022 Pasal 22, 24, 9),
shown on the business's own page, and WhatsApp goes out only while it stands (Pasal 40): a notice queued
before a withdrawal is not sent after it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.notices.models import Channel, Delivery
from katalog.notices.services import deliver_due, supplier_addresses
from katalog.suppliers import services
from katalog.suppliers.consent import whatsapp_consent_set
from katalog.suppliers.forms import ContactForm
from katalog.suppliers.models import Supplier
from katalog.purchasing import services as purchasing
from katalog.regions.models import Village
from tests.purchasing.helpers import at, checkout, make_world
from tests.suppliers.flows import fill_self_registration

pytestmark = pytest.mark.django_db


def _page(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/penyedia/{user.supplier_id}/rincian/").content.decode()


def _change_channel(supplier, owner, channel: str, **extra):
    """The business's data page (supplier_update) with only the notice channel changed."""
    if supplier.village_id is None:  # the page asks for the village
        supplier.village = Village.objects.filter(district_id=supplier.district_id).first()
        supplier.save(update_fields=["village"])
    business = {k: getattr(supplier, k) for k in ("name", "owner_name", "owner_nik", "nib", "npwp", "is_pkp",
                                                  "scale", "is_cooperative", "kbli_codes")}
    address = {"province": supplier.regency.province_id, "regency": supplier.regency_id,
               "district": supplier.district_id, "village": supplier.village_id or "", "address": supplier.address}
    form = ContactForm({"phone": supplier.phone, "email": supplier.email, "notice_channel": channel, **extra})
    assert form.is_valid(), form.errors
    supplier, _changed = services.supplier_update(supplier=supplier, actor=owner, business=business,
                                                  address=address, contact=form.cleaned_data)
    return supplier


def test_consent_given_at_registration_is_stored_with_its_time_and_shown_on_the_account_page(client, whatsapp):
    before = timezone.now()
    fill_self_registration(client, akun={"notice_channel": "whatsapp", "whatsapp_consent": "on"})
    supplier = Supplier.objects.get(name="UD Kopi Robusta Bukit")
    assert supplier.notify_whatsapp and before <= supplier.whatsapp_consent_at <= timezone.now()
    assert supplier.whatsapp_consent_withdrawn_at is None
    event = AuditEvent.objects.get(action="supplier.registered", object_id=str(supplier.pk))
    assert event.after["whatsapp_consent"] == "given"
    owner = supplier.people.get()
    shown = timezone.localtime(supplier.whatsapp_consent_at).strftime("%d-%m-%Y %H:%M")
    assert f"Disetujui pada {shown}" in _page(owner)


def test_registration_without_whatsapp_stores_no_consent(client, whatsapp):
    fill_self_registration(client, akun={"notice_channel": "surel"})
    supplier = Supplier.objects.get(name="UD Kopi Robusta Bukit")
    assert (supplier.notify_whatsapp, supplier.whatsapp_consent_at) == (False, None)
    assert "Tidak disetujui; pemberitahuan lewat surel" in _page(supplier.people.get())


def test_withdrawal_is_stored_with_its_time_stops_whatsapp_and_a_new_consent_starts_again(whatsapp):
    w = make_world()
    w.supplier.phone, w.supplier.email = "+6281234567890", "usaha@contoh.id"
    w.supplier.save()
    supplier = _change_channel(w.supplier, w.seller, "whatsapp", whatsapp_consent="on")
    given = supplier.whatsapp_consent_at
    assert given is not None and (Channel.WHATSAPP, "+6281234567890") in supplier_addresses(supplier)

    supplier = _change_channel(supplier, w.seller, "surel")
    supplier.refresh_from_db()
    assert not supplier.notify_whatsapp
    assert supplier.whatsapp_consent_at == given and supplier.whatsapp_consent_withdrawn_at >= given
    assert supplier_addresses(supplier) == [(Channel.EMAIL, "usaha@contoh.id")]
    event = AuditEvent.objects.filter(action="supplier.updated", object_id=str(supplier.pk)).order_by("-id").first()
    assert event.after["whatsapp_consent"] == "withdrawn"
    page = _page(w.seller)
    withdrawn = timezone.localtime(supplier.whatsapp_consent_withdrawn_at).strftime("%d-%m-%Y %H:%M")
    assert f"Dicabut pada {withdrawn} (disetujui pada {timezone.localtime(given):%d-%m-%Y %H:%M})" in page

    supplier = _change_channel(supplier, w.seller, "whatsapp", whatsapp_consent="on")
    supplier.refresh_from_db()
    assert supplier.whatsapp_consent_at > given and supplier.whatsapp_consent_withdrawn_at is None


def test_a_whatsapp_notice_queued_before_the_consent_was_withdrawn_is_not_sent(whatsapp):
    w = make_world()
    w.supplier.phone, w.supplier.email = "+6281234567890", "usaha@contoh.id"
    whatsapp_consent_set(w.supplier, consents=True, now=timezone.now())
    w.supplier.save()
    now = at(2026, 2, 6, 10)
    order = checkout(w, now=now)
    purchasing.order_place(order=order, user=w.pp, expected_version=order.version, now=now)
    queued = Delivery.objects.get(kind="order_new", channel=Channel.WHATSAPP)
    _change_channel(w.supplier, w.seller, "surel")  # withdrawn before the worker's next round

    counts = deliver_due(now=now + timedelta(minutes=1))

    assert counts["withdrawn"] == 1 and whatsapp.received == []
    queued.refresh_from_db()
    assert queued.state == Delivery.State.FAILED and "persetujuan WhatsApp sudah dicabut" in queued.last_error
    assert Delivery.objects.get(kind="order_new", address="usaha@contoh.id").state == Delivery.State.SENT


def test_the_database_refuses_whatsapp_without_a_consent_on_record():
    w = make_world()
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.filter(pk=w.supplier.pk).update(notify_whatsapp=True)
    whatsapp_consent_set(w.supplier, consents=True, now=timezone.now())
    w.supplier.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.filter(pk=w.supplier.pk).update(whatsapp_consent_withdrawn_at=timezone.now())
