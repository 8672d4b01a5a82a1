"""How ready a business is to sell to government: a weighted checklist, and the funnel per area.

The checklist is data (`CHECKLIST`): each item has a weight (they add up to 100), a test and a
plain-language sentence saying what to do when it is missing. The Dinas Koperasi dan UMKM
uses the score to plan assistance visits per kecamatan and kampung.

"Siap" (ready) means what verification and selling need: every `required` item (identity, NIB, NPWP, bank
account, a product with a photo and a price, a contact reachable by phone or WhatsApp) and a score of at
least KATALOG_RULES["supplier_ready_score"]. E-mail is not required: many owners have none.
A document counts when a valid copy is on file, or, for a verified business with no copy of that kind on
file at all, because the catalogue manager verified it (data from before uploads existed); an expired copy
never counts. A verified business that has sold (an order from the signed Surat Pesanan on) is ready
whatever its checklist says: it has shown it can.

The funnel counts, at each step, the businesses that reached that step *or a later one*, so it never
shrinks then grows; shares are percentages of the registered businesses with one decimal, as computed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.catalogue.models import Product
from katalog.purchasing.models import Order
from katalog.purchasing.states import COMMITTED_STATUSES
from katalog.regions.models import District, Village
from katalog.suppliers.documents import REQUIRED_KINDS
from katalog.suppliers.models import DocumentKind, Supplier, SupplierDocument
from katalog.suppliers.states import SupplierStatus
from katalog.core.rules import rule

from .states import percent

# KBKI (CPC-based) divisions of food and beverages: products here need PIRT or BPOM.
FOOD_KBKI_PREFIXES = ("21", "22", "23", "24")


def ready_score() -> int:
    return int(rule("supplier_ready_score"))


@dataclass(frozen=True)
class Facts:
    """What the checklist looks at, gathered once per supplier."""

    supplier: Supplier
    documents: frozenset[str]  # kinds of documents still valid today
    products: list[Product]
    on_file: frozenset[str] = frozenset()  # kinds of documents on file, valid or not


def _document(kind: str):
    """A valid copy on file, or verified by the catalogue manager without any copy of this kind on file."""
    return lambda f: kind in f.documents or (f.supplier.status == SupplierStatus.VERIFIED and kind not in f.on_file)


def _reachable(f: Facts) -> bool:
    """A phone number a buyer can call or message on WhatsApp: 0… or +62…/62…, 9 to 15 digits."""
    digits = "".join(ch for ch in (f.supplier.phone or "") if ch.isdigit())
    return 9 <= len(digits) <= 15 and (digits.startswith("0") or digits.startswith("62"))


def _identity(f: Facts) -> bool:
    s = f.supplier
    return all([s.name, s.owner_name, s.owner_nik, s.scale, s.kbli_codes, s.address, s.village_id])


def _product_with_photo_and_price(f: Facts) -> bool:
    return any(p.price > 0 and _has_photo(p) for p in f.products)


def _has_photo(product: Product) -> bool:
    # The catalogue app owns photos; until it has them, any priced product counts.
    photos = getattr(product, "photos", None)
    if photos is not None and hasattr(photos, "all"):
        return bool(list(photos.all()))
    if hasattr(product, "photo"):
        return bool(product.photo)
    return True


def _is_food(product: Product) -> bool:
    category = product.category
    while category is not None:
        if category.kbki_id and str(category.kbki_id).startswith(FOOD_KBKI_PREFIXES):
            return True
        category = category.parent
    return False


def _certificates(f: Facts) -> bool:
    # Judged on the products: with none yet there is nothing to certify, and nothing earned.
    if not f.products:
        return False
    for p in f.products:
        if p.is_halal and DocumentKind.HALAL not in f.documents:
            return False
        if p.has_sni and DocumentKind.SNI not in f.documents:
            return False
        if _is_food(p) and not ({DocumentKind.PIRT, DocumentKind.BPOM} & f.documents):
            return False
    return True


def _tkdn(f: Facts) -> bool:
    return DocumentKind.TKDN in f.documents or any(p.tkdn is not None for p in f.products)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    weight: int
    test: Callable[[Facts], bool]
    todo: str
    required: bool = False
    document: str = ""  # the document kind this item needs on file, if any


CHECKLIST: tuple[Item, ...] = (
    Item("identity", _("Identitas usaha lengkap"), 15, _identity,
         _("Lengkapi nama usaha, nama dan NIK pemilik, skala, kode KBLI dan alamat sampai desa/kampung."),
         required=True),
    Item("nib", _("NIB"), 15, lambda f: bool(f.supplier.nib) and _document(DocumentKind.NIB)(f),
         _("Isi nomor NIB dan unggah dokumen NIB dari OSS."), required=True, document=DocumentKind.NIB),
    Item("npwp", _("NPWP"), 10, lambda f: bool(f.supplier.npwp) and _document(DocumentKind.NPWP)(f),
         _("Isi NPWP dan unggah foto kartu atau surat NPWP."), required=True, document=DocumentKind.NPWP),
    Item("bank", _("Rekening bank"), 15,
         lambda f: bool(f.supplier.bank_account_number and f.supplier.bank_account_holder)
         and _document(DocumentKind.BANK_STATEMENT)(f),
         _("Isi data rekening bank dan unggah foto halaman depan buku tabungan."), required=True,
         document=DocumentKind.BANK_STATEMENT),
    Item("product", _("Produk dengan foto dan harga"), 15, _product_with_photo_and_price,
         _("Tambahkan setidaknya satu produk lengkap dengan foto dan harga."), required=True),
    Item("certificates", _("Sertifikat yang dibutuhkan produk"), 10, _certificates,
         _("Tambahkan produk, lalu unggah sertifikat yang dibutuhkannya: halal bila berlabel halal, SNI bila "
           "berlabel SNI, PIRT atau BPOM untuk makanan dan minuman.")),
    Item("tkdn", _("TKDN dinyatakan"), 10, _tkdn,
         _("Nyatakan nilai TKDN produk, atau unggah sertifikat TKDN (usaha kecil bisa TKDN IK gratis lewat SIINas).")),
    Item("contact", _("Dapat dihubungi lewat telepon atau WhatsApp"), 10, _reachable,
         _("Isi nomor HP (telepon atau WhatsApp) yang aktif, diawali 08 atau +62."), required=True),
)
# For a business registered "belum ber-NIB" the NIB item says how to get one and comes first: verification and
# selling wait for it (suppliers.services.supplier_verify), so nothing else it does can make it ready before.
NIB_FIRST = replace(
    next(item for item in CHECKLIST if item.key == "nib"), label=_("NIB (belum ber-NIB)"),
    todo=_("Buat NIB gratis lewat OSS (oss.go.id): daftar akun dengan NIK, surel dan nomor HP, isi data usaha dan "
           "kode KBLI, unduh NIB yang terbit; lalu isi nomornya di “Ubah data” dan unggah dokumennya. Tanpa NIB "
           "usaha belum dapat diverifikasi dan belum dapat menjual."),
)
assert sum(item.weight for item in CHECKLIST) == 100
# The documents "siap" needs are the ones verification asks a reason for when missing.
assert {item.document for item in CHECKLIST if item.required and item.document} == set(REQUIRED_KINDS)


@dataclass
class Readiness:
    score: int
    done: list[Item]
    missing: list[Item]
    proven: bool = False  # verified and has sold

    @property
    def is_ready(self) -> bool:
        if self.proven:
            return True
        return self.score >= ready_score() and not any(item.required for item in self.missing)

    @property
    def todo(self) -> list[str]:
        return [str(item.todo) for item in self.missing]


def facts_for(supplier: Supplier, today: datetime.date | None = None) -> Facts:
    today = today or timezone.localdate()
    on_file = list(supplier.documents.all())
    documents = frozenset(d.kind for d in on_file if d.is_valid_on(today))
    products = [p for p in supplier.products.all() if p.status != Product.Status.INACTIVE]
    return Facts(supplier, documents, products, frozenset(d.kind for d in on_file))


def has_sold(supplier: Supplier) -> bool:
    known = getattr(supplier, "has_sold", None)
    if known is not None:
        return bool(known)
    return Order.objects.filter(supplier=supplier, status__in=COMMITTED_STATUSES).exists()


def readiness_of(supplier: Supplier, today: datetime.date | None = None) -> Readiness:
    facts = facts_for(supplier, today)
    done, missing = [], []
    for item in CHECKLIST:
        (done if item.test(facts) else missing).append(item)
    if not supplier.has_nib:
        missing = [NIB_FIRST, *(item for item in missing if item.key != NIB_FIRST.key)]
    proven = supplier.status == SupplierStatus.VERIFIED and has_sold(supplier)
    return Readiness(sum(item.weight for item in done), done, missing, proven)


def with_readiness_data(qs):
    """Prefetch what `readiness_of` reads, so a whole kecamatan costs a handful of queries."""
    return qs.prefetch_related(
        Prefetch("documents", queryset=SupplierDocument.objects.all()),
        Prefetch("products", queryset=Product.objects.select_related("category__parent__parent")),
        *(["products__photos"] if _product_relation("photos") else []),
    )


def _product_relation(name: str) -> bool:
    return any(f.name == name for f in Product._meta.get_fields())


# --- The funnel: registered → ready → verified → listed → has sold ------------

STAGES = (
    ("registered", _("Terdaftar")),
    ("ready", _("Siap")),
    ("verified", _("Terverifikasi")),
    ("listed", _("Produk tayang")),
    ("sold", _("Pernah menjual")),
)


@dataclass
class FunnelRow:
    code: str
    name: str
    counts: dict = field(default_factory=lambda: {key: 0 for key, _label in STAGES})

    def share(self, stage: str):
        """Percent of registered businesses that reached this stage, one decimal, as computed (None if none)."""
        return percent(self.counts[stage], self.counts["registered"])

    def width(self, stage: str) -> int:
        """The same share rounded to a multiple of 5, only for the bar chart's CSS classes."""
        registered = self.counts["registered"]
        if not registered:
            return 0
        return (self.counts[stage] * 100 * 2 + 5 * registered) // (10 * registered) * 5

    @property
    def bars(self) -> list[tuple[str, str, int, object, int]]:
        return [(key, label, self.counts[key], self.share(key), self.width(key)) for key, label in STAGES]


def _funnel_suppliers(district_code: str | None):
    sold = Order.objects.filter(supplier=OuterRef("pk"), status__in=COMMITTED_STATUSES)
    listed = Product.objects.filter(supplier=OuterRef("pk"), status=Product.Status.ACTIVE)
    qs = Supplier.objects.filter(regency_id=settings.KATALOG_REGION).annotate(
        has_sold=Exists(sold), is_listed=Exists(listed),
    )
    if district_code:
        qs = qs.filter(district_id=district_code)
    return with_readiness_data(qs)


def furthest_stage(supplier: Supplier, today) -> int:
    """Index in STAGES of the furthest step this business has reached."""
    reached = {
        "registered": True,
        "ready": readiness_of(supplier, today).is_ready,
        "verified": supplier.status == SupplierStatus.VERIFIED or bool(
            supplier.public_snapshot and supplier.status != SupplierStatus.REJECTED),
        "listed": bool(supplier.is_listed),
        "sold": bool(supplier.has_sold),
    }
    return max(index for index, (key, _label) in enumerate(STAGES) if reached[key])


def _count(row: FunnelRow, supplier: Supplier, today) -> None:
    furthest = furthest_stage(supplier, today)
    for index, (key, _label) in enumerate(STAGES):
        if index <= furthest:
            row.counts[key] += 1


def funnel_by_district(today: datetime.date | None = None) -> tuple[list[FunnelRow], FunnelRow]:
    """One row per kecamatan of the home kabupaten (all of them, also those with nobody yet) and a total."""
    today = today or timezone.localdate()
    rows = {d.code: FunnelRow(d.code, d.name) for d in
            District.objects.filter(regency_id=settings.KATALOG_REGION).order_by("name")}
    total = FunnelRow("", str(_("Jumlah")))
    for supplier in _funnel_suppliers(None):
        _count(rows[supplier.district_id], supplier, today)
        _count(total, supplier, today)
    return list(rows.values()), total


def funnel_by_village(district: District, today: datetime.date | None = None) -> tuple[list[FunnelRow], FunnelRow]:
    """One row per desa/kampung of a kecamatan, plus businesses whose kampung is not recorded yet."""
    today = today or timezone.localdate()
    rows = {v.code: FunnelRow(v.code, v.name) for v in Village.objects.filter(district=district).order_by("name")}
    unknown = FunnelRow("-", str(_("(kampung belum diisi)")))
    total = FunnelRow("", str(_("Jumlah")))
    for supplier in _funnel_suppliers(district.code):
        _count(rows.get(supplier.village_id, unknown), supplier, today)
        _count(total, supplier, today)
    result = list(rows.values())
    if unknown.counts["registered"]:
        result.append(unknown)
    return result, total
