"""Demand without local supply: what agencies buy or plan to buy that no local UMKM offers.

For each catalogue category with realised spend (goods value of the year's committed order lines) or
planned pagu (RUP packages matched to the category), count the suppliers *located in the kabupaten*
(verified, with an active product in the category) and, among them, the micro/small businesses and
koperasi. A category is listed when nobody local offers it ("no local supplier") or only medium/large
local businesses do ("no local UMKM"); the money at stake is its spend plus its plan. Kecamatan
potentials tagged by UMKM officers on the category (or on a parent category) say where such a business
could be developed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum

from katalog.catalogue.models import Category, Product
from katalog.core.rules import umk_q

from .figures import committed_lines
from .models import Potential, RupPackage

NO_LOCAL = "no_local"
NO_LOCAL_UMKM = "no_local_umkm"


@dataclass
class DemandRow:
    category: Category
    path: str
    spent: int = 0
    planned: int = 0
    local_suppliers: int = 0
    local_umkm: int = 0
    potentials: list = field(default_factory=list)

    @property
    def at_stake(self) -> int:
        return self.spent + self.planned

    @property
    def gap(self) -> str | None:
        if self.local_suppliers == 0:
            return NO_LOCAL
        if self.local_umkm == 0:
            return NO_LOCAL_UMKM
        return None


def _paths() -> tuple[dict[int, Category], dict[int, list[int]]]:
    categories = {c.pk: c for c in Category.objects.only("id", "name", "parent_id", "level", "slug")}
    ancestors = {}
    for pk, category in categories.items():
        chain, parent = [], category.parent_id
        while parent is not None and parent in categories and len(chain) < 5:
            chain.append(parent)
            parent = categories[parent].parent_id
        ancestors[pk] = chain
    return categories, ancestors


def demand_without_local_supply(year: int) -> list[DemandRow]:
    """Categories with spend or plans and no local (UMKM) supply, largest money at stake first."""
    spent = {row["category_id"]: row["s"] for row in
             committed_lines(year).order_by().values("category_id").annotate(s=Sum("subtotal"))}
    planned = {row["category_id"]: row["s"] for row in
               RupPackage.objects.filter(year=year, category__isnull=False).order_by().values("category_id")
               .annotate(s=Sum("pagu"))}
    offers = (Product.objects.active()
              .filter(supplier__status="verified", supplier__regency_id=settings.KATALOG_REGION)
              .order_by().values("category_id")
              .annotate(local=Count("supplier_id", distinct=True),
                        umkm=Count("supplier_id", distinct=True,
                                   filter=umk_q("supplier__"))))
    supply = {row["category_id"]: row for row in offers}
    categories, ancestors = _paths()
    potentials = defaultdict(list)
    for potential in Potential.objects.select_related("district"):
        potentials[potential.category_id].append(potential)
    rows = []
    for category_id in set(spent) | set(planned):
        category = categories.get(category_id)
        if category is None:
            continue
        chain = [categories[a].name for a in reversed(ancestors[category_id])] + [category.name]
        row = DemandRow(category=category, path=" › ".join(chain), spent=spent.get(category_id) or 0,
                        planned=planned.get(category_id) or 0,
                        local_suppliers=(supply.get(category_id) or {}).get("local", 0),
                        local_umkm=(supply.get(category_id) or {}).get("umkm", 0))
        if row.gap is None or not row.at_stake:
            continue
        for key in [category_id, *ancestors[category_id]]:
            row.potentials.extend(potentials.get(key, []))
        rows.append(row)
    rows.sort(key=lambda r: (-r.at_stake, r.path))
    return rows


@dataclass
class Opportunity:
    district: object
    potential: Potential
    row: DemandRow


def where_to_develop(rows: list[DemandRow]) -> list[Opportunity]:
    """Kecamatan × business to develop: each potential that meets an unmet demand, by money at stake."""
    found = [Opportunity(p.district, p, row) for row in rows for p in row.potentials]
    found.sort(key=lambda o: (-o.row.at_stake, o.district.name, o.row.path))
    return found
