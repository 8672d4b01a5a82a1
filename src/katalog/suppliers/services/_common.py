"""Shared by the supplier service modules: the domain errors, rule settings, row lock, status moves and data checks."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from katalog.regions.models import District, Regency, Village

from .. import selectors
from ..models import Supplier
from ..states import IllegalTransition, next_status


class SupplierError(Exception):
    """A rule was broken; the message says so in the user's language."""


@dataclass
class Conflict(SupplierError):
    """Submitted data clashes with a record saved meanwhile (same NIB, NPWP or username)."""

    step: str
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _rules(name: str):
    return settings.KATALOG_RULES[name]


def _lock(supplier: Supplier) -> Supplier:
    return Supplier.objects.select_for_update().get(pk=supplier.pk)


def _transition(*, supplier: Supplier, actor, action: str) -> tuple[str, str]:
    try:
        return supplier.status, next_status(supplier.status, action, actor.role)
    except IllegalTransition as error:
        raise SupplierError(str(error)) from None


def _set_status(supplier: Supplier, status: str, now) -> None:
    supplier.status = status
    supplier.status_changed_at = now


def _region_objects(address: dict):
    try:
        regency = Regency.objects.get(code=address["regency"], province_id=address["province"])
        district = District.objects.get(code=address["district"], regency=regency)
        village = Village.objects.get(code=address["village"], district=district)
    except (KeyError, Regency.DoesNotExist, District.DoesNotExist, Village.DoesNotExist):
        raise Conflict("alamat", "village", _("Alamat tidak ada di daftar wilayah. Pilih ulang dari daftar.")) from None
    return regency, district, village


def _check_unique(*, business: dict, username: str | None, exclude_pk: int | None = None):
    if business.get("nib") and selectors.nib_taken(business["nib"], exclude_pk=exclude_pk):
        raise Conflict("usaha", "nib", _("NIB ini sudah terdaftar di Katalog Lokal."))
    if business.get("npwp") and selectors.npwp_taken(business["npwp"], exclude_pk=exclude_pk):
        raise Conflict("usaha", "npwp", _("NPWP ini sudah terdaftar untuk usaha lain di Katalog Lokal."))
    if username and get_user_model().objects.filter(username__iexact=username).exists():
        raise Conflict("akun", "username", _("Nama pengguna ini sudah dipakai. Pilih nama lain."))
