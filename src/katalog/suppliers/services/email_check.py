"""Checking that a supplier's e-mail address is theirs: the signed link, sending it and confirming it."""

import datetime
import hashlib

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict

from ..models import Supplier
from ._common import Busy, SupplierError, _rules


_EMAIL_SALT = "katalog.suppliers.email"


def _email_fingerprint(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def email_verification_token(supplier: Supplier) -> str:
    # Only the id and a fingerprint of the address: no e-mail address in the link.
    return signing.dumps({"s": supplier.pk, "e": _email_fingerprint(supplier.email)}, salt=_EMAIL_SALT)


def email_verification_send(*, supplier: Supplier, base_url: str = "") -> None:
    if not supplier.email:
        raise SupplierError(_("Isi alamat surel terlebih dahulu."))
    link = f"{base_url.rstrip('/')}{reverse('suppliers:email_verify', args=[email_verification_token(supplier)])}"
    recipient = supplier.email
    transaction.on_commit(lambda: send_mail(
        _("[Katalog Lokal] Periksa alamat surel usaha Anda"),
        _("Buka tautan ini untuk memastikan alamat surel ini milik usaha Anda:\n\n%(link)s") % {"link": link},
        None, [recipient], fail_silently=True,
    ))


@retry_on_conflict(Busy)
def email_verify(*, token: str) -> Supplier:
    try:
        payload = signing.loads(token, salt=_EMAIL_SALT, max_age=datetime.timedelta(days=_rules("supplier_email_link_valid_days")))
        supplier = Supplier.objects.get(pk=payload["s"])
    except (signing.BadSignature, KeyError, TypeError, Supplier.DoesNotExist):
        raise SupplierError(_("Tautan pemeriksaan surel tidak berlaku. Minta tautan baru dari halaman usaha Anda.")) from None
    if not supplier.email or _email_fingerprint(supplier.email) != payload["e"]:
        raise SupplierError(_("Alamat surel sudah diganti sejak tautan ini dikirim. Minta tautan baru."))
    if supplier.email_verified_at is None:
        with transaction.atomic():
            supplier.email_verified_at = timezone.now()
            supplier.save(update_fields=["email_verified_at"])
            record_event(actor=None, action="supplier.email_verified", obj=supplier)
    return supplier
