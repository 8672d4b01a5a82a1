"""Reads for purchasing. `orders_visible_to` is the one place that decides who sees which order;
`competitions_visible_to` does the same for mini-kompetisi."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.catalogue.models import Category, Product
from katalog.core.calendar import working_days_between
from katalog.core.audit_labels import action_label
from katalog.core.models import AuditEvent
from katalog.core.roles import OVERSIGHT_ROLES, Role
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier

from . import rules
from .errors import NotAllowed
from .models import (
    Amendment, Cart, Competition, DeliveryLine, NegotiationRound, Order, OrderDocument, SupplierRating,
)
from .states import DEADLINE_RULES, RATABLE_STATUSES, OrderStatus, actions_from
from katalog.agencies.models import User
from .models import CartLine


def orders_visible_to(user) -> QuerySet[Order]:
    """Object-level access for orders.

    OPD staff see their own OPD's orders; a supplier's people see orders placed
    with that supplier; leadership, auditors and administrators see all.
    Anyone else sees none.
    """
    return _scoped(Order.objects.select_related("agency", "supplier"), user, supplier_lookup="supplier_id")


def competitions_visible_to(user) -> QuerySet[Competition]:
    """The OPD's own staff see its competitions; a supplier sees those it was invited to; oversight sees all."""
    return _scoped(Competition.objects.select_related("agency", "category", "buyer"), user,
                   supplier_lookup="invitations__supplier_id")


def _scoped(qs: QuerySet, user, *, supplier_lookup: str) -> QuerySet:
    """The one rule for orders and competitions alike: oversight sees all, a supplier's people what
    `supplier_lookup` ties to their business, OPD staff their own OPD's, anyone else nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role in OVERSIGHT_ROLES:
        return qs
    if user.role == Role.SUPPLIER and user.supplier_id:
        return qs.filter(**{supplier_lookup: user.supplier_id})
    if user.role in (Role.PP, Role.PPK, Role.TREASURER) and user.agency_id:
        return qs.filter(agency_id=user.agency_id)
    return qs.none()


def carts_of(user) -> QuerySet[Cart]:
    return Cart.objects.filter(buyer=user).select_related("supplier").prefetch_related("lines__product")


def cart_lines_of(user) -> QuerySet:
    return CartLine.objects.filter(cart__buyer=user).select_related("cart", "product")


def ppks_for(agency) -> QuerySet:
    """PPK of the OPD who may be chosen to approve and sign."""
    return User.objects.filter(agency=agency, role=Role.PPK, is_active=True).order_by("full_name")


# --- separation of duties -----------------------------------------------------------


def buyer_conflicts_with_supplier(user, supplier: Supplier) -> bool:
    """True when the buyer belongs to the supplier: the buyer's own business account, a declared
    conflict of interest, or the same e-mail/phone as the business or one of its accounts (docs/domain-notes.md,
    separation of duties: a buyer cannot order from a supplier they own)."""
    if user.supplier_id and user.supplier_id == supplier.pk:
        return True
    if apps.is_installed("katalog.suppliers"):
        try:
            declaration = apps.get_model("suppliers", "ConflictDeclaration")
        except LookupError:
            declaration = None
        if declaration is not None and declaration.objects.filter(supplier=supplier, user=user).exists():
            return True
    email = (user.email or "").strip().lower()
    phone = "".join(ch for ch in (user.phone or "") if ch.isdigit())
    if email and email == (supplier.email or "").strip().lower():
        return True
    if phone and phone == "".join(ch for ch in (supplier.phone or "") if ch.isdigit()):
        return True
    people = supplier.people.exclude(pk=user.pk)
    if email and people.filter(email__iexact=email).exists():
        return True
    return bool(phone) and people.filter(phone=user.phone).exists()


def party_problem(order: Order, user, role: str | None = None) -> str | None:
    """Why this person may not act on this order, or None when they may.

    The OPD's own PP and treasurer; the PPK chosen for the order (any PPK of the OPD while none is
    chosen); the people of the order's supplier. Separation of duties (docs/domain-notes.md): the PP who built
    an order never acts on it as PPK, even after a change of role.
    """
    role = role or user.role
    if not user.is_active:
        return str(NotAllowed.default_message)
    if role in (Role.PP, Role.TREASURER):
        return None if user.agency_id == order.agency_id else str(NotAllowed.default_message)
    if role == Role.PPK:
        if user.agency_id != order.agency_id:
            return str(NotAllowed.default_message)
        if user.pk == order.buyer_id:
            return str(_("Pemisahan tugas: orang yang menyusun pesanan sebagai PP "
                         "tidak boleh memprosesnya sebagai PPK."))
        if order.ppk_id is not None and order.ppk_id != user.pk:
            return str(_("Pesanan ini ditujukan kepada PPK lain; hanya PPK yang dipilih yang dapat memprosesnya."))
        return None
    if role == Role.SUPPLIER:
        return None if user.supplier_id == order.supplier_id else str(NotAllowed.default_message)
    return str(NotAllowed.default_message)


# --- domestic products and UMK ---------------------------------------------------------


@dataclass
class Alternative:
    id: int
    name: str
    supplier: str
    supplier_is_umk: bool
    tkdn: str  # "" when the product has no TKDN value
    bmp: str
    price: int
    unit: str
    tier: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _alternative(product: Product) -> Alternative:
    return Alternative(
        id=product.pk, name=product.name, supplier=product.supplier.name, supplier_is_umk=product.supplier.is_umk,
        tkdn="" if product.tkdn is None else str(product.tkdn), bmp=str(product.bmp), price=product.price,
        unit=product.unit, tier=rules.domestic_tier(origin=product.origin, tkdn=product.tkdn, bmp=product.bmp,
                                                    siinas=product.siinas_registered),
    )


def _offers():
    return (Product.objects.active().filter(supplier__status=Supplier.Status.VERIFIED, stock__gte=1)
            .select_related("supplier"))


def domestic_alternatives(product: Product, limit: int = 5) -> list[Alternative]:
    """Offers of the same category in a higher tier of Perpres 46/2025 Pasal 66 than `product`
    (rules.domestic_tier), best tier first; empty when nothing ranks higher, so no reason is needed."""
    tier = rules.domestic_tier(origin=product.origin, tkdn=product.tkdn, bmp=product.bmp,
                               siinas=product.siinas_registered)
    if tier == rules.TIER_TKDN_BMP:
        return []
    candidates = (
        _offers().filter(category_id=product.category_id).exclude(pk=product.pk)
        .filter(rules.domestic_tier_q(range(rules.TIER_TKDN_BMP, tier))).order_by(F("tkdn").desc(nulls_last=True), "price", "id")
    )
    found = sorted((_alternative(c) for c in candidates[:200]), key=lambda a: a.tier)
    return found[:limit]


def umk_alternatives(*, supplier: Supplier, category_ids, package_value: int, limit: int = 5) -> list[Alternative]:
    """Offers by micro/small businesses or koperasi in the same categories, when `supplier` is neither and
    the package is within the reservation for small business (Perpres 12/2021 Pasal 65 ayat (4), up to
    KATALOG_RULES umk_reserved_package_limit) and the installation asks for a reason
    (require_umk_justification). `package_value` is `rules.package_value`: the RUP pagu when known."""
    if supplier.is_umk or not rules.rule("require_umk_justification"):
        return []
    if not rules.reserved_for_small_business(package_value):
        return []
    qs = (
        _offers().filter(category_id__in=list(category_ids))
        .filter(umk_q("supplier__"))
        .exclude(supplier=supplier).order_by("price", "id")
    )
    return [_alternative(p) for p in qs[:limit]]


@dataclass
class CheckoutLine:
    line: object  # CartLine
    subtotal: int
    ppn: int
    alternatives: list[Alternative] = field(default_factory=list)
    dpp: int = 0

    @property
    def needs_justification(self) -> bool:
        return bool(self.alternatives)


@dataclass
class CheckoutReview:
    lines: list[CheckoutLine]
    umk_alternatives: list[Alternative]
    subtotal: int
    ppn: int
    total: int
    within_pp_limit: bool
    dpp: int = 0
    umk_reserved_limit: int = 0


def rup_line(rup_code: str, *, year: int | None = None):
    """The imported SiRUP package (monitoring.RupPackage) an order with this kode RUP is charged to, or None
    where no plan is imported. A kode RUP names one package of one year (unique per year); when it is found
    in several years, the one of `year` if given, else the newest."""
    if not apps.is_installed("katalog.monitoring"):
        return None
    code = (rup_code or "").strip()
    if not code:
        return None
    packages = list(apps.get_model("monitoring", "RupPackage").objects.filter(rup_code=code).order_by("-year")[:5])
    for package in packages:
        if package.year == year:
            return package
    return packages[0] if packages else None


def checkout_review(cart: Cart, *, package=None) -> CheckoutReview:
    """What the buyer must see before checking out: totals, and for each line the better domestic
    alternatives (if any), plus UMK offers when the supplier is not UMK. `package` is the RUP line the
    buyer names (rup_line), when known: its pagu decides the small-business reservation."""
    lines, taxes = [], []
    today = timezone.localdate()
    for cart_line in cart.lines.select_related("product", "product__category", "product__supplier"):
        product = cart_line.product
        subtotal = rules.line_subtotal(cart_line.quantity, product.price)
        tax = product.tax_for(subtotal, today)
        taxes.append((subtotal, tax))
        lines.append(CheckoutLine(cart_line, subtotal, tax.ppn, domestic_alternatives(product), dpp=tax.dpp))
    t = rules.totals(taxes)
    categories = {line.line.product.category_id for line in lines}
    return CheckoutReview(
        lines=lines,
        umk_alternatives=umk_alternatives(supplier=cart.supplier, category_ids=categories,
                                          package_value=rules.package_value(package, t.total)),
        subtotal=t.subtotal, ppn=t.ppn, total=t.total, within_pp_limit=rules.pp_may_place(t.total), dpp=t.dpp,
        umk_reserved_limit=rules.rule("umk_reserved_package_limit"),
    )


def category_and_descendants(category: Category) -> list[int]:
    ids = [category.pk]
    frontier = [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def suppliers_offering(category: Category) -> QuerySet[Supplier]:
    """Verified suppliers with an active product in the category or below it (mini-kompetisi invitations)."""
    return (
        Supplier.objects.verified()
        .filter(products__status=Product.Status.ACTIVE, products__category_id__in=category_and_descendants(category))
        .distinct().order_by("name")
    )


# --- an order's page ----------------------------------------------------------------


def shipped_quantities(order: Order) -> dict[int, int]:
    rows = DeliveryLine.objects.filter(order_line__order=order).values("order_line").annotate(n=Sum("quantity"))
    return {row["order_line"]: row["n"] for row in rows}


def received_quantities(order: Order) -> dict[int, int]:
    rows = (
        DeliveryLine.objects.filter(order_line__order=order, delivery__received_on__isnull=False)
        .values("order_line").annotate(n=Sum("quantity"))
    )
    return {row["order_line"]: row["n"] for row in rows}


@dataclass
class Deadline:
    due: datetime
    working_days_left: int
    overdue: bool
    awaiting: str


_AWAITING = {
    OrderStatus.NEGOTIATION: "negotiation",
    OrderStatus.PPK_REVIEW: Role.PPK,
    OrderStatus.SUPPLIER_CONFIRMATION: Role.SUPPLIER,
}


def deadline_of(order: Order, now: datetime | None = None) -> Deadline | None:
    """The countdown shown on the order: who must act, by when, how many working days are left."""
    if order.status not in DEADLINE_RULES or order.response_due_at is None:
        return None
    now = now or timezone.now()
    due = timezone.localtime(order.response_due_at)
    today = timezone.localtime(now).date()
    return Deadline(
        due=due, working_days_left=working_days_between(today, due.date()), overdue=due <= now,
        awaiting=_AWAITING[order.status],
    )


def available_actions(order: Order, user) -> list[str]:
    """Actions the table allows this person's role from the order's status (the page shows their forms)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return actions_from(order.status, user.role)


# --- what the order page offers each person ----------------------------------------------

ACTING_ROLES = frozenset({Role.PP, Role.PPK, Role.SUPPLIER, Role.TREASURER})
SIGN_ACTIONS = frozenset({"sign", "sign_first", "sign_bast", "sign_bast_first"})


def open_offer(order: Order) -> NegotiationRound | None:
    """The negotiation offer still waiting for an answer (at most one)."""
    return order.negotiation_rounds.filter(status=NegotiationRound.Status.OPEN).first()


def pp_may_place(order: Order) -> bool:
    """The PP may place the order with the supplier itself: within the PP limit (Perpres 46/2025, KATALOG_RULES
    pp_checkout_limit) and never once it was sent to the PPK. Negotiation must be over too (`open_offer`)."""
    return not order.sent_to_ppk and rules.pp_may_place(order.total)


def letter_to_sign(order: Order) -> str:
    """The letter a signature on this order is for: the BAST once the goods are checked, else the Surat Pesanan."""
    return OrderDocument.Kind.BAST if order.status == OrderStatus.BAST_CONFIRMATION else OrderDocument.Kind.SURAT_PESANAN


def side_of_role(role: str) -> str:
    return "supplier" if role == Role.SUPPLIER else "buyer"


def signed_by_side(document: OrderDocument | None, side: str) -> bool:
    """Whether the supplier ("supplier") or the PPK ("buyer") has signed `document`."""
    if document is None:
        return False
    return bool(document.supplier_signed_at if side == "supplier" else document.ppk_signed_at)


@dataclass(frozen=True)
class OrderChoices:
    """What the order page offers one person, from the order's state (one place; services/_engine.py and
    services/orders.py read the same helpers). `forms` names the action forms to show."""

    side: str
    party_problem: str | None
    actions: frozenset[str]
    open_offer: NegotiationRound | None
    open_amendment: Amendment | None
    letter: str | None
    signed_by_me: bool
    can_place: bool
    can_sign: bool
    can_rate: bool
    forms: frozenset[str]


def order_choices(order: Order, user) -> OrderChoices:
    """The actions and forms the order page shows `user`: the table's actions for their role and the order's
    status (states.TRANSITIONS), when they are a party to the order (`party_problem`), narrowed by what the
    services would refuse anyway (an open offer, the PP limit, a letter already signed, a rating given)."""
    acting = getattr(user, "is_authenticated", False) and user.role in ACTING_ROLES
    problem = party_problem(order, user) if acting else None
    may_act = acting and not problem
    actions = frozenset(available_actions(order, user)) if may_act else frozenset()
    side = side_of_role(user.role) if acting else "buyer"
    offer = open_offer(order)
    amendment = order.amendments.filter(status=Amendment.Status.PROPOSED).first()
    letter = letter_to_sign(order) if actions & SIGN_ACTIONS else None
    signed = bool(letter) and signed_by_side(order.documents.filter(kind=letter).first(), side)
    rateable = (user.role == Role.PP and may_act and order.status in RATABLE_STATUSES
                and not SupplierRating.objects.filter(order=order).exists()) if acting else False
    forms = {
        "offer": "propose" in actions,
        "respond": "respond" in actions and offer is not None and offer.side != side,
        "ship": "ship" in actions,
        "receive": bool(actions & {"receive", "arrive"}),
        "check": "check_goods" in actions,
        "payment": "record_payment" in actions,
        "amendment": "propose_amendment" in actions and amendment is None,
        "decide": "decide_amendment" in actions and amendment is not None and amendment.side != side,
        "rating": rateable,
    }
    return OrderChoices(
        side=side, party_problem=problem, actions=actions, open_offer=offer, open_amendment=amendment,
        letter=letter, signed_by_me=signed,
        can_place="place" in actions and offer is None and pp_may_place(order),
        can_sign=bool(letter) and not signed, can_rate=rateable,
        forms=frozenset(name for name, shown in forms.items() if shown),
    )




@dataclass
class TimelineEntry:
    at: datetime
    who: str
    role: str
    action: str
    detail: dict

    @property
    def label(self) -> str:
        return action_label(self.action)


def order_timeline(order: Order) -> list[TimelineEntry]:
    """Who did what when on this order, read from the audit chain (every service records there)."""
    events = (
        AuditEvent.objects.filter(object_type=Order._meta.label_lower, object_id=str(order.pk))
        .select_related("actor").order_by("id")
    )
    entries = []
    for event in events:
        actor = event.actor
        entries.append(TimelineEntry(
            at=event.at,
            who=(actor.full_name or actor.get_username()) if actor else "",
            role=actor.role_label if actor else "",
            action=event.action,
            detail=event.after or {},
        ))
    return entries


def order_lines_with_progress(order: Order) -> list[dict]:
    shipped, received = shipped_quantities(order), received_quantities(order)
    return [
        {"line": line, "shipped": shipped.get(line.pk, 0), "received": received.get(line.pk, 0),
         "outstanding": line.quantity - shipped.get(line.pk, 0)}
        for line in order.lines.all()
    ]
