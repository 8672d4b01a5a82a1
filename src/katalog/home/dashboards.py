"""Each role's own landing page: what that person has to do next."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from katalog.agencies.models import Agency, User
from katalog.catalogue.selectors import verification_queue as product_queue
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.core.rules import umk_q
from katalog.monitoring import figures, shortfall
from katalog.monitoring.figures import agency_rows
from katalog.monitoring.worklist import care_orders_close_to_expiry
from katalog.purchasing.selectors import orders_visible_to
from katalog.purchasing.states import OrderStatus
from katalog.regions.selectors import home_districts
from katalog.suppliers.models import Supplier
from katalog.suppliers.selectors import verification_queue as supplier_queue, waiting_since


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
        "home/panels/supplier.html",
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
    return Panel(_("Beranda pendamping UMKM"), "home/panels/umkm_officer.html", {
        "districts": rows, "expiring": care_orders_close_to_expiry(user)})


def _catalogue_manager(user) -> Panel:
    """Both verification queues with their counts, and the longest-waiting entries of each."""
    suppliers, products = supplier_queue(), product_queue()
    return Panel(
        _("Beranda pengelola katalog"),
        "home/panels/catalogue_manager.html",
        {
            "suppliers_waiting": [(s, waiting_since(s)) for s in suppliers[:5]],
            "suppliers_waiting_count": suppliers.count(),
            "products_waiting": [(p, p.submitted_at or p.created_at) for p in products[:5]],
            "products_waiting_count": products.count(),
        },
    )


def _orders_panel(title, statuses):
    def build(user) -> Panel:
        orders = orders_visible_to(user)
        return Panel(
            title,
            "home/panels/orders.html",
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
    targets = figures.targets_for(year)
    rows = figures.agency_rows(year, targets)
    return Panel(_("Beranda pimpinan"), "home/panels/leadership.html", {
        "year": year, "rows": agency_shares(year, rows), "gaps": shortfall.section(rows, targets.umk)})


def agency_shares(year: int, rows=None) -> list[dict]:
    """Per OPD with realised spend: the share going to UMK and to local suppliers this fiscal year.

    One computation for the whole site: the monitoring app's figures (katalog.monitoring.figures).
    """
    rows = agency_rows(year) if rows is None else rows
    return [
        {"agency": row.agency, "spend": row.realised, "umk_share": row.umk_share, "local_share": row.local_share,
         "meets_target": row.rag_umk == "green", "rag": row.rag_umk,
         "has_budget": row.has_budget, "budget": row.budget, "budget_share": row.budget_share,
         "budget_meets_target": row.rag_budget == "green"}
        for row in rows if row.has_spend or row.has_budget
    ]


def _auditor(user) -> Panel:
    return Panel(_("Beranda auditor"), "home/panels/auditor.html", {"events": AuditEvent.objects.select_related("actor").order_by("-id")[:15]})


def _admin(user) -> Panel:
    return Panel(
        _("Beranda administrator"),
        "home/panels/admin.html",
        {
            "users_by_role": [{"label": Role(row["role"]).label, "n": row["n"]}
                              for row in User.objects.values("role").annotate(n=Count("id")).order_by("role")],
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
