"""Loading products from a spreadsheet (`katalog import-products`, and the web import page).

The template is docs/import-template.xlsx: Indonesian headers, only `nama`,
`kategori`, `satuan` and `harga` required. Real files are messy, so headers are
matched loosely (core/spreadsheets.py), prices may be typed `Rp 12.500,00`
(core.money.parse_rupiah), yes/no columns take ya/tidak/✓, and blank rows are
skipped.

Every bad cell is reported with its row, column and reason (in Indonesian).
A file with errors imports nothing, unless the user chose to import the valid
rows only; what is imported is written in one transaction (bulk inserts, then
one index refresh), so 10,000 rows take seconds, not minutes.

Imported products go to verification like any other. A catalogue manager who
migrates an existing catalogue may publish them at once (`publish`): that is
recorded in the audit trail with the batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from katalog.core.audit import record_event
from katalog.core.money import parse_rupiah, ppn_rule_on
from katalog.core.roles import Role
from katalog.core.spreadsheets import ERROR_LIMIT, SpreadsheetError, header_key, read_table
from katalog.core.rules import rule

from .errors import NotAllowed
from .models import Category, ImportBatch, Origin, PriceChange, Product
from .search import indexer
from .search.normalize import fold
from .states import ProductStatus
from katalog.regions.selectors import home_districts

# The template's columns, in order, with what each holds (docs/import-template.xlsx, sheet "Petunjuk").
COLUMNS = (
    ("nama", True, _lazy("Nama produk, 5–250 huruf.")),
    ("deskripsi", False, _lazy("Keterangan produk, paling banyak 2.000 huruf.")),
    ("kategori", True, _lazy("Nama kategori di katalog, atau kode KBKI kategori.")),
    ("satuan", True, _lazy("Satuan jual: pcs, bungkus, kg, rim, paket, ...")),
    ("harga", True, _lazy("Harga satuan sebelum PPN, rupiah bulat: 12500 atau Rp 12.500.")),
    ("stok", False, _lazy("Jumlah tersedia (kosong: 0).")),
    ("min_pesan", False, _lazy("Pembelian minimal (kosong: 1).")),
    ("tkdn", False, _lazy("Persen TKDN dari sertifikat, 0–100 (kosong: belum ada nilai TKDN).")),
    ("bmp", False, _lazy("Persen BMP, 0–15 (kosong: 0).")),
    ("asal", False, _lazy("lokal (dalam negeri) atau impor (kosong: lokal).")),
    ("kecamatan_produksi", False, _lazy("Nama atau kode kecamatan tempat produksi di kabupaten ini.")),
    ("merek", False, _lazy("Merek dagang.")),
    ("sni", False, _lazy("ya / tidak: bersertifikat SNI.")),
    ("halal", False, _lazy("ya / tidak: bersertifikat halal.")),
    ("ppn", False, _lazy("0 atau 12 (kosong: 12 bila penyedia PKP, selain itu 0).")),
    ("ppnbm", False, _lazy("ya / tidak: barang mewah yang dikenai PPnBM (PPN dari harga penuh; kosong: tidak).")),
    ("siinas", False, _lazy("ya / tidak: produk dalam negeri tercantum dalam SIINas (kosong: tidak).")),
)
REQUIRED = tuple(name for name, required, _help in COLUMNS if required)
ALIASES: dict[str, str] = {name: name for name, _r, _h in COLUMNS}
ALIASES.update({
    "nama_produk": "nama", "nama_barang": "nama", "produk": "nama", "product_name": "nama", "name": "nama",
    "keterangan": "deskripsi", "deskripsi_produk": "deskripsi", "description": "deskripsi", "uraian": "deskripsi",
    "kategori_produk": "kategori", "kode_kbki": "kategori", "kbki": "kategori", "category": "kategori",
    "satuan_barang": "satuan", "unit": "satuan", "satuan_jual": "satuan",
    "harga_satuan": "harga", "harga_jual": "harga", "price": "harga", "harga_rp": "harga",
    "stock": "stok", "jumlah_stok": "stok", "persediaan": "stok",
    "minimal_pesan": "min_pesan", "min_order": "min_pesan", "minimum_pembelian": "min_pesan",
    "pembelian_minimal": "min_pesan", "pesan_minimal": "min_pesan", "min_pembelian": "min_pesan",
    "nilai_tkdn": "tkdn", "tkdn_persen": "tkdn", "bobot_manfaat_perusahaan": "bmp",
    "asal_produk": "asal", "origin": "asal", "pdn_impor": "asal",
    "kecamatan": "kecamatan_produksi", "tempat_produksi": "kecamatan_produksi",
    "lokasi_produksi": "kecamatan_produksi", "kec_produksi": "kecamatan_produksi",
    "merk": "merek", "brand": "merek", "sertifikat_sni": "sni", "sertifikat_halal": "halal",
    "ppn_persen": "ppn", "tarif_ppn": "ppn", "barang_mewah": "ppnbm", "kena_ppnbm": "ppnbm",
    "tercatat_siinas": "siinas", "terdaftar_siinas": "siinas", "siinas_registered": "siinas",
})
_YES = {"ya", "y", "yes", "true", "1", "ada", "v", "x", "\u2713", "\u2714", "benar", "sudah"}
_NO = {"tidak", "t", "tdk", "no", "n", "false", "0", "belum", "-", "tidak ada"}
_LOCAL = {"lokal", "local", "dalam negeri", "pdn", "produk dalam negeri", "domestik", "dn", "indonesia"}
_IMPORT = {"impor", "import", "luar negeri", "ln", "imported"}
_DISTRICT_PREFIX = re.compile(r"^(kec(amatan)?\.?\s+)")

# progress(stage, done, total[, errors so far])
Progress = Callable[..., None]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    batch: ImportBatch | None
    total_rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    published: bool = False

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


class _Lookups:
    """Categories and kecamatan by every name people write them with."""

    def __init__(self):
        self.categories: dict[str, list[Category]] = {}
        by_id = {c.pk: c for c in Category.objects.all()}
        for category in by_id.values():
            names, node = [], category
            while node is not None:
                names.append(node.name)
                node = by_id.get(node.parent_id)
            keys = {fold(category.name).strip(), " > ".join(fold(n).strip() for n in reversed(names))}
            if category.kbki_id:
                keys.add(category.kbki_id)
            for key in keys:
                self.categories.setdefault(key, []).append(category)
        self.districts: dict[str, str] = {}
        for district in home_districts():
            self.districts[district.code] = district.code
            self.districts[fold(district.name).strip()] = district.code

    def category(self, raw) -> tuple[Category | None, str]:
        text = str(raw).strip()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        key = re.sub(r"\s*(>|›|/|»)\s*", " > ", fold(text)).strip()
        found = self.categories.get(key) or self.categories.get(text)
        if not found:
            return None, _("Kategori “%(v)s” tidak ada di katalog. Tulis nama kategori persis atau kode KBKI-nya.") % {
                "v": text}
        if len(found) > 1:
            return None, _("Nama kategori “%(v)s” dipakai %(n)s kategori; tulis jalurnya, mis. “Makanan > Keripik”.") % {
                "v": text, "n": len(found)}
        return found[0], ""

    def district(self, raw) -> tuple[str | None, str]:
        text = _DISTRICT_PREFIX.sub("", fold(str(raw)).strip())
        code = self.districts.get(text) or self.districts.get(str(raw).strip())
        if code is None:
            return None, _("Kecamatan “%(v)s” tidak ada di kabupaten ini.") % {"v": str(raw).strip()}
        return code, ""


def _whole_number(raw, *, minimum: int) -> int:
    if isinstance(raw, str):
        raw = raw.strip().replace(" ", "")
    try:
        value = parse_rupiah(raw)  # the same rules for "1.000" as for prices
    except (ValueError, TypeError):
        raise ValueError(_("Bukan bilangan bulat: “%(v)s”.") % {"v": raw}) from None
    if value < minimum:
        raise ValueError(_("Harus bilangan bulat paling kecil %(min)s.") % {"min": minimum})
    return value


def _percent(raw, *, maximum: int) -> Decimal:
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
        if 0 < value < 1 and isinstance(raw, float):
            value *= 100  # a cell formatted as percentage: 0.45 is 45%
    else:
        text = str(raw).strip().replace("%", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("Bukan angka persen: “%(v)s”.") % {"v": raw}) from None
    value = value.quantize(Decimal("0.01"))
    if value < 0 or value > maximum:
        raise ValueError(_("Harus antara 0 dan %(max)s persen.") % {"max": maximum})
    return value


def _yes_no(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = fold(str(raw)).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("Isi “ya” atau “tidak”, bukan “%(v)s”.") % {"v": str(raw).strip()})


def validate_rows(table, *, supplier, lookups: _Lookups, progress: Progress | None = None,
                  resuming: ImportBatch | None = None) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Turn spreadsheet rows into product field dicts; every problem becomes a RowError.

    `resuming`: an interrupted batch being completed; its own products are not duplicates of its rows.
    """
    errors: list[RowError] = []
    good: list[tuple[int, dict]] = []
    seen: dict[tuple[str, str], int] = {}
    owned = Product.objects.filter(supplier=supplier)
    if resuming is not None:
        owned = owned.exclude(import_batch=resuming)
    existing = {(fold(n), fold(u)) for n, u in owned.values_list("name", "unit")}
    rate = ppn_rule_on(timezone.localdate()).rate_percent
    default_ppn = rate if supplier.is_pkp else 0
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        row_errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            row_errors.append(RowError(number, column, message))

        def get(column):
            return table.value(cells, column)

        data: dict = {}
        name = " ".join(str(get("nama") or "").split())
        if not name:
            fail("nama", _("Nama produk wajib diisi."))
        elif not 5 <= len(name) <= 250:
            fail("nama", _("Nama produk harus 5–250 huruf (sekarang %(n)s).") % {"n": len(name)})
        data["name"] = name
        description = str(get("deskripsi") or "").strip()
        if len(description) > 2000:
            fail("deskripsi", _("Deskripsi paling banyak 2.000 huruf (sekarang %(n)s).") % {"n": len(description)})
        data["description"] = description
        raw = get("kategori")
        if raw is None:
            fail("kategori", _("Kategori wajib diisi."))
        else:
            category, message = lookups.category(raw)
            if message:
                fail("kategori", message)
            data["category"] = category
        unit = " ".join(str(get("satuan") or "").split())
        if not unit:
            fail("satuan", _("Satuan wajib diisi."))
        elif len(unit) > 30:
            fail("satuan", _("Satuan paling banyak 30 huruf."))
        data["unit"] = unit
        raw = get("harga")
        if raw is None:
            fail("harga", _("Harga wajib diisi."))
        else:
            try:
                data["price"] = parse_rupiah(raw)
                if data["price"] <= 0:
                    fail("harga", _("Harga harus lebih dari nol."))
            except (ValueError, TypeError) as error:
                fail("harga", str(error))
        for column, key, minimum, default in (("stok", "stock", 0, 0), ("min_pesan", "min_order", 1, 1)):
            raw = get(column)
            try:
                data[key] = default if raw is None else _whole_number(raw, minimum=minimum)
            except (ValueError, TypeError) as error:
                fail(column, str(error))
        for column, maximum, empty in (("tkdn", 100, None), ("bmp", 15, Decimal(0))):
            raw = get(column)
            try:
                # An empty TKDN cell is "no TKDN value", not 0% (catalogue.Product.tkdn).
                data[column] = empty if raw is None else _percent(raw, maximum=maximum)
            except ValueError as error:
                fail(column, str(error))
        raw = get("asal")
        origin_text = fold(str(raw or "")).strip()
        if not origin_text or origin_text in _LOCAL:
            data["origin"] = Origin.LOCAL
        elif origin_text in _IMPORT:
            data["origin"] = Origin.IMPORT
        else:
            fail("asal", _("Isi “lokal” atau “impor”, bukan “%(v)s”.") % {"v": str(raw).strip()})
        raw = get("kecamatan_produksi")
        data["production_district_id"] = None
        if raw is not None:
            code, message = lookups.district(raw)
            if message:
                fail("kecamatan_produksi", message)
            data["production_district_id"] = code
        brand = str(get("merek") or "").strip()
        if len(brand) > 100:
            fail("merek", _("Merek paling banyak 100 huruf."))
        data["brand"] = brand
        for column, key in (("sni", "has_sni"), ("halal", "is_halal"), ("ppnbm", "ppnbm"),
                            ("siinas", "siinas_registered")):
            raw = get(column)
            try:
                data[key] = False if raw is None else _yes_no(raw)
            except ValueError as error:
                fail(column, str(error))
        raw = get("ppn")
        if raw is None:
            data["ppn_percent"] = default_ppn
        else:
            text = fold(str(raw)).replace("%", "").strip()
            text = {"ya": str(rate), "tidak": "0"}.get(text, text)
            try:
                value = Decimal(text.replace(",", "."))
                value = value * 100 if 0 < value < 1 else value
                data["ppn_percent"] = int(value)
                if data["ppn_percent"] not in (0, 11, 12) or value != int(value):
                    raise InvalidOperation
            except InvalidOperation:
                fail("ppn", _("PPN harus 0 atau %(p)s.") % {"p": rate})
            else:
                if data["ppn_percent"] and not supplier.is_pkp:
                    fail("ppn", _("Penyedia bukan PKP, jadi PPN harus 0."))
        if not any(e.column in ("tkdn", "bmp", "asal") for e in row_errors):
            if data["origin"] == Origin.IMPORT and data["tkdn"]:
                fail("tkdn", _("Barang impor tidak memiliki TKDN; kosongkan atau ubah asal menjadi lokal."))
            if data["origin"] == Origin.IMPORT:
                data["tkdn"] = None  # an import has no TKDN value; a 0 typed for it states nothing more
            if data["origin"] == Origin.IMPORT and data.get("siinas_registered"):
                fail("siinas", _("SIINas hanya mencatat produk dalam negeri; isi tidak atau ubah asal menjadi lokal."))
            if (data["tkdn"] or 0) + data["bmp"] > 100:
                fail("bmp", _("TKDN + BMP tidak dapat melebihi 100%."))
        if name and unit:
            key = (fold(name), fold(unit))
            if key in existing:
                fail("nama", _("Produk “%(n)s” (%(u)s) sudah ada di katalog penyedia ini.") % {"n": name, "u": unit})
            elif key in seen:
                fail("nama", _("Sama dengan baris %(r)s (nama dan satuan).") % {"r": seen[key]})
            else:
                seen[key] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append((number, data))
        if progress and (done % 500 == 0 or done == total):
            progress(_("Memeriksa"), done, total, len(errors))
    return good, errors


def _check_actor(*, actor, supplier, publish: bool) -> None:
    if publish and (actor is None or actor.role != Role.CATALOGUE_MANAGER):
        raise NotAllowed(_("Hanya pengelola katalog yang dapat langsung menayangkan produk hasil impor."))
    if publish and not supplier.has_nib:
        raise NotAllowed(_("Penyedia ini belum ber-NIB, jadi produknya belum dapat ditayangkan. Impor tanpa "
                           "menayangkan, atau isi NIB penyedia lebih dulu."))
    if actor is not None and actor.role == Role.SUPPLIER and actor.supplier_id != supplier.pk:
        raise NotAllowed(_("Penyedia hanya dapat mengimpor produk usahanya sendiri."))


def import_products(*, data: bytes, filename: str, supplier, actor=None, publish: bool = False,
                    valid_only: bool = False, progress: Progress | None = None) -> ImportReport:
    """Check a spreadsheet and load its products for `supplier` (see the module docstring for the rules)."""
    _check_actor(actor=actor, supplier=supplier, publish=publish)
    started = timezone.now()
    report = ImportReport(batch=None)
    try:
        table = read_table(data, filename, aliases=ALIASES, required=REQUIRED,
                           max_rows=int(rule("import_max_rows")))
    except SpreadsheetError as error:
        report.errors.append(RowError(0, "", str(error)))
        report.batch = _save_batch(report, supplier=supplier, actor=actor, filename=filename, publish=publish,
                                   valid_only=valid_only, started=started, status=ImportBatch.Status.REJECTED)
        return report
    report.total_rows = len(table.rows)
    report.unknown_columns = table.unknown
    good, errors = validate_rows(table, supplier=supplier, lookups=_Lookups(), progress=progress)
    report.errors = errors
    if errors and not valid_only or not good:
        report.batch = _save_batch(report, supplier=supplier, actor=actor, filename=filename, publish=publish,
                                   valid_only=valid_only, started=started, status=ImportBatch.Status.REJECTED)
        return report
    with transaction.atomic():
        report.created = _create(good, supplier=supplier, actor=actor, publish=publish, progress=progress)
        report.published = publish
        report.batch = _save_batch(report, supplier=supplier, actor=actor, filename=filename, publish=publish,
                                   valid_only=valid_only, started=started, status=ImportBatch.Status.DONE)
        record_event(actor=actor, action="product.import", obj=report.batch, after={
            "supplier": supplier.pk, "file": filename[:200], "rows": report.total_rows, "created": report.created,
            "skipped_rows": report.error_rows, "published": publish,
        })
        if publish:
            # Perpres 12/2021 Pasal 65 puts small-business products in the catalogue; migrating an existing
            # catalogue skips the product-by-product verification, so the decision is recorded on its own.
            record_event(actor=actor, action="product.import_publish", obj=report.batch,
                         after={"supplier": supplier.pk, "published": report.created})
        if progress:
            progress(_("Mengindeks"), 0, report.created)
        indexer.sync_pending()
        if progress:
            progress(_("Mengindeks"), report.created, report.created)
    return report


def _create(good: list[tuple[int, dict]], *, supplier, actor, publish: bool, progress: Progress | None,
            batch: ImportBatch | None = None) -> int:
    now = timezone.now()
    if publish:
        status = ProductStatus.ACTIVE
    elif supplier.status == "verified":
        status = ProductStatus.SUBMITTED
    else:
        status = ProductStatus.DRAFT
    products = [
        Product(
            supplier=supplier, created_by=actor, status=status, created_at=now, updated_at=now,
            status_changed_at=now, submitted_at=now if status == ProductStatus.SUBMITTED else None,
            verified_at=now if publish else None, verified_by=actor if publish else None,
            published_at=now if publish else None, import_batch=batch, **data,
        )
        for _number, data in good
    ]
    total, created = len(products), 0
    for start in range(0, total, 1000):
        chunk = Product.objects.bulk_create(products[start:start + 1000])
        PriceChange.objects.bulk_create([
            PriceChange(product=p, old_price=None, new_price=p.price, changed_at=now, changed_by=actor, source="impor")
            for p in chunk
        ])
        created += len(chunk)
        if progress:
            progress(_("Menyimpan"), created, total)
    return created


def _save_batch(report: ImportReport, *, supplier, actor, filename, publish, valid_only, started, status) -> ImportBatch:
    return ImportBatch.objects.create(
        supplier=supplier, started_by=actor, filename=filename[:255], publish=publish, valid_only=valid_only,
        status=status, total_rows=report.total_rows, created_count=report.created, error_count=len(report.errors),
        errors=[e.as_dict() for e in report.errors[:ERROR_LIMIT]], started_at=started, finished_at=timezone.now(),
    )


def header_aliases_for(key: str) -> list[str]:
    """The header spellings accepted for one template column (for the template's instructions)."""
    return sorted(alias for alias, column in ALIASES.items() if column == key and alias != key)


__all__ = ["COLUMNS", "REQUIRED", "ALIASES", "import_products", "ImportReport", "RowError", "header_key",
           "header_aliases_for"]
