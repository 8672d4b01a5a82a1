"""Who in the kabupaten offers what: one definition of "a local UMKM could have supplied this".

Shared by the leakage page (money spent elsewhere while a local alternative exists, leakage.py) and the
demand page (what nobody local offers yet, demand.py), so the two always split the same money the same way.

- A **local UMKM offer** is an active product of a verified supplier located in the kabupaten
  (`Supplier.regency == KATALOG_REGION`) that is micro or small or a koperasi (Perpres 12/2021 Pasal 65).
- An offer **can stand in for** a purchase in category C when it is in C, in a category below C (a RUP package
  planned on "Komputer" is met by a laptop listed under "Komputer › Laptop"), or in a category with the same
  KBKI code as C, and when it counts the same thing (units.comparable: both by mass, both by volume, both by
  the sheet, both by the piece, or the same unit when the size cannot be read).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from katalog.catalogue.models import Category, Product
from katalog.core.rules import is_umk, umk_q as supplier_umk_q
from katalog.suppliers.models import Supplier

from .units import Measure, comparable, measure


def local_products():
    """Active products of verified suppliers located in the kabupaten (any scale)."""
    return Product.objects.active().filter(supplier__status=Supplier.Status.VERIFIED,
                                           supplier__regency_id=settings.KATALOG_REGION)


def umk_q(prefix: str = "supplier__") -> Q:
    """core.rules.umk_q, through the product's supplier by default."""
    return supplier_umk_q(prefix)


class Tree:
    """The category tree in memory: paths, descendants and KBKI siblings."""

    def __init__(self):
        self.categories = {c.pk: c for c in Category.objects.only("id", "name", "parent_id", "level", "kbki_id")}
        self.children: dict[int, list[int]] = defaultdict(list)
        self.by_kbki: dict[str, list[int]] = defaultdict(list)
        for pk, category in self.categories.items():
            if category.parent_id in self.categories:
                self.children[category.parent_id].append(pk)
            if category.kbki_id:
                self.by_kbki[category.kbki_id].append(pk)

    def ancestors(self, pk: int) -> list[int]:
        chain, parent = [], self.categories[pk].parent_id if pk in self.categories else None
        while parent is not None and parent in self.categories and len(chain) < 5:
            chain.append(parent)
            parent = self.categories[parent].parent_id
        return chain

    def path(self, pk: int | None) -> str:
        if pk is None or pk not in self.categories:
            return ""
        return " › ".join([self.categories[a].name for a in reversed(self.ancestors(pk))] + [self.categories[pk].name])

    def descendants(self, pk: int) -> set[int]:
        found, stack = set(), [pk]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(self.children.get(current, ()))
        return found

    def standing_in(self, pk: int) -> set[int]:
        """Categories whose offers can stand in for category `pk`: itself, below it, and the same KBKI code."""
        found = self.descendants(pk)
        kbki = self.categories[pk].kbki_id if pk in self.categories else None
        if kbki:
            for sibling in self.by_kbki[kbki]:
                found |= self.descendants(sibling)
        return found

    def is_leaf(self, pk: int) -> bool:
        return not self.children.get(pk)


@dataclass(frozen=True)
class Offer:
    product_id: int
    name: str
    unit: str
    price: int
    supplier_id: int
    supplier_name: str
    district_name: str
    category_id: int
    is_umk: bool
    measure: Measure

    @property
    def per_base(self) -> int:
        return self.measure.per_base(self.price)


class LocalSupply:
    """The local offers of the categories asked about (and those that can stand in for them)."""

    def __init__(self, category_ids, tree: Tree | None = None):
        self.tree = tree or Tree()
        self._standing: dict[int, set[int]] = {}
        wanted: set[int] = set()
        for pk in set(category_ids):
            wanted |= self._stand(pk)
        self.offers: dict[int, list[Offer]] = defaultdict(list)
        rows = (local_products().filter(category_id__in=wanted)
                .values_list("id", "name", "unit", "price", "supplier_id", "supplier__name",
                             "supplier__district__name", "category_id", "supplier__scale", "supplier__is_cooperative")
                .order_by("price", "id"))
        for pk, name, unit, price, supplier_id, supplier_name, district, category_id, scale, coop in rows:
            self.offers[category_id].append(Offer(
                pk, name, unit, price, supplier_id, supplier_name, district or "", category_id,
                is_umk(scale=scale, is_cooperative=coop), measure(name, unit)))

    def _stand(self, pk: int) -> set[int]:
        if pk not in self._standing:
            self._standing[pk] = self.tree.standing_in(pk)
        return self._standing[pk]

    def offers_for(self, category_id: int, unit_measure: Measure | None = None, *, umk_only: bool = True,
                   exclude_supplier: int | None = None) -> list[Offer]:
        """Local offers that can stand in for a purchase in `category_id` (of this measure when given),
        cheapest per kg / litre / sheet / piece first."""
        found = []
        for pk in self._stand(category_id):
            for offer in self.offers.get(pk, ()):
                if umk_only and not offer.is_umk:
                    continue
                if exclude_supplier is not None and offer.supplier_id == exclude_supplier:
                    continue
                if unit_measure is not None and not comparable(unit_measure, offer.measure):
                    continue
                found.append(offer)
        found.sort(key=lambda o: (o.per_base, o.price, o.product_id))
        return found

    def suppliers_for(self, category_id: int, unit_measure: Measure | None = None, *, umk_only: bool = True) -> int:
        return len({o.supplier_id for o in self.offers_for(category_id, unit_measure, umk_only=umk_only)})
