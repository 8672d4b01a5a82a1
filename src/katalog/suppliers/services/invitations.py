"""Single-use invitations that let an owner registered by an officer set their own password."""

import datetime
import hashlib

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role

from ..models import Invitation, new_token
from ._common import Busy, SupplierError, _rules


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@retry_on_conflict(Busy)
def invitation_create(*, user, actor, base_url: str = "") -> str:
    """A new single-use link for `user`; earlier unused ones stop working. Returns the token (shown once)."""
    if user.role != Role.SUPPLIER:
        raise SupplierError(_("Undangan hanya untuk akun penyedia."))
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        token = new_token()
        invitation = Invitation.objects.create(
            user=user, token_hash=token_hash(token), created_by=actor, created_at=now,
            expires_at=now + datetime.timedelta(days=_rules("supplier_invitation_valid_days")),
        )
        record_event(actor=actor, action="supplier.invitation_created", obj=user.supplier,
                     after={"invitation": invitation.pk, "expires_at": invitation.expires_at})
        if user.email:
            link = f"{base_url.rstrip('/')}{reverse('suppliers:invitation', args=[token])}"
            transaction.on_commit(lambda: send_mail(
                _("[Katalog Lokal] Buat kata sandi akun penyedia Anda"),
                _("Pendamping UMKM telah mendaftarkan usaha Anda. Buka tautan ini untuk membuat kata sandi "
                  "(berlaku sekali, sampai %(until)s):\n\n%(link)s")
                % {"until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"), "link": link},
                None, [user.email], fail_silently=True,
            ))
    return token


@retry_on_conflict(Busy)
def invitation_accept(*, invitation: Invitation, password: str):
    """The owner sets their own password; the link then stops working (single use)."""
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update(of=("self",), no_key=True).select_related("user")
                      .get(pk=invitation.pk))
        if not invitation.is_usable():
            raise SupplierError(_("Tautan undangan ini sudah dipakai atau kedaluwarsa. Minta tautan baru kepada "
                                  "pendamping UMKM."))
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        record_event(actor=user, action="supplier.invitation_accepted", obj=user.supplier,
                     after={"invitation": invitation.pk})
    return user
