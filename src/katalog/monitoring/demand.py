"""Demand without local supply: what agencies buy or plan to buy that no local UMKM offers.

The same matching as the leakage page (matching.py), at the finest category level known:

- **Spend** (belanja): goods value (`OrderLine.subtotal`) of the year's committed order lines whose supplier was
  not a local micro/small business or koperasi at checkout, and for which no local UMKM offers a product that
  can stand in (same category, a category below it or the same KBKI code; the same unit of count). The rest
  of that spend is leakage (leakage.py): the two pages split the same money.
- **Plan** (rencana): pagu of the year's RUP packages whose category no local UMKM serves, counting the
  categories below it: a package planned on "Komputer" is met by a local UMKM selling under
  "Komputer › Laptop". A package without a category cannot be matched and is listed apart as
  "belum berkategori", never dropped (`uncategorised`).
- The gap says why: nobody local sells in the category ("no local supplier"), only medium/large local
  businesses do ("no local UMKM"), or local UMKM sell it but counted differently (sold by the litre where
  the OPD bought by the kilo: "no comparable unit").

Kecamatan potentials tagged by UMKM officers on the category, a parent or a category below it say where
such a business could be developed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from katalog.catalogue.models import Category

from .leakage import outside_lines
from .matching import LocalSupply, Tree
from .models import Potential, RupPackage
from .units import measure

NO_LOCAL = "no_local"
NO_LOCAL_UMKM = "no_local_umkm"
NO_COMPARABLE = "no_comparable"


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
    def gap(self) -> str:
        if self.local_suppliers == 0:
            return NO_LOCAL
        if self.local_umkm == 0:
            return NO_LOCAL_UMKM
        return NO_COMPARABLE


def demand_without_local_supply(year: int) -> list[DemandRow]:
    """Categories with spend or plans that no local UMKM can meet, largest money at stake first."""
    lines = list(outside_lines(year).order_by().values("category_id", "name", "unit").annotate(s=Sum("subtotal")))
    packages = list(RupPackage.objects.filter(year=year, category__isnull=False).order_by()
                    .values("category_id").annotate(s=Sum("pagu")))
    tree = Tree()
    supply = LocalSupply({row["category_id"] for row in lines} | {row["category_id"] for row in packages}, tree)
    spent: dict[int, int] = defaultdict(int)
    for row in lines:
        if not supply.offers_for(row["category_id"], measure(row["name"], row["unit"])):
            spent[row["category_id"]] += row["s"] or 0
    planned: dict[int, int] = defaultdict(int)
    for row in packages:
        if not supply.offers_for(row["category_id"]):
            planned[row["category_id"]] += row["s"] or 0
    potentials = defaultdict(list)
    for potential in Potential.objects.select_related("district"):
        potentials[potential.category_id].append(potential)
    rows = []
    for category_id in set(spent) | set(planned):
        category = tree.categories.get(category_id)
        if category is None:
            continue
        row = DemandRow(category=category, path=tree.path(category_id), spent=spent.get(category_id, 0),
                        planned=planned.get(category_id, 0),
                        local_suppliers=supply.suppliers_for(category_id, umk_only=False),
                        local_umkm=supply.suppliers_for(category_id))
        if not row.at_stake:
            continue
        related = [*tree.ancestors(category_id), *sorted(tree.descendants(category_id))]
        for key in dict.fromkeys(related):
            row.potentials.extend(potentials.get(key, []))
        rows.append(row)
    rows.sort(key=lambda r: (-r.at_stake, r.path))
    return rows


@dataclass
class Uncategorised:
    packages: list
    total: int


def uncategorised(year: int) -> Uncategorised:
    """The year's RUP packages without a category: money planned that no category can be matched to."""
    packages = list(RupPackage.objects.filter(year=year, category__isnull=True).select_related("agency")
                    .order_by("-pagu", "rup_code"))
    return Uncategorised(packages=packages, total=sum(p.pagu for p in packages))


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
