"""Plan against realisation per RUP package: the SiRUP plan (RupPackage) beside the orders charged to it.

What each number means (tests/monitoring/test_plan.py rebuilds them from hand-built packages and orders):

- An order is **charged to a package** when its `Order.rup_code` equals the kode RUP of one of its own OPD's
  catalogue packages in the same fiscal year (spaces ignored). Signed orders of an OPD with a plan that match
  none of its catalogue packages (a code not in the RUP, another OPD's code, a tender package's code) are
  counted apart ("tanpa paket katalog yang cocok").
- **Realised** (realisasi) is `Order.total` of the orders whose Surat Pesanan both parties have signed:
  the statuses after e-signing (`SIGNED_STATUSES`, from "Diproses penyedia" on), never cancelled ones.
  Orders still being signed are shown apart ("sedang ditandatangani"), not as realised.
- **Catalogue packages** are those whose method of selection (SiRUP "metode pemilihan") is e-purchasing
  / e-katalog; the catalogue can realise only those. Tender, seleksi, pengadaan langsung and the rest are
  listed apart with their pagu and never enter the catalogue's plan or its share.
- **Reserved** for UMK / PDN is the pagu of the catalogue packages SiRUP flags "Usaha Kecil/Koperasi" /
  "Produk Dalam Negeri".
- The kabupaten totals add up only the OPD that have a plan loaded for the year; the page says how many
  OPD that is and how much the others realised without one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from katalog.agencies.models import Agency
from katalog.purchasing.models import Order
from katalog.purchasing.states import COMMITTED_STATUSES, OrderStatus

from .models import RupPackage
from .states import percent

SIGNED_STATUSES = frozenset(COMMITTED_STATUSES - {OrderStatus.SIGNING})
CATALOGUE_METHOD_WORDS = ("purchasing", "katalog", "e-katalog", "ekatalog")


def is_catalogue_method(method: str) -> bool:
    text = (method or "").lower().replace(" ", "")
    return any(word.replace(" ", "") in text for word in CATALOGUE_METHOD_WORDS)


def _code(value: str) -> str:
    return "".join((value or "").split())


@dataclass
class PackageRow:
    package: RupPackage
    realised: int = 0
    orders: int = 0
    signing: int = 0

    @property
    def share(self):
        return percent(self.realised, self.package.pagu)


@dataclass
class AgencyPlan:
    agency: Agency
    packages: list[PackageRow] = field(default_factory=list)      # catalogue packages
    others: list[RupPackage] = field(default_factory=list)        # tender and other methods
    unmatched: int = 0            # realised on orders matching none of the OPD's catalogue packages
    unmatched_orders: int = 0

    @property
    def planned(self) -> int:
        return sum(r.package.pagu for r in self.packages)

    @property
    def planned_umk(self) -> int:
        return sum(r.package.pagu for r in self.packages if r.package.is_umk)

    @property
    def planned_pdn(self) -> int:
        return sum(r.package.pagu for r in self.packages if r.package.is_pdn)

    @property
    def realised(self) -> int:
        return sum(r.realised for r in self.packages)

    @property
    def signing(self) -> int:
        return sum(r.signing for r in self.packages)

    @property
    def others_pagu(self) -> int:
        return sum(p.pagu for p in self.others)

    @property
    def share(self):
        return percent(self.realised, self.planned)


@dataclass
class PlanReport:
    year: int
    agencies: list[AgencyPlan] = field(default_factory=list)     # OPD with a plan, largest catalogue plan first
    without_plan: int = 0             # OPD with signed orders but no plan loaded
    without_plan_realised: int = 0

    def _sum(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.agencies)

    @property
    def planned(self) -> int:
        return self._sum("planned")

    @property
    def planned_umk(self) -> int:
        return self._sum("planned_umk")

    @property
    def planned_pdn(self) -> int:
        return self._sum("planned_pdn")

    @property
    def realised(self) -> int:
        return self._sum("realised")

    @property
    def signing(self) -> int:
        return self._sum("signing")

    @property
    def others_pagu(self) -> int:
        return self._sum("others_pagu")

    @property
    def unmatched(self) -> int:
        return self._sum("unmatched")

    @property
    def share(self):
        return percent(self.realised, self.planned)


def plan_and_realisation(year: int, *, agency_id: int | None = None) -> PlanReport:
    packages = RupPackage.objects.filter(year=year).select_related("agency").order_by("-pagu", "rup_code")
    if agency_id is not None:
        packages = packages.filter(agency_id=agency_id)
    plans: dict[int, AgencyPlan] = {}
    by_code: dict[str, PackageRow] = {}
    for package in packages:
        plan = plans.setdefault(package.agency_id, AgencyPlan(agency=package.agency))
        if is_catalogue_method(package.method):
            row = PackageRow(package)
            plan.packages.append(row)
            by_code[_code(package.rup_code)] = row
        else:
            plan.others.append(package)
    orders = Order.objects.filter(fiscal_year=year, status__in=sorted(SIGNED_STATUSES | {OrderStatus.SIGNING}))
    if agency_id is not None:
        orders = orders.filter(agency_id=agency_id)
    without_plan: dict[int, int] = defaultdict(int)
    for row in (orders.order_by().values("agency_id", "rup_code", "status")
                .annotate(total=Sum("total"), n=Count("id"))):
        signed = row["status"] in SIGNED_STATUSES
        plan = plans.get(row["agency_id"])
        if plan is None:
            if signed:
                without_plan[row["agency_id"]] += row["total"]
            continue
        package_row = by_code.get(_code(row["rup_code"]))
        if package_row is not None and package_row.package.agency_id == row["agency_id"]:
            if signed:
                package_row.realised += row["total"]
                package_row.orders += row["n"]
            else:
                package_row.signing += row["total"]
        elif signed:
            plan.unmatched += row["total"]
            plan.unmatched_orders += row["n"]
    report = PlanReport(year=year, agencies=sorted(plans.values(), key=lambda a: (-a.planned, a.agency.name)))
    report.without_plan = len(without_plan)
    report.without_plan_realised = sum(without_plan.values())
    return report


def package_orders(package: RupPackage):
    """The orders charged to one package (every status but cancelled), newest first."""
    code = _code(package.rup_code)
    candidates = (Order.objects.filter(fiscal_year=package.year, agency_id=package.agency_id,
                                       rup_code__contains=code)
                  .exclude(status=OrderStatus.CANCELLED).select_related("supplier").order_by("-created_at", "-id"))
    return [order for order in candidates if _code(order.rup_code) == code]
