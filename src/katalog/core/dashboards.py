"""Each role's own landing page: what that person has to do next."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from katalog.agencies.models import Agency, User
from katalog.catalogue.models import Product
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.purchasing.selectors import orders_visible_to
from katalog.purchasing.states import COMMITTED_STATUSES, OrderStatus
from katalog.regions.selectors import home_districts
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)


def panel_for(user) -> Panel:
    builder = _BUILDERS[Role(user.role)]
    return builder(user)


def _supplier(user) -> Panel:
    supplier = user.supplier
    products = supplier.products.values("status").annotate(n=Count("id"))
    return Panel(
        _("Beranda penyedia"),
        "core/panels/supplier.html",
        {
            "supplier": supplier,
            "product_counts": {row["status"]: row["n"] for row in products},
            "orders": orders_visible_to(user)[:10],
        },
    )


def _umkm_officer(user) -> Panel:
    rows = (
        home_districts()
        .annotate(
            registered=Count("suppliers"),
            verified=Count("suppliers", filter=Q(suppliers__status=Supplier.Status.VERIFIED)),
            umk=Count("suppliers", filter=umk_q("suppliers__")),  # koperasi included
        )
        .order_by("name")
    )
    return Panel(_("Beranda pendamping UMKM"), "core/panels/umkm_officer.html", {"districts": rows})


def _catalogue_manager(user) -> Panel:
    waiting_statuses = [Supplier.Status.SUBMITTED, Supplier.Status.IN_REVIEW]
    return Panel(
        _("Beranda pengelola katalog"),
        "core/panels/catalogue_manager.html",
        {
            "suppliers_waiting": Supplier.objects.filter(status__in=waiting_statuses).order_by("created_at")[:10],
            "suppliers_waiting_count": Supplier.objects.filter(status__in=waiting_statuses).count(),
            "products_waiting_count": Product.objects.filter(status=Product.Status.SUBMITTED).count(),
        },
    )


def _orders_panel(title, statuses):
    def build(user) -> Panel:
        orders = orders_visible_to(user)
        return Panel(
            title,
            "core/panels/orders.html",
            {
                "agency": user.agency,
                "todo": orders.filter(status__in=statuses).order_by("created_at")[:10],
                "todo_count": orders.filter(status__in=statuses).count(),
                "recent": orders[:10],
            },
        )

    return build


def _leadership(user) -> Panel:
    year = datetime.date.today().year
    return Panel(_("Beranda pimpinan"), "core/panels/leadership.html", {"year": year, "rows": agency_shares(year)})


def agency_shares(year: int) -> list[dict]:
    """Per OPD with realised spend: the share going to UMK and to local suppliers this fiscal year.

    One computation for the whole site: the monitoring app's figures (katalog.monitoring.figures).
    """
    from katalog.monitoring.figures import agency_rows

    return [
        {"agency": row.agency, "spend": row.realised, "umk_share": row.umk_share, "local_share": row.local_share,
         "meets_target": row.rag_umk == "green", "rag": row.rag_umk,
         "has_budget": row.has_budget, "budget": row.budget, "budget_share": row.budget_share,
         "budget_meets_target": row.rag_budget == "green"}
        for row in agency_rows(year) if row.has_spend or row.has_budget
    ]


def _auditor(user) -> Panel:
    return Panel(_("Beranda auditor"), "core/panels/auditor.html", {"events": AuditEvent.objects.select_related("actor").order_by("-id")[:15]})


def _admin(user) -> Panel:
    return Panel(
        _("Beranda administrator"),
        "core/panels/admin.html",
        {
            "users_by_role": User.objects.values("role").annotate(n=Count("id")).order_by("role"),
            "agency_count": Agency.objects.count(),
            "supplier_count": Supplier.objects.count(),
        },
    )


_BUILDERS = {
    Role.SUPPLIER: _supplier,
    Role.UMKM_OFFICER: _umkm_officer,
    Role.CATALOGUE_MANAGER: _catalogue_manager,
    Role.PP: _orders_panel(_("Beranda Pejabat Pengadaan"), [OrderStatus.NEGOTIATION]),
    Role.PPK: _orders_panel(_("Beranda PPK"), [OrderStatus.PPK_REVIEW, OrderStatus.ARRIVED, OrderStatus.BAST_CONFIRMATION]),
    Role.TREASURER: _orders_panel(_("Beranda bendahara"), [OrderStatus.COMPLETED]),
    Role.LEADERSHIP: _leadership,
    Role.AUDITOR: _auditor,
    Role.ADMIN: _admin,
}
