"""What an order's page shows: quantities shipped and received, the response deadline, the actions and
forms each person is offered (`order_choices`), and the order's history from the audit chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from katalog.core.audit_labels import action_label
from katalog.core.calendar import working_days_between
from katalog.core.models import AuditEvent
from katalog.core.roles import Role

from . import rules
from .models import Amendment, DeliveryLine, NegotiationRound, Order, OrderDocument, SupplierRating
from .selectors import party_problem
from .states import DEADLINE_RULES, RATABLE_STATUSES, OrderStatus, actions_from


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
