"""What the catalogue offers against a cart: better domestic products (Perpres 46/2025 Pasal 66 tiers) and
small-business offers (Perpres 12/2021 Pasal 65), the suppliers offering a category, and the review a buyer
sees before checking out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, QuerySet
from django.utils import timezone

from katalog.catalogue.models import Category, Product
from katalog.core.category_branch import in_branch_q
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier

from . import rules
from .models import Cart


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
    return list(Category.objects.filter(in_branch_q(category, "")).values_list("pk", flat=True))


def suppliers_offering(category: Category) -> QuerySet[Supplier]:
    """Verified suppliers with an active product in the category or below it (mini-kompetisi invitations)."""
    return (
        Supplier.objects.verified()
        .filter(products__status=Product.Status.ACTIVE, products__category_id__in=category_and_descendants(category))
        .distinct().order_by("name")
    )
