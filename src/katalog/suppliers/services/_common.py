"""Shared by the supplier service modules: the domain errors, rule settings, row lock, the status runner and data checks."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from katalog.regions.models import District, Regency, Village
from katalog.core import transitions
from katalog.core.rules import rule
from katalog.core.errors import DomainError, WriteConflict

from .. import selectors
from ..models import Supplier
from ..states import AUDIT_ACTIONS, MACHINE


class SupplierError(DomainError):
    """A rule was broken; the message says so in the user's language."""


class ReasonRequired(SupplierError):
    """A decision that must be explained (a rejection, a revision, a verification without every required document)
    came without its reason: the request is incomplete, not in conflict with the record."""


class Busy(SupplierError, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""


@dataclass
class Conflict(SupplierError):
    """Submitted data clashes with a record saved meanwhile (same NIB, NPWP or username)."""

    step: str
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _rules(name: str):
    return rule(name)


def _lock(supplier: Supplier) -> Supplier:
    # The supplier's own row, before anything else (lock order: core/conflicts.py); NO KEY: it is updated, not
    # deleted, so products, carts and notices that refer to it need not wait.
    return Supplier.objects.select_for_update(of=("self",), no_key=True).get(pk=supplier.pk)


def _transition(*, supplier: Supplier, actor, action: str, guard=None):
    """One verification move through the shared runner (core.transitions): lock, `guard`, the table
    (states.TRANSITIONS; refused as a SupplierError), the caller's change, save, audit (states.AUDIT_ACTIONS),
    then the notices the caller registered with `step.then`."""
    return transitions.transition(row=supplier, machine=MACHINE, action=action, actor=actor, refused=SupplierError,
                                  audit_action=AUDIT_ACTIONS[action], guard=guard)


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
