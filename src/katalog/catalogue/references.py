"""SSH price references (Standar Satuan Harga): importing the kabupaten's list and matching products to it.

A product matches a reference when every analysed word of the reference's
item is in the product's name (so "Kertas HVS" matches "Kertas HVS A4 70 gsm
1 rim") and the units agree; among several matches the most specific one wins
(more words of item and specification in the name). The ceiling is shown
beside the product and an offer above it is flagged; nothing is blocked, as
the SSH is the agencies' budgeting ceiling, not a rule on suppliers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.money import parse_rupiah
from katalog.core.spreadsheets import SpreadsheetError, read_table
from katalog.core.rules import rule

from .errors import Busy
from .models import PriceReference
from .search.lexicon import COUNT_UNITS, MASS_UNITS, VOLUME_UNITS
from .search.normalize import document_terms, fold

ALIASES = {
    "kode": "kode", "kode_barang": "kode", "kode_ssh": "kode", "no": None,
    "uraian": "uraian", "uraian_barang": "uraian", "nama_barang": "uraian", "item": "uraian", "barang": "uraian",
    "nama": "uraian", "uraian_komponen": "uraian",
    "spesifikasi": "spesifikasi", "spek": "spesifikasi", "spesifikasi_barang": "spesifikasi", "specification": "spesifikasi",
    "satuan": "satuan", "unit": "satuan",
    "harga": "harga", "harga_satuan": "harga", "harga_tertinggi": "harga", "harga_ssh": "harga", "ceiling_price": "harga",
}
REQUIRED = ("uraian", "satuan", "harga")


@dataclass
class ReferenceImportReport:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)


def _unit_key(unit: str) -> str:
    word = fold(unit).strip().split(" ")[0] if unit else ""
    if word in MASS_UNITS:
        return f"g{MASS_UNITS[word]}"
    if word in VOLUME_UNITS:
        return f"ml{VOLUME_UNITS[word]}"
    return COUNT_UNITS.get(word, word)


def _terms(text: str) -> set[str]:
    return set(document_terms(text))


@retry_on_conflict(Busy)
@transaction.atomic
def price_references_import(*, actor, data: bytes, filename: str, year: int, max_rows: int | None = None
                            ) -> ReferenceImportReport:
    """Load one year's SSH list. All or nothing: a file with an error row changes nothing.
    `max_rows` defaults to the `price_reference_max_rows` rule."""
    report = ReferenceImportReport()
    if max_rows is None:
        max_rows = int(rule("price_reference_max_rows"))
    try:
        table = read_table(data, filename, aliases=ALIASES, required=REQUIRED, max_rows=max_rows)
    except SpreadsheetError as error:
        report.errors.append({"row": 0, "column": "", "message": str(error)})
        return report
    rows = {}
    for number, cells in table.rows:
        item = str(table.value(cells, "uraian") or "").strip()
        spec = str(table.value(cells, "spesifikasi") or "").strip()
        unit = str(table.value(cells, "satuan") or "").strip()
        code = str(table.value(cells, "kode") or "").strip()
        raw_price = table.value(cells, "harga")
        problems = []
        if not item:
            problems.append(("uraian", _("Uraian barang kosong.")))
        if not unit:
            problems.append(("satuan", _("Satuan kosong.")))
        try:
            price = parse_rupiah(raw_price)
            if price <= 0:
                problems.append(("harga", _("Harga harus lebih dari nol.")))
        except (ValueError, TypeError) as error:
            price = 0
            problems.append(("harga", str(error)))
        for column, message in problems:
            report.errors.append({"row": number, "column": column, "message": message})
        if not problems:
            rows[(item[:300], spec[:500], unit[:30])] = (code[:60], price)
    if report.errors:
        return report
    now = timezone.now()
    existing = {(r.item, r.specification, r.unit): r for r in PriceReference.objects.filter(year=year)}
    to_create, to_update = [], []
    for (item, spec, unit), (code, price) in rows.items():
        terms = " ".join(sorted(_terms(item)))[:500]
        ref = existing.get((item, spec, unit))
        if ref is None:
            to_create.append(PriceReference(year=year, code=code, item=item, specification=spec, unit=unit,
                                            ceiling_price=price, terms=terms, imported_at=now, imported_by=actor))
        elif ref.ceiling_price != price or ref.code != code:
            ref.ceiling_price, ref.code, ref.terms, ref.imported_at, ref.imported_by = price, code, terms, now, actor
            to_update.append(ref)
    PriceReference.objects.bulk_create(to_create, batch_size=1000)
    PriceReference.objects.bulk_update(to_update, ["ceiling_price", "code", "terms", "imported_at", "imported_by"],
                                       batch_size=1000)
    report.created, report.updated = len(to_create), len(to_update)
    record_event(actor=actor, action="price_reference.import", obj=None,
                 after={"year": year, "file": filename[:200], "created": report.created, "updated": report.updated})
    return report


@dataclass(frozen=True)
class Ceiling:
    reference: PriceReference
    above: bool  # the offer costs more than the ceiling

    @property
    def excess_percent(self) -> int:
        return 0 if not self.above else round(
            (self.offer_price - self.reference.ceiling_price) * 100 / self.reference.ceiling_price)

    offer_price: int = 0


def current_year_references() -> list[PriceReference]:
    latest = PriceReference.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return []
    return list(PriceReference.objects.filter(year=latest))


def ceilings_for(products, references: list[PriceReference] | None = None) -> dict[int, Ceiling]:
    """The matching SSH ceiling for each product that has one (latest year)."""
    products = [p for p in products if p is not None]
    if not products:
        return {}
    references = current_year_references() if references is None else references
    if not references:
        return {}
    prepared = [(ref, set(ref.terms.split()), _terms(ref.specification), _unit_key(ref.unit)) for ref in references]
    out: dict[int, Ceiling] = {}
    for product in products:
        name_terms = _terms(product.name)
        unit = _unit_key(product.unit)
        best, best_score = None, 0
        for ref, item_terms, spec_terms, ref_unit in prepared:
            if not item_terms or not item_terms <= name_terms or (ref_unit and unit and ref_unit != unit):
                continue
            score = len(item_terms) * 2 + len(spec_terms & name_terms)
            if score > best_score:
                best, best_score = ref, score
        if best is not None:
            out[product.pk] = Ceiling(reference=best, above=product.price > best.ceiling_price,
                                      offer_price=product.price)
    return out
