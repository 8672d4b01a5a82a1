"""Product statuses and the allowed transitions, as data (no database access here).

draft → submitted → verified → active ⇄ inactive  (issue #4; e-Katalog v6 curation).
A transition is (from-status, action) → (to-status, roles allowed to take it).
Services run a move through `core.transitions` with `MACHINE`; anything not in the table is refused.

Going back to verification is not a choice anybody makes: it follows from an
edit (`needs_reverification`). A price rise above the configured percentage
(KATALOG_RULES["product_price_rise_reverify_percent"]) or any change to what
the product *is* (SPEC_FIELDS) sends a listed product back to the queue, so a
verified offer cannot quietly become another one. KPK (2024) names "price
raised shortly before a purchase" among the known abuse patterns.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from katalog.core import transitions
from katalog.core.roles import Role
from katalog.core.transitions import SYSTEM, Machine, Transition
from katalog.core.rules import rule
from katalog.core.errors import DomainError


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    ACTIVE = "active", _("Tayang")
    INACTIVE = "inactive", _("Tidak tayang")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Ajukan verifikasi")
    VERIFY = "verify", _("Verifikasi")
    VERIFY_AND_PUBLISH = "verify_publish", _("Verifikasi dan tayangkan")
    REQUEST_REVISION = "request_revision", _("Kembalikan untuk diperbaiki")
    REJECT = "reject", _("Tolak")
    PUBLISH = "publish", _("Tayangkan")
    DEACTIVATE = "deactivate", _("Hentikan penayangan")
    WITHDRAW = "withdraw", _("Tarik produk ini")
    # Not offered as buttons: consequences of an edit, and the audited catalogue migration.
    REVERIFY = "reverify", _("Kembali ke verifikasi karena perubahan")
    PUBLISH_IMPORTED = "publish_imported", _("Tayangkan langsung dari impor (migrasi katalog)")
    SUBMIT_ON_BUSINESS_VERIFIED = "submit_on_business_verified", _("Diajukan otomatis setelah usaha terverifikasi")


S = ProductStatus
A = Action
OWNER = frozenset({Role.SUPPLIER})
# A UMKM officer prepares and submits products for a business it assists; only the owner withdraws them.
ASSISTANT = frozenset({Role.UMKM_OFFICER})
VERIFIERS = frozenset({Role.CATALOGUE_MANAGER})


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, A.SUBMIT): Transition(S.SUBMITTED, OWNER | ASSISTANT),
    (S.DRAFT, A.WITHDRAW): Transition(S.INACTIVE, OWNER),
    (S.SUBMITTED, A.WITHDRAW): Transition(S.INACTIVE, OWNER),
    (S.SUBMITTED, A.VERIFY): Transition(S.VERIFIED, VERIFIERS),
    (S.SUBMITTED, A.VERIFY_AND_PUBLISH): Transition(S.ACTIVE, VERIFIERS),
    (S.SUBMITTED, A.REQUEST_REVISION): Transition(S.DRAFT, VERIFIERS),
    (S.SUBMITTED, A.REJECT): Transition(S.INACTIVE, VERIFIERS),
    (S.VERIFIED, A.PUBLISH): Transition(S.ACTIVE, OWNER | VERIFIERS),
    (S.INACTIVE, A.PUBLISH): Transition(S.ACTIVE, OWNER | VERIFIERS),  # only if still verified: see can_publish
    (S.ACTIVE, A.DEACTIVATE): Transition(S.INACTIVE, OWNER | VERIFIERS),
    (S.VERIFIED, A.DEACTIVATE): Transition(S.INACTIVE, OWNER | VERIFIERS),
    (S.SUBMITTED, A.REVERIFY): Transition(S.SUBMITTED, frozenset({SYSTEM})),
    (S.VERIFIED, A.REVERIFY): Transition(S.SUBMITTED, frozenset({SYSTEM})),
    (S.ACTIVE, A.REVERIFY): Transition(S.SUBMITTED, frozenset({SYSTEM})),
    (S.INACTIVE, A.REVERIFY): Transition(S.SUBMITTED, frozenset({SYSTEM})),
    (S.DRAFT, A.PUBLISH_IMPORTED): Transition(S.ACTIVE, VERIFIERS),
    # A product prepared while the business waited for its own verification goes to review by itself.
    (S.DRAFT, A.SUBMIT_ON_BUSINESS_VERIFIED): Transition(S.SUBMITTED, frozenset({SYSTEM})),
}

# Actions that record the verifier (verified_at / verified_by).
VERIFYING_ACTIONS = frozenset({A.VERIFY, A.VERIFY_AND_PUBLISH, A.PUBLISH_IMPORTED})
# Actions that clear a past verification.
UNVERIFYING_ACTIONS = frozenset({A.REQUEST_REVISION, A.REJECT, A.REVERIFY})
# Waiting for a catalogue manager.
WAITING_STATUSES = frozenset({S.SUBMITTED})
# The supplier may edit in every status; edits of a verified product may send it back (needs_reverification).
# What the product *is*: changing any of these after verification needs a new verification.
SPEC_FIELDS = (
    "name", "description", "category", "unit", "tkdn", "bmp", "origin", "production_district", "brand",
    "has_sni", "is_halal", "ppn_percent", "ppnbm", "siinas_registered", "attributes",
)
# Commercial terms the supplier may change freely (the price has its own rule).
TERMS_FIELDS = ("stock", "min_order", "lead_time_days", "delivery_area")


class IllegalTransition(DomainError):
    """The action is not allowed from this status, or not for this role."""


def _not_from_status(status: str, action: str) -> str:
    return (_("Tindakan “%(action)s” tidak dapat dilakukan pada produk berstatus “%(status)s”.")
            % {"action": Action(action).label, "status": ProductStatus(status).label})


MACHINE = Machine(table=TRANSITIONS, not_from_status=lambda product, action: _not_from_status(product.status, action),
                  error=IllegalTransition)


def next_status(status: str, action: str, role: str) -> str:
    return transitions.apply(TRANSITIONS, status, action, role, error=IllegalTransition,
                             not_from_status=lambda: _not_from_status(status, action))


def actions_from(status: str, role: str) -> list[str]:
    hidden = {A.REVERIFY, A.PUBLISH_IMPORTED, A.SUBMIT_ON_BUSINESS_VERIFIED}
    return [action for action in transitions.actions_from(TRANSITIONS, status, role) if action not in hidden]


def owner_actions(*, status: str, business_verified: bool) -> list[str]:
    """What a supplier is offered on its product. Before the business is verified, submitting can only fail
    (its products go to review by themselves at verification), so it is not offered."""
    actions = actions_from(status, Role.SUPPLIER)
    return actions if business_verified else [a for a in actions if a != A.SUBMIT]


def can_publish(*, status: str, verified: bool) -> bool:
    """An inactive product goes back on display only while its last verification still stands."""
    return status == S.VERIFIED or (status == S.INACTIVE and verified)


def price_rise_limit_percent() -> int:
    return int(rule("product_price_rise_reverify_percent"))


def needs_reverification(*, status: str, changed_fields: set[str], old_price: int, new_price: int) -> list[str]:
    """Why an edit sends the product back to verification (empty: it does not).

    Only products past verification go back; a draft is simply edited.
    """
    if status == S.DRAFT:
        return []
    reasons = []
    spec = sorted(changed_fields & set(SPEC_FIELDS))
    if spec:
        reasons.append(str(_("spesifikasi berubah (%(fields)s)") % {"fields": ", ".join(spec)}))
    limit = price_rise_limit_percent()
    # Integer arithmetic: new > old × (100 + limit) / 100.
    if old_price and new_price * 100 > old_price * (100 + limit):
        reasons.append(str(_("harga naik lebih dari %(limit)s%% (dari %(old)s menjadi %(new)s)") % {
            "limit": limit, "old": f"Rp{old_price:,}".replace(",", "."), "new": f"Rp{new_price:,}".replace(",", "."),
        }))
    return reasons
