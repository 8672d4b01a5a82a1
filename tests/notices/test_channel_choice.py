"""A business picks how it hears of orders and consents to WhatsApp on the contact step of registration and
on its data page; its number is kept in E.164 form and a wrong number gets a message that says how to write it."""

import pytest

from katalog.notices.models import Channel
from katalog.notices.services import supplier_addresses
from katalog.suppliers import services
from katalog.suppliers.forms import ContactForm
from tests.factories import make_supplier, make_user
from katalog.core.roles import Role
from katalog.regions.models import Village

pytestmark = pytest.mark.django_db


def _form(**data) -> ContactForm:
    return ContactForm({"phone": "0812-3456-7890", "email": "", **data})


def test_whatsapp_needs_the_consent_box_and_the_number_is_kept_in_e164(whatsapp):
    form = _form(notice_channel="whatsapp")
    assert not form.is_valid()
    assert form.errors["whatsapp_consent"] == [
        "Centang persetujuan ini untuk menerima pemberitahuan lewat WhatsApp, atau pilih surel."]
    form = _form(notice_channel="whatsapp", whatsapp_consent="on")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["phone"], form.cleaned_data["notify_whatsapp"]) == ("+6281234567890", True)
    form = _form(notice_channel="surel", whatsapp_consent="on")
    assert form.is_valid() and form.cleaned_data["notify_whatsapp"] is False  # the choice decides


def test_a_wrong_number_says_how_to_write_it(whatsapp):
    form = _form(phone="0812-34", notice_channel="whatsapp", whatsapp_consent="on")
    assert not form.is_valid()
    assert form.errors["phone"] == ["Nomor HP harus 10–13 digit dan diawali 08, misalnya 0812 3456 7890."]
    form = _form(phone="+1 415 555 0100", notice_channel="surel")
    assert form.errors["phone"] == ["Gunakan nomor telepon Indonesia (+62 atau 0…)."]


def test_without_whatsapp_on_this_installation_the_choice_is_not_offered(settings):
    settings.KATALOG_WHATSAPP = {**settings.KATALOG_WHATSAPP, "enabled": False}
    form = _form()
    assert "notice_channel" not in form.fields and form.is_valid() and "notify_whatsapp" not in form.cleaned_data


def test_the_business_changes_its_channel_on_its_data_page_and_notices_follow(whatsapp):
    supplier = make_supplier(phone="+6281234567890", email="usaha@contoh.id")
    supplier.village = Village.objects.filter(district_id=supplier.district_id).first()
    supplier.save(update_fields=["village"])
    owner = make_user(Role.SUPPLIER, supplier=supplier)
    assert supplier_addresses(supplier) == [(Channel.EMAIL, "usaha@contoh.id")]
    business = {k: getattr(supplier, k) for k in ("name", "owner_name", "owner_nik", "nib", "npwp", "is_pkp",
                                                  "scale", "is_cooperative", "kbli_codes")}
    address = {"province": supplier.regency.province_id, "regency": supplier.regency_id, "district": supplier.district_id,
               "village": supplier.village_id or "", "address": supplier.address}
    form = ContactForm({"phone": "0812 3456 7890", "email": "usaha@contoh.id", "notice_channel": "whatsapp",
                        "whatsapp_consent": "on"})
    assert form.is_valid(), form.errors
    supplier, changed = services.supplier_update(supplier=supplier, actor=owner, business=business, address=address,
                                                 contact=form.cleaned_data)
    assert changed == ["notify_whatsapp"]
    assert supplier_addresses(supplier) == [(Channel.EMAIL, "usaha@contoh.id"), (Channel.WHATSAPP, "+6281234567890")]
    form = ContactForm({"phone": "0812 3456 7890", "email": "usaha@contoh.id", "notice_channel": "surel"})
    assert form.is_valid()
    supplier, changed = services.supplier_update(supplier=supplier, actor=owner, business=business, address=address,
                                                 contact=form.cleaned_data)
    assert supplier_addresses(supplier) == [(Channel.EMAIL, "usaha@contoh.id")]
