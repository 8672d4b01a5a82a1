"""The UMKM officer's worklist, per kecamatan assigned to the officer (OfficerArea).

For each kecamatan: the kampung where no business sells yet (no verified local supplier with an active
product), the businesses not yet ready with what each still lacks (readiness.py), orders of its businesses
whose answer is due within `WORKLIST_DUE_HOURS` (e-Katalog v6 cancels them after 3 working days), and the
visits recorded there, with the next steps they planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.catalogue.models import Product
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.errors import DomainError, WriteConflict
from katalog.core.roles import Role
from katalog.purchasing.models import Order
from katalog.purchasing.states import COMMITTED_STATUSES, DEADLINE_RULES, OrderStatus
from katalog.regions.models import District, Village
from katalog.suppliers.models import AssistanceVisit, Supplier
from katalog.suppliers.states import SupplierStatus

from .models import OfficerArea
from .readiness import readiness_of, with_readiness_data

WORKLIST_DUE_HOURS = 48


class WorklistError(DomainError):
    """A request the rules refuse; the message is for the person who made it."""


class Busy(WorklistError, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""


@retry_on_conflict(Busy)
@transaction.atomic
def officer_area_assign(*, actor, officer, district: District) -> OfficerArea:
    """Assign a kecamatan of the kabupaten to a UMKM officer (administrator). Audited."""
    if actor.role != Role.ADMIN:
        raise WorklistError(_("Hanya administrator yang dapat menetapkan wilayah pendamping."))
    if officer.role != Role.UMKM_OFFICER:
        raise WorklistError(_("Hanya pendamping UMKM yang dapat diberi wilayah kecamatan."))
    if district.regency_id != settings.KATALOG_REGION:
        raise WorklistError(_("Kecamatan ini tidak berada di kabupaten ini."))
    area, created = OfficerArea.objects.get_or_create(officer=officer, district=district,
                                                      defaults={"assigned_by": actor})
    if created:
        record_event(actor=actor, action="monitoring.officer_area_assign", obj=area,
                     after={"officer": officer.pk, "district": district.code})
    return area


@dataclass
class NotReady:
    supplier: Supplier
    score: int
    missing: list


@dataclass
class AreaWork:
    district: District
    villages: list = field(default_factory=list)
    businesses: list = field(default_factory=list)
    villages_without_seller: list = field(default_factory=list)
    not_ready: list[NotReady] = field(default_factory=list)
    due_orders: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)


def worklist(officer, *, now: datetime | None = None) -> list[AreaWork]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    areas = []
    for area in OfficerArea.objects.filter(officer=officer).select_related("district"):
        district = area.district
        work = AreaWork(district=district)
        selling = (Supplier.objects.filter(district=district, status=SupplierStatus.VERIFIED,
                                           products__status=Product.Status.ACTIVE)
                   .values_list("village_id", flat=True).distinct())
        work.villages = list(Village.objects.filter(district=district).order_by("name"))
        work.villages_without_seller = list(Village.objects.filter(district=district).exclude(code__in=selling)
                                            .order_by("name"))
        sold = Order.objects.filter(supplier=OuterRef("pk"), status__in=COMMITTED_STATUSES)
        suppliers = with_readiness_data(
            Supplier.objects.filter(district=district, regency_id=settings.KATALOG_REGION)
            .exclude(status=SupplierStatus.REJECTED).annotate(has_sold=Exists(sold))
            .select_related("village").order_by("name"))
        for supplier in suppliers:
            work.businesses.append(supplier)
            readiness = readiness_of(supplier, today)
            if not readiness.is_ready:
                work.not_ready.append(NotReady(supplier, readiness.score, readiness.missing))
        work.not_ready.sort(key=lambda r: (-r.score, r.supplier.name))
        work.due_orders = list(Order.objects.filter(
            supplier__district=district, status__in=sorted(DEADLINE_RULES), response_due_at__gt=now,
            response_due_at__lte=now + timedelta(hours=WORKLIST_DUE_HOURS))
            .select_related("supplier", "agency").order_by("response_due_at"))
        work.visits = list(AssistanceVisit.objects.filter(district=district)
                           .select_related("supplier", "village", "officer")[:20])
        work.next_steps = [v for v in work.visits if v.next_step][:10]
        areas.append(work)
    return areas


def care_orders_close_to_expiry(officer, *, now: datetime | None = None) -> list:
    """Orders waiting for the answer of a business in the officer's care (in a kecamatan assigned to them, or
    registered by them) whose automatic cancellation is within WORKLIST_DUE_HOURS, soonest first: the
    officer can phone the owner before the order is lost (e-Katalog v6: 3 working days to answer)."""
    now = now or timezone.now()
    districts = OfficerArea.objects.filter(officer=officer).values_list("district_id", flat=True)
    return list(Order.objects.filter(
        Q(supplier__district_id__in=districts) | Q(supplier__registered_by=officer),
        status=OrderStatus.SUPPLIER_CONFIRMATION, response_due_at__gt=now,
        response_due_at__lte=now + timedelta(hours=WORKLIST_DUE_HOURS))
        .select_related("supplier", "agency").order_by("response_due_at", "id"))
