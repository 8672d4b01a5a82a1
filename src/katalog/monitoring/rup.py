"""Reading a SiRUP export (Rencana Umum Pengadaan) into RupPackage rows.

Headers are matched loosely (core/spreadsheets.py folds case, spaces and notes), so both SiRUP's own
export ("Kode RUP", "Nama Satuan Kerja", "Pagu (Rp)", "Metode Pemilihan", "Produk Dalam Negeri",
"Usaha Kecil/Koperasi") and a hand-made sheet ("kode_rup", "opd", "pagu", "pdn", "umk") load.
Every problem is reported as (row, column, reason in Indonesian); nothing is saved unless every row is
valid, or the person asked to load the valid rows only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from katalog.agencies.models import Agency
from katalog.catalogue.models import Category
from katalog.core.spreadsheets import SpreadsheetError, header_key, read_table
from katalog.core.money import parse_rupiah

ALIASES = {
    **dict.fromkeys(["kode_rup", "kode", "kd_rup", "id_rup", "kode_paket", "rup"], "kode_rup"),
    **dict.fromkeys(["opd", "satuan_kerja", "nama_satuan_kerja", "satker", "nama_satker", "perangkat_daerah",
                     "kode_opd", "kode_satker", "nama_opd", "k_l_pd_satker"], "opd"),
    **dict.fromkeys(["nama_paket", "paket", "uraian_paket", "nama_kegiatan_paket"], "nama_paket"),
    **dict.fromkeys(["pagu", "pagu_rp", "nilai_pagu", "total_pagu", "pagu_paket", "jumlah_pagu"], "pagu"),
    **dict.fromkeys(["metode", "metode_pemilihan", "metode_pengadaan", "cara_pengadaan"], "metode"),
    **dict.fromkeys(["pdn", "produk_dalam_negeri", "is_pdn", "p3dn"], "pdn"),
    **dict.fromkeys(["umk", "ukm", "umkm", "usaha_kecil", "usaha_kecil_koperasi", "usaha_kecil_dan_koperasi",
                     "is_umk", "peruntukan_usaha_kecil"], "umk"),
    **dict.fromkeys(["tahun", "tahun_anggaran", "ta"], "tahun"),
    **dict.fromkeys(["kategori", "kategori_katalog", "kategori_produk"], "kategori"),
}
REQUIRED = ("kode_rup", "opd", "nama_paket", "pagu")
TEMPLATE_HEADER = ["Kode RUP", "OPD", "Nama Paket", "Pagu (Rp)", "Metode Pemilihan", "Produk Dalam Negeri",
                   "Usaha Kecil/Koperasi", "Tahun Anggaran", "Kategori"]

_YES = {"ya", "y", "yes", "1", "true", "benar", "v", "x", "pdn", "umk", "ukm", "usaha_kecil", "produk_dalam_negeri"}
_NO = {"tidak", "t", "no", "n", "0", "false", "salah", "bukan", "non_pdn", "non_umk", "non_ukm"}


@dataclass
class ParsedRow:
    row: int
    rup_code: str
    agency: Agency
    name: str
    pagu: int
    method: str
    is_pdn: bool
    is_umk: bool
    category: Category | None


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    total_rows: int = 0


def _flag(value) -> bool | None:
    if value is None or value == "" or value == "-":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value) if value in (0, 1) else None
    key = header_key(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


class _Agencies:
    """Find an OPD by its code, name or short name, folded the way headers are."""

    def __init__(self):
        self.by_key: dict[str, set[int]] = {}
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        for agency in self.agencies.values():
            for text in {agency.code, agency.name, agency.short_name}:
                if text:
                    self.by_key.setdefault(header_key(text), set()).add(agency.pk)

    def find(self, text) -> tuple[Agency | None, str | None]:
        found = self.by_key.get(header_key(text), set())
        if len(found) == 1:
            return self.agencies[next(iter(found))], None
        if not found:
            return None, _("OPD “%(name)s” tidak dikenal. Tulis nama, singkatan atau kode OPD seperti di "
                           "daftar OPD.") % {"name": text}
        return None, _("OPD “%(name)s” cocok dengan lebih dari satu OPD; tulis kodenya.") % {"name": text}


class _Categories:
    def __init__(self):
        self.all = list(Category.objects.only("id", "name", "level", "parent_id"))
        self.by_key: dict[str, list[Category]] = {}
        for category in self.all:
            self.by_key.setdefault(header_key(category.name), []).append(category)
        self.leaves = sorted((c for c in self.all if c.level == 3 or not any(o.parent_id == c.pk for o in self.all)),
                             key=lambda c: -len(c.name))

    def named(self, text) -> Category | None:
        found = self.by_key.get(header_key(text), [])
        return max(found, key=lambda c: c.level) if found else None

    def guess(self, package_name: str) -> Category | None:
        """The most specific category all of whose words appear in the package name."""
        words = set(header_key(package_name).split("_"))
        for category in self.leaves:
            needed = set(header_key(category.name).split("_")) - {"dan", "lain", "lainnya", ""}
            if needed and needed <= words:
                return category
        return None


def parse(data: bytes, filename: str, *, year: int, max_rows: int) -> Parsed:
    """Read and check every row; return the valid rows and the errors (row, column, reason)."""
    parsed = Parsed()
    try:
        table = read_table(data, filename, aliases=ALIASES, required=REQUIRED, max_rows=max_rows)
    except SpreadsheetError as error:
        parsed.errors.append({"row": 0, "column": "", "message": str(error)})
        return parsed
    agencies, categories = _Agencies(), _Categories()
    seen: dict[str, int] = {}
    parsed.total_rows = len(table.rows)
    for number, cells in table.rows:
        problems: list[tuple[str, str]] = []
        code = str(table.value(cells, "kode_rup") or "").strip()
        if isinstance(table.value(cells, "kode_rup"), float):
            code = str(int(table.value(cells, "kode_rup")))
        if not code:
            problems.append(("kode_rup", _("Kode RUP kosong.")))
        elif not code.isdigit() or len(code) > 20:
            problems.append(("kode_rup", _("Kode RUP harus berupa angka (paling banyak 20 digit).")))
        elif code in seen:
            problems.append(("kode_rup", _("Kode RUP %(code)s sudah ada di baris %(row)s.")
                             % {"code": code, "row": seen[code]}))
        else:
            seen[code] = number
        agency, agency_problem = (None, _("OPD kosong.")) if not table.value(cells, "opd") else \
            agencies.find(table.value(cells, "opd"))
        if agency_problem:
            problems.append(("opd", agency_problem))
        name = str(table.value(cells, "nama_paket") or "").strip()
        if not name:
            problems.append(("nama_paket", _("Nama paket kosong.")))
        pagu = 0
        try:
            pagu = parse_rupiah(table.value(cells, "pagu"))
            if pagu < 0:
                problems.append(("pagu", _("Pagu tidak boleh negatif.")))
        except (TypeError, ValueError) as error:
            problems.append(("pagu", str(error)))
        flags = {}
        for column, label in (("pdn", _("Produk Dalam Negeri")), ("umk", _("Usaha Kecil/Koperasi"))):
            flags[column] = _flag(table.value(cells, column))
            if flags[column] is None:
                problems.append((column, _("Isi kolom %(label)s dengan Ya atau Tidak.") % {"label": label}))
        raw_year = table.value(cells, "tahun")
        if raw_year not in (None, ""):
            try:
                row_year = int(float(raw_year))
            except (TypeError, ValueError):
                row_year = None
            if row_year != year:
                problems.append(("tahun", _("Tahun anggaran baris ini (%(found)s) berbeda dengan tahun impor "
                                            "(%(year)s).") % {"found": raw_year, "year": year}))
        category = None
        raw_category = table.value(cells, "kategori")
        if raw_category:
            category = categories.named(raw_category)
            if category is None:
                problems.append(("kategori", _("Kategori “%(name)s” tidak ada di katalog.") % {"name": raw_category}))
        elif name:
            category = categories.guess(name)
        for column, message in problems:
            parsed.errors.append({"row": number, "column": column, "message": str(message)})
        if not problems:
            parsed.rows.append(ParsedRow(
                row=number, rup_code=code, agency=agency, name=name[:500], pagu=pagu,
                method=str(table.value(cells, "metode") or "")[:100], is_pdn=flags["pdn"], is_umk=flags["umk"],
                category=category,
            ))
    return parsed
