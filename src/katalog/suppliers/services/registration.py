"""Registering a supplier: the business and its owner's account, self-registered or assisted."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from katalog.core.texts import text

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role

from ..models import Supplier
from ..states import SupplierStatus
from ._common import Busy, _check_unique, _region_objects
from .email_check import email_verification_send
from .invitations import invitation_create
from .notifications import notify_supplier


@dataclass
class Registered:
    supplier: Supplier
    user: object
    invitation_token: str | None = None


@retry_on_conflict(Busy)
def register_supplier(*, account: dict, business: dict, address: dict, contact: dict, officer=None,
                      base_url: str = "") -> Registered:
    """Create the business (status "diajukan") and its owner's account in one go.

    Self-registration: `account` carries the owner's password hash. Assisted onboarding
    (`officer` given): the account has no usable password; a single-use invitation is made
    so the owner can set one. Duplicates found meanwhile raise `Conflict` naming the step.
    """
    _check_unique(business=business, username=account["username"])
    regency, district, village = _region_objects(address)
    now = timezone.now()
    try:
        with transaction.atomic():
            supplier = Supplier.objects.create(
                name=business["name"], owner_name=business["owner_name"], owner_nik=business["owner_nik"],
                nib=business["nib"] or None, npwp=business.get("npwp") or None, is_pkp=business.get("is_pkp", False),
                scale=business["scale"], is_cooperative=business.get("is_cooperative", False),
                kbli_codes=business.get("kbli_codes", []), address=address.get("address", ""),
                regency=regency, district=district, village=village,
                phone=contact.get("phone", ""), email=contact.get("email", ""),
                notify_whatsapp=bool(contact.get("notify_whatsapp")),
                whatsapp_consent_at=now if contact.get("notify_whatsapp") else None,
                bank_name=contact.get("bank_name", ""), bank_account_number=contact.get("bank_account_number", ""),
                bank_account_holder=contact.get("bank_account_holder", ""),
                status=SupplierStatus.SUBMITTED, submitted_at=now, status_changed_at=now, registered_by=officer,
            )
            user = get_user_model()(
                username=account["username"], full_name=account["full_name"], email=contact.get("email", ""),
                phone=contact.get("phone", ""), role=Role.SUPPLIER, supplier=supplier,
            )
            if officer is None:
                user.password = account["password_hash"]
            else:
                user.set_unusable_password()
            user.save()
            record_event(
                actor=officer or user, action="supplier.registered", obj=supplier,
                after={"status": supplier.status, "scale": supplier.scale, "is_local": supplier.is_local,
                       "district": district.code, "assisted": officer is not None,
                       **({"whatsapp_consent": "given"} if supplier.notify_whatsapp else {})},
            )
            token = invitation_create(user=user, actor=officer, base_url=base_url) if officer else None
            notify_supplier(
                supplier=supplier, base_url=base_url,
                title=text(gettext_noop("Pendaftaran diterima dan diajukan untuk verifikasi")),
                body=text(gettext_noop("Pengelola Katalog akan memeriksa data usaha Anda. Sambil menunggu, unggah "
                                       "dokumen (NIB, NPWP, sertifikat) agar usaha Anda siap menjual.")),
                link=reverse("suppliers:supplier_detail", args=[supplier.pk]),
            )
            if supplier.email:
                email_verification_send(supplier=supplier, base_url=base_url)
    except IntegrityError:
        # Someone registered the same NIB/NPWP/username between the check and the insert.
        _check_unique(business=business, username=account["username"])
        raise
    return Registered(supplier, user, token)
