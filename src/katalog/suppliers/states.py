"""Supplier verification: statuses and allowed transitions, as data (no database access here).

submitted → in_review → verified / needs_revision / rejected (issue #3, "Verification").
A transition is (from-status, action) → (to-status, roles allowed to take it).
Services run a move through `core.transitions.transition` with `MACHINE`; anything not in the table is
refused. Each move's audit action is in `AUDIT_ACTIONS`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from katalog.core import transitions
from katalog.core.roles import Role
from katalog.core.transitions import Machine, Transition
from katalog.core.errors import DomainError


class SupplierStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    IN_REVIEW = "in_review", _("Sedang diperiksa")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Ajukan verifikasi")
    START_REVIEW = "start_review", _("Mulai periksa")
    RELEASE = "release", _("Kembalikan ke antrean")
    VERIFY = "verify", _("Verifikasi")
    REQUEST_REVISION = "request_revision", _("Minta perbaikan")
    REJECT = "reject", _("Tolak")
    # Verified data that matters for payment or location changed: back to the queue.
    REOPEN = "reopen", _("Ajukan ulang karena data berubah")


S = SupplierStatus
A = Action
OWNER_SIDE = frozenset({Role.SUPPLIER, Role.UMKM_OFFICER})
VERIFIERS = frozenset({Role.CATALOGUE_MANAGER})


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, A.SUBMIT): Transition(S.SUBMITTED, OWNER_SIDE),
    (S.NEEDS_REVISION, A.SUBMIT): Transition(S.SUBMITTED, OWNER_SIDE),
    (S.SUBMITTED, A.START_REVIEW): Transition(S.IN_REVIEW, VERIFIERS),
    (S.IN_REVIEW, A.RELEASE): Transition(S.SUBMITTED, VERIFIERS),
    (S.IN_REVIEW, A.VERIFY): Transition(S.VERIFIED, VERIFIERS),
    (S.IN_REVIEW, A.REQUEST_REVISION): Transition(S.NEEDS_REVISION, VERIFIERS),
    (S.IN_REVIEW, A.REJECT): Transition(S.REJECTED, VERIFIERS),
    (S.VERIFIED, A.REOPEN): Transition(S.SUBMITTED, OWNER_SIDE),
}

# Waiting for a catalogue manager: the verification queue.
WAITING_STATUSES = frozenset({S.SUBMITTED, S.IN_REVIEW})
# The owner side may edit the data in these statuses; in review and after rejection it is frozen.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.NEEDS_REVISION, S.VERIFIED})
# Changing any of these on a verified supplier sends it back to review (issue #3): payment
# details, tax identity, location (which decides "local") and what the public page shows.
REVIEW_TRIGGER_FIELDS = (
    "name", "nib", "npwp", "scale", "is_cooperative",
    "bank_name", "bank_account_number", "bank_account_holder",
    "address", "regency", "district", "village",
)
# What the public page shows; copied at verification so it keeps the last verified version.
PUBLIC_FIELDS = ("name", "scale", "is_cooperative", "regency", "district", "village", "kbli_codes")

# Parts of an application a reviewer can send back, each with its own reason.
REVISABLE_FIELDS: dict[str, str] = {
    "name": _("Nama usaha"),
    "owner": _("Nama dan NIK pemilik"),
    "nib": _("NIB"),
    "npwp": _("NPWP dan status PKP"),
    "scale": _("Skala usaha"),
    "kbli_codes": _("Kode KBLI"),
    "address": _("Alamat"),
    "contact": _("Telepon dan surel"),
    "bank": _("Rekening bank"),
    "documents": _("Dokumen"),
}

# Where each part's reason is shown on the edit form (next to this field).
REVISION_FIELD_OF = {
    "name": "name", "owner": "owner_nik", "nib": "nib", "npwp": "npwp", "scale": "scale",
    "kbli_codes": "kbli_codes", "address": "address", "contact": "phone", "bank": "bank_account_number",
}


class IllegalTransition(DomainError):
    """The action is not allowed from this status, or not for this role."""


def _not_from_status(status: str) -> str:
    return (_("Tindakan ini tidak dapat dilakukan pada penyedia berstatus “%(status)s”.")
            % {"status": SupplierStatus(status).label})


MACHINE = Machine(table=TRANSITIONS, not_from_status=lambda supplier, action: _not_from_status(supplier.status),
                  error=IllegalTransition)

# The audit event each move records (labels: core.audit_labels).
AUDIT_ACTIONS: dict[str, str] = {
    A.SUBMIT: "supplier.submitted",
    A.START_REVIEW: "supplier.review_started",
    A.RELEASE: "supplier.review_released",
    A.VERIFY: "supplier.verified",
    A.REQUEST_REVISION: "supplier.revision_requested",
    A.REJECT: "supplier.rejected",
}  # A.REOPEN follows from an edit and is recorded as the edit's own event (supplier.updated).


def next_status(status: str, action: str, role: str) -> str:
    return transitions.apply(TRANSITIONS, status, action, role, error=IllegalTransition,
                             not_from_status=lambda: _not_from_status(status))


def actions_from(status: str, role: str) -> list[str]:
    return transitions.actions_from(TRANSITIONS, status, role)


def changed_review_fields(changed: set[str] | list[str]) -> list[str]:
    """The fields among `changed` that send a verified supplier back to review."""
    return [name for name in REVIEW_TRIGGER_FIELDS if name in set(changed)]
