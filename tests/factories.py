"""Test data builders: small, explicit, one function per kind of record."""

import itertools
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from katalog.agencies.models import Agency, User
from katalog.catalogue.models import Category, Product
from katalog.core.money import line_tax_with, ppn_amount
from katalog.core.roles import Role
from katalog.purchasing.models import Order, OrderLine
from katalog.purchasing.states import OrderStatus
from katalog.regions.models import District
from katalog.suppliers.models import Supplier, SupplierDocument

PASSWORD = "uji-Katalog-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the smallest file the upload check takes as a PDF
_seq = itertools.count(1)


def home_district(index: int = 1) -> District:
    return District.objects.get(code=f"{settings.KATALOG_REGION}.{index:02d}")


def make_agency(**fields) -> Agency:
    n = next(_seq)
    fields.setdefault("code", f"opd-{n}")
    fields.setdefault("name", f"Dinas Uji {n}")
    fields.setdefault("short_name", f"Uji{n}")
    fields.setdefault("kind", Agency.Kind.SERVICE)
    fields.setdefault("regency_id", settings.KATALOG_REGION)
    return Agency.objects.create(**fields)


def make_supplier(**fields) -> Supplier:
    n = next(_seq)
    district = fields.pop("district", None) or home_district()
    fields.setdefault("name", f"UD Uji Makmur {n}")
    fields.setdefault("owner_name", f"Pemilik {n}")
    fields.setdefault("nib", f"{9100000000000 + n}")
    fields.setdefault("npwp", f"{1000000000000000 + n}")
    fields.setdefault("scale", "mikro")
    fields.setdefault("status", Supplier.Status.VERIFIED)
    return Supplier.objects.create(district=district, regency_id=district.regency_id, **fields)


def make_user(role: str, *, agency=None, supplier=None, **fields) -> User:
    n = next(_seq)
    if role in (Role.PP, Role.PPK, Role.TREASURER) and agency is None:
        agency = make_agency()
    if role == Role.SUPPLIER and supplier is None:
        supplier = make_supplier()
    user = User(
        username=fields.pop("username", f"{role}{n}"),
        full_name=fields.pop("full_name", f"{Role(role).label} {n}"),
        role=role, agency=agency, supplier=supplier, **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_category(name: str = "Alat Tulis Kantor", parent: Category | None = None) -> Category:
    n = next(_seq)
    return Category.objects.create(
        name=name, slug=f"kat-{n}", parent=parent, level=(parent.level + 1) if parent else 1
    )


def make_product(supplier: Supplier | None = None, category: Category | None = None, **fields) -> Product:
    n = next(_seq)
    fields.setdefault("name", f"Produk Uji {n}")
    fields.setdefault("unit", "pcs")
    fields.setdefault("price", 10_000)
    fields.setdefault("stock", 100)
    fields.setdefault("status", Product.Status.ACTIVE)
    return Product.objects.create(
        supplier=supplier or make_supplier(), category=category or make_category(), **fields
    )


def make_order(*, agency: Agency, supplier: Supplier, buyer: User, lines: list[tuple[Product, int]],
               status: str = OrderStatus.NEGOTIATION, fiscal_year: int | None = None, **fields) -> Order:
    n = next(_seq)
    subtotal = sum(product.price * qty for product, qty in lines)
    ppn = sum(ppn_amount(product.price * qty, product.ppn_percent) for product, qty in lines)
    order = Order.objects.create(
        number=fields.pop("number", f"UJI-{n:06d}"), agency=agency, supplier=supplier, buyer=buyer,
        status=status, fiscal_year=fiscal_year or timezone.localdate().year,
        subtotal=subtotal, ppn=ppn, total=subtotal + ppn,
        supplier_scale=supplier.scale, supplier_is_umk=supplier.is_umk, supplier_is_local=supplier.is_local,
        supplier_district=supplier.district, **fields,
    )
    for product, qty in lines:
        # A recorded order with the product's rate on the full price (as lines were stored before DPP was).
        tax = line_tax_with(product.price * qty, product.ppn_percent, 1, 1)
        OrderLine.objects.create(
            order=order, product=product, category=product.category, name=product.name, unit=product.unit,
            quantity=qty, unit_price=product.price, subtotal=product.price * qty,
            ppn_percent=product.ppn_percent, dpp=tax.dpp, ppn=tax.ppn, tkdn=product.tkdn, bmp=product.bmp,
            origin=product.origin,
        )
    return order


def make_document(supplier: Supplier, *, uploaded_by: User, kind: str = "nib") -> SupplierDocument:
    """A supplier document with a real (tiny) PDF stored under MEDIA_ROOT."""
    document = SupplierDocument(supplier=supplier, kind=kind, content_type="application/pdf", size=len(PDF),
                                uploaded_by=uploaded_by)
    document.file.save(f"{kind}.pdf", ContentFile(PDF))
    return document


def give_required_documents(supplier: Supplier, *, uploaded_by: User | None = None) -> None:
    """A copy of every document verification needs (NIB, NPWP, bank book), uploaded by the owner."""
    from katalog.suppliers.documents import REQUIRED_KINDS

    uploaded_by = uploaded_by or supplier.people.first() or make_user(Role.SUPPLIER, supplier=supplier)
    for kind in REQUIRED_KINDS:
        make_document(supplier, uploaded_by=uploaded_by, kind=kind)
