"""Reads of supplier data. `suppliers_visible_to` decides who sees which supplier's private record."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet

from katalog.core.category_branch import in_branch_q
from katalog.core.roles import Role

from .models import ConflictDeclaration, Notification, RegistrationDraft, Scale, Supplier, SupplierDocument
from .states import WAITING_STATUSES
from .validators import npwp_variants
from django.utils.translation import gettext as _

# Roles that may open any supplier's private record (masked lists, the detail screen, documents).
STAFF_ROLES = frozenset({Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER, Role.AUDITOR, Role.ADMIN})


def nib_taken(nib: str, *, exclude_pk: int | None = None) -> bool:
    return Supplier.objects.filter(nib=nib).exclude(pk=exclude_pk).exists()


def npwp_taken(npwp: str, *, exclude_pk: int | None = None) -> bool:
    """Same taxpayer in either the 15- or the 16-digit form."""
    return Supplier.objects.filter(npwp__in=npwp_variants(npwp)).exclude(pk=exclude_pk).exists()


def local_suppliers() -> QuerySet[Supplier]:
    return Supplier.objects.filter(regency_id=settings.KATALOG_REGION)


def suppliers_visible_to(user) -> QuerySet[Supplier]:
    """Object-level access to a supplier's private record.

    A supplier's people see only their own business; UMKM officers, catalogue managers,
    auditors and administrators see all. Anyone else (and leadership, who work with
    aggregate figures) sees none: another supplier's id is a 404.
    """
    qs = Supplier.objects.select_related("regency", "regency__province", "district", "village")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role == Role.SUPPLIER and user.supplier_id:
        return qs.filter(pk=user.supplier_id)
    if user.role in STAFF_ROLES:
        return qs
    return qs.none()


def suppliers_editable_by(user) -> QuerySet[Supplier]:
    """Whose data `user` may change: a supplier's people their own; UMKM officers any (on the owner's behalf)."""
    qs = suppliers_visible_to(user)
    if user.is_authenticated and user.role in (Role.SUPPLIER, Role.UMKM_OFFICER):
        return qs
    return qs.none()


def supplier_list(*, status: str = "", district_code: str = "", query: str = "",
                  without_nib: bool = False) -> QuerySet[Supplier]:
    qs = Supplier.objects.select_related("district", "regency").order_by("name", "id")
    if status in Supplier.Status.values:
        qs = qs.filter(status=status)
    if without_nib:
        qs = qs.without_nib()
    if district_code:
        qs = qs.filter(district_id=district_code)
    for word in query.split()[:5]:
        qs = qs.filter(name__icontains=word)
    return qs


def is_connected(user, supplier: Supplier) -> bool:
    """Whether `user` is connected to the business, and so may not verify it (docs/domain-notes.md, separation of duties).

    Connected means: one of its people; the officer who registered it; sharing its e-mail address
    or phone number (or those of its people); or having declared a conflict of interest.
    """
    if user.pk is None:
        return False
    if getattr(user, "supplier_id", None) == supplier.pk or supplier.registered_by_id == user.pk:
        return True
    if ConflictDeclaration.objects.filter(supplier=supplier, user=user).exists():
        return True
    people = supplier.people.exclude(pk=user.pk)
    emails = {e.lower() for e in [supplier.email, *people.values_list("email", flat=True)] if e}
    if user.email and user.email.lower() in emails:
        return True
    phones = {_digits(p) for p in [supplier.phone, *people.values_list("phone", flat=True)] if p}
    return bool(user.phone) and _digits(user.phone) in phones


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("62") else digits


def verification_queue(*, query: str = "", district_code: str = "", category_id: int | None = None,
                       scale: str = "") -> QuerySet[Supplier]:
    """Applications waiting for a catalogue manager, oldest first (fair: first come, first served).

    Narrowed by words of the business's or owner's name, kecamatan, scale, and a category in which the
    business offers a product (the category or one below it).
    """
    qs = Supplier.objects.filter(status__in=WAITING_STATUSES)
    for word in query.split()[:5]:
        qs = qs.filter(Q(name__icontains=word) | Q(owner_name__icontains=word))
    if district_code:
        qs = qs.filter(district_id=district_code)
    if scale:
        qs = qs.filter(scale=scale)
    if category_id:
        qs = qs.filter(pk__in=Supplier.objects.filter(in_branch_q(category_id, "products__category")).values("pk"))
    return qs.select_related("district", "regency", "reviewer").order_by("submitted_at", "created_at", "id")


def waiting_since(supplier: Supplier):
    return supplier.submitted_at or supplier.created_at


def notifications_for(supplier_id: int) -> QuerySet[Notification]:
    # With each notice's copies (e-mail, WhatsApp) and their delivery state, for the notification list.
    return Notification.objects.filter(supplier_id=supplier_id).prefetch_related("deliveries")


def unread_count(supplier_id: int) -> int:
    return Notification.objects.filter(supplier_id=supplier_id, read_at__isnull=True).count()


def documents_of(supplier: Supplier) -> QuerySet[SupplierDocument]:
    return SupplierDocument.objects.filter(supplier=supplier).select_related("uploaded_by").order_by("kind", "-uploaded_at")


def document_visible_to(user, pk: int) -> SupplierDocument | None:
    """A document whose supplier `user` may see, or None (the view turns it into a 404)."""
    return (
        SupplierDocument.objects.filter(supplier__in=suppliers_visible_to(user), pk=pk)
        .select_related("supplier")
        .first()
    )


def drafts_of_officer(user) -> QuerySet[RegistrationDraft]:
    return RegistrationDraft.objects.filter(created_by=user).order_by("-updated_at")


def documents_due_reminder(*, today, days: int) -> QuerySet[SupplierDocument]:
    """Documents whose next expiry reminder is due: "soon" within `days`, "expired" once past the date."""
    soon = Q(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days), reminder_stage="")
    expired = Q(expires_on__lt=today) & ~Q(reminder_stage="expired")
    return SupplierDocument.objects.filter(soon | expired).select_related("supplier").order_by("expires_on", "id")


def public_profile(supplier: Supplier) -> dict:
    """What the public page shows: the last verified version when one was kept, else the live record.

    No personal data: name, location down to kecamatan, scale, cooperative flag, KBLI codes.
    """
    snap = supplier.public_snapshot
    if snap:
        return {
            "name": snap["name"], "scale_label": Scale(snap["scale"]).label if snap.get("scale") else "",
            "scale": snap.get("scale"), "is_cooperative": snap.get("is_cooperative", False),
            "district_name": snap.get("district_name", ""), "regency_name": snap.get("regency_name", ""),
            "is_local": snap.get("regency") == settings.KATALOG_REGION,
            "kbli_codes": snap.get("kbli_codes", []), "verified_at": supplier.verified_at,
        }
    return {
        "name": supplier.name, "scale_label": supplier.get_scale_display(), "scale": supplier.scale,
        "is_cooperative": supplier.is_cooperative, "district_name": supplier.district.name,
        "regency_name": supplier.regency.name, "is_local": supplier.is_local,
        "kbli_codes": supplier.kbli_codes, "verified_at": supplier.verified_at,
    }


def profile_gaps(supplier) -> list[str]:
    """What registration left for later ("Lengkapi profil"): asked only when it is needed, e.g. the bank
    account before the first payment and KBLI codes before a national listing."""
    gaps = []
    if not supplier.bank_account_number:
        gaps.append(_("Rekening bank, untuk menerima pembayaran pesanan."))
    if not supplier.kbli_codes:
        gaps.append(_("Kode KBLI dari lampiran NIB, untuk menayangkan produk di e-Katalog nasional."))
    if not supplier.email:
        gaps.append(_("Surel (e-mail), bila ingin kabar juga dikirim ke sana."))
    return gaps
